"""The catalogue compiled: parsed and checked once, then kept between runs.

Reading the catalogue's TOML files and checking their thousands of entries costs most of a
command's start. Once built, the catalogue is written as plain data to
``<data folder>/cache/catalogue`` (inspector.cachefile: marshal, a private file) and the next
run rebuilds the same objects from it directly. The file is keyed by the bundled catalogue
files and the modules that read them (by their stat: they change only with the program),
the person's overlay and imported catalogues (read whole) and the program version; when
any of them differs, or the file cannot be read, the catalogue is read from its sources
again — and a broken overlay is reported exactly as before, since nothing is kept for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspector import cachefile
from inspector.catalogue.model import (
    Catalogue,
    CookieRule,
    Organization,
    Pattern,
    Rank,
    Service,
)
from inspector.purposes import Purpose
from inspector.resources import resource
from inspector.speed import collection_paused

NAME = "catalogue"
FORMAT = "catalogue-1"  # change it with the layout below

_PURPOSES = {purpose.value: purpose for purpose in Purpose}
_RANKS = {rank.value: rank for rank in Rank}


def load(data_dir: Path) -> Catalogue:
    """The bundled catalogue with the person's overlay and imports, from the compiled file
    when it is still current."""
    from inspector.catalogue.loader import build, bundled_documents, user_documents

    key = cache_key(data_dir)
    with collection_paused():  # many objects, no cycles: see inspector.speed
        kept = cachefile.read(data_dir, NAME, key)
        if kept is not None:
            try:
                return decode(kept)
            except (KeyError, IndexError, TypeError, ValueError):
                pass  # not ours after all: read the sources
        catalogue = build([*bundled_documents(), *user_documents(data_dir)])
        cachefile.write(data_dir, NAME, key, encode(catalogue))
    return catalogue


def cache_key(data_dir: Path) -> cachefile.Key:
    """Everything the catalogue is made from (see the module's docstring)."""
    bundled = sorted(
        (node for node in resource("catalogue").iterdir() if node.name.endswith(".toml")),
        key=lambda node: node.name,
    )
    sources = cachefile.source_files(
        "catalogue/loader.py",
        "catalogue/model.py",
        "catalogue/compiled.py",
        "consent/platform_base.py",  # the consent platforms a rule may name
    )
    return cachefile.make_key((FORMAT,), [*bundled, *sources], user_files(data_dir))


def user_files(data_dir: Path) -> list[Path]:
    """The person's catalogue files: the overlay and every imported catalogue."""
    files = [data_dir / "catalogue-overlay.toml"]
    imported = data_dir / "imported"
    if imported.is_dir():
        files.extend(sorted(imported.glob("*.json")))
    return files


def encode(catalogue: Catalogue) -> tuple[Any, ...]:
    """The catalogue as plain data (strings, numbers, tuples): what marshal can write."""
    organizations = tuple(
        (
            o.id,
            o.name,
            o.country,
            o.privacy_policy,
            o.opt_out,
            o.domains,
            o.data_categories,
            o.default_purpose.value if o.default_purpose is not None else None,
            o.source,
            o.eu_name,
            o.eu_country,
        )
        for o in catalogue.organizations.values()
    )
    services = tuple(
        (
            s.id,
            s.name,
            s.organization.id if s.organization is not None else None,
            s.purpose.value,
            s.domains,
            s.description,
            s.source,
            s.opt_out,
        )
        for s in catalogue.services.values()
    )
    rules = tuple(
        (
            r.id,
            r.service.id,
            r.purpose.value,
            r.name,
            r.prefix,
            _pattern(r.pattern),
            tuple(sorted(r.domains)) if r.domains is not None else None,
            r.first_party,
            r.lifetime_days,
            r.description,
            r.consent_platform,
            _pattern(r.value_pattern),
            r.data,
            r.rank.value,
            r.source,
            r.derived_from,
        )
        for r in catalogue.rules
    )
    return (catalogue.version, organizations, services, rules, catalogue.sources)


def _pattern(pattern: Pattern | None) -> tuple[str, int] | None:
    return None if pattern is None else (pattern.pattern, pattern.flags)


def _compile(pattern: tuple[str, int] | None) -> Pattern | None:
    """Checked when the catalogue was read from its sources; compiled when first used."""
    return None if pattern is None else Pattern(*pattern)


def decode(data: Any) -> Catalogue:
    """The catalogue ``encode`` wrote: equal to the one read from the sources, with the same
    objects shared (a service's organisation is that organisation)."""
    version, raw_organizations, raw_services, raw_rules, sources = data
    purposes = _PURPOSES
    organizations: dict[str, Organization] = {}
    for (
        org_id,
        name,
        country,
        privacy_policy,
        opt_out,
        domains,
        data_categories,
        default_purpose,
        source,
        eu_name,
        eu_country,
    ) in raw_organizations:
        organizations[org_id] = Organization(
            org_id,
            name,
            country,
            privacy_policy,
            opt_out,
            domains,
            data_categories,
            purposes[default_purpose] if default_purpose is not None else None,
            source,
            eu_name,
            eu_country,
        )
    services: dict[str, Service] = {}
    for service_id, name, org_id, purpose, domains, description, source, opt_out in raw_services:
        services[service_id] = Service(
            service_id,
            name,
            organizations[org_id] if org_id is not None else None,
            purposes[purpose],
            domains,
            description,
            source,
            opt_out,
        )
    ranks = _RANKS
    rules = tuple(
        [
            CookieRule(
                rule_id,
                services[service_id],
                purposes[purpose],
                name,
                prefix,
                _compile(pattern),
                frozenset(domains) if domains is not None else None,
                first_party,
                lifetime_days,
                description,
                consent_platform,
                _compile(value_pattern),
                data,
                ranks[rank],
                source,
                derived_from,
            )
            for (
                rule_id,
                service_id,
                purpose,
                name,
                prefix,
                pattern,
                domains,
                first_party,
                lifetime_days,
                description,
                consent_platform,
                value_pattern,
                data,
                rank,
                source,
                derived_from,
            ) in raw_rules
        ]
    )
    return Catalogue(version, organizations, services, rules, tuple(sources))
