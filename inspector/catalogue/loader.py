"""Load and validate catalogue files. A broken entry is an error naming file and entry."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector.catalogue.model import (
    Catalogue,
    CookieRule,
    Organization,
    Pattern,
    Rank,
    Service,
)
from inspector.errors import CatalogueError
from inspector.i18n import _
from inspector.purposes import Purpose
from inspector.resources import resource

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PURPOSES = {p.value for p in Purpose if p is not Purpose.UNKNOWN}


@dataclass
class _Document:
    """One parsed file: its raw tables and where it came from."""

    name: str
    data: Mapping[str, Any]
    rank: Rank
    source: str


@dataclass
class _Builder:
    organizations: dict[str, Organization] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    rules: list[CookieRule] = field(default_factory=list)
    rule_ids: set[str] = field(default_factory=set)
    version: str = "unknown"


def _fail(document: str, entry: str, problem: str) -> CatalogueError:
    return CatalogueError(
        _("Catalogue file {document}, entry {entry}: {problem}.").format(
            document=document, entry=entry, problem=problem
        ),
        path=document,
        advice=_(
            "Fix or remove that entry (or the whole file, if you added "
            "it), then start Cookie Inspector again."
        ),
    )


def _text(
    doc: _Document, entry: str, table: Mapping[str, Any], key: str, required: bool = False
) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise _fail(doc.name, entry, f"'{key}' must be text")
    if required and not value.strip():
        raise _fail(doc.name, entry, f"'{key}' is missing")
    return value


def _strings(doc: _Document, entry: str, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _fail(doc.name, entry, f"'{key}' must be a list of text")
    return tuple(item.strip().lower().lstrip(".") for item in value)


def _entry_id(
    doc: _Document, kind: str, index: int, table: object
) -> tuple[str, Mapping[str, Any]]:
    if not isinstance(table, dict):
        raise _fail(doc.name, f"{kind} #{index + 1}", "is not a table")
    entry_id = table.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        raise _fail(
            doc.name,
            f"{kind} #{index + 1}",
            "needs an 'id' of lowercase letters, digits and dashes",
        )
    return entry_id, table


def _purpose(doc: _Document, entry: str, value: object, optional: bool = False) -> Purpose | None:
    if value is None and optional:
        return None
    if value not in _PURPOSES:
        allowed = ", ".join(sorted(_PURPOSES))
        raise _fail(doc.name, entry, f"purpose {value!r} is not one of {allowed}")
    return Purpose(str(value))


def _regex(doc: _Document, entry: str, value: object) -> Pattern | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(doc.name, entry, "a pattern must be text")
    try:
        return Pattern(value, 0, re.compile(value))
    except re.error as error:
        raise _fail(
            doc.name, entry, f"pattern {value!r} is not a valid expression ({error})"
        ) from None


def consent_platforms() -> frozenset[str]:
    """The consent platforms a rule may name: those the consent decoders know (imported
    only when a catalogue is read from its sources, not from its compiled form)."""
    from inspector.consent.platform_base import PLATFORM_NAMES

    return frozenset(PLATFORM_NAMES)


def _add_organizations(builder: _Builder, doc: _Document) -> None:
    for index, raw in enumerate(doc.data.get("organization", [])):
        entry_id, table = _entry_id(doc, "organization", index, raw)
        entry = f"organization '{entry_id}'"
        if entry_id in builder.organizations and doc.rank is Rank.BUNDLED:
            raise _fail(doc.name, entry, "is defined twice")
        if entry_id in builder.organizations and doc.rank is Rank.IMPORTED:
            continue  # an imported entry never replaces one we already have
        builder.organizations[entry_id] = Organization(
            id=entry_id,
            name=_text(doc, entry, table, "name", required=True),
            country=_text(doc, entry, table, "country"),
            privacy_policy=_text(doc, entry, table, "privacy_policy"),
            opt_out=_text(doc, entry, table, "opt_out"),
            domains=_strings(doc, entry, table, "domains"),
            data_categories=tuple(_strings_raw(doc, entry, table, "data_categories")),
            default_purpose=_purpose(doc, entry, table.get("default_purpose"), optional=True),
            source=doc.source,
            eu_name=_text(doc, entry, table, "eu_name"),
            eu_country=_text(doc, entry, table, "eu_country"),
        )


def _strings_raw(doc: _Document, entry: str, table: Mapping[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _fail(doc.name, entry, f"'{key}' must be a list of text")
    return list(value)


def _add_services(builder: _Builder, doc: _Document) -> None:
    for index, raw in enumerate(doc.data.get("service", [])):
        entry_id, table = _entry_id(doc, "service", index, raw)
        entry = f"service '{entry_id}'"
        if entry_id in builder.services:
            if doc.rank is Rank.BUNDLED:
                raise _fail(doc.name, entry, "is defined twice")
            if doc.rank is Rank.IMPORTED:
                continue
        org_id = table.get("organization")
        organization = None
        if org_id is not None:
            organization = builder.organizations.get(str(org_id))
            if organization is None:
                raise _fail(doc.name, entry, f"names organization {org_id!r}, which is not defined")
        builder.services[entry_id] = Service(
            id=entry_id,
            name=_text(doc, entry, table, "name", required=True),
            organization=organization,
            purpose=_purpose(doc, entry, table.get("purpose")) or Purpose.UNKNOWN,
            domains=_strings(doc, entry, table, "domains"),
            description=_text(doc, entry, table, "description"),
            source=doc.source,
            opt_out=_text(doc, entry, table, "opt_out"),
        )


def _add_cookies(builder: _Builder, doc: _Document) -> None:
    for index, raw in enumerate(doc.data.get("cookie", [])):
        entry_id, table = _entry_id(doc, "cookie", index, raw)
        entry = f"cookie '{entry_id}'"
        if entry_id in builder.rule_ids and doc.rank is Rank.BUNDLED:
            raise _fail(doc.name, entry, "is defined twice")
        builder.rule_ids.add(entry_id)
        builder.rules.append(_rule(builder, doc, entry_id, entry, table))


def _rule(
    builder: _Builder, doc: _Document, entry_id: str, entry: str, table: Mapping[str, Any]
) -> CookieRule:
    service = builder.services.get(str(table.get("service")))
    if service is None:
        named = table.get("service")
        raise _fail(doc.name, entry, f"names service {named!r}, which is not defined")
    name, prefix = table.get("name"), table.get("prefix")
    if (name is None) == (prefix is None):
        raise _fail(doc.name, entry, "needs exactly one of 'name' and 'prefix'")
    if not isinstance(name or prefix, str) or not (name or prefix):
        raise _fail(doc.name, entry, "'name' or 'prefix' must be non-empty text")
    if table.get("pattern") is not None and prefix is None:
        raise _fail(doc.name, entry, "'pattern' needs a 'prefix'")
    platform = table.get("consent_platform")
    if platform is not None and platform not in consent_platforms():
        raise _fail(doc.name, entry, f"consent_platform {platform!r} is not known")
    lifetime = table.get("lifetime_days")
    if lifetime is not None and (not isinstance(lifetime, int) or lifetime < 0):
        raise _fail(doc.name, entry, "'lifetime_days' must be a whole number of days, 0 or more")
    domains = _strings(doc, entry, table, "domains")
    first_party = table.get("first_party", False)
    if not isinstance(first_party, bool):
        raise _fail(doc.name, entry, "'first_party' must be true or false")
    return CookieRule(
        id=entry_id,
        service=service,
        purpose=_purpose(doc, entry, table.get("purpose"), optional=True) or service.purpose,
        name=name,
        prefix=prefix,
        pattern=_regex(doc, entry, table.get("pattern")),
        domains=frozenset(domains) if domains else None,
        first_party=first_party,
        lifetime_days=lifetime,
        description=_text(doc, entry, table, "description"),
        consent_platform=platform,
        value_pattern=_regex(doc, entry, table.get("value_pattern")),
        data=tuple(_strings_raw(doc, entry, table, "data")),
        rank=doc.rank,
        source=doc.source,
        derived_from=_derived_from(doc),
    )


def _derived_from(doc: _Document) -> str:
    derived = doc.data.get("derived")
    if doc.rank is Rank.BUNDLED and isinstance(derived, dict):
        return str(derived.get("from", ""))
    return ""


def _read_toml(name: str, text: str, rank: Rank, source: str) -> _Document:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(
            _("Catalogue file {name} is not valid TOML ({error}).").format(name=name, error=error),
            path=name,
            advice=_("Fix the file or remove it, then start again."),
        ) from None
    return _Document(name, data, rank, source)


def bundled_documents() -> list[_Document]:
    folder = resource("catalogue")
    docs = []
    for node in sorted(folder.iterdir(), key=lambda n: n.name):
        if node.name.endswith(".toml"):
            docs.append(
                _read_toml(
                    f"resources/catalogue/{node.name}",
                    node.read_text("utf-8"),
                    Rank.BUNDLED,
                    "bundled",
                )
            )
    return docs


def user_documents(data_dir: Path | None) -> list[_Document]:
    """The person's overlay (``catalogue-overlay.toml``) and imported catalogues (JSON)."""
    if data_dir is None:
        return []
    docs = []
    overlay = data_dir / "catalogue-overlay.toml"
    if overlay.is_file():
        docs.append(_read_toml(str(overlay), overlay.read_text("utf-8"), Rank.OVERLAY, "overlay"))
    imported = data_dir / "imported"
    if imported.is_dir():
        for path in sorted(imported.glob("*.json")):
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError) as error:
                raise CatalogueError(
                    _("Imported catalogue {path} cannot be read ({error}).").format(
                        path=path, error=error
                    ),
                    path=path,
                    advice=_("Import the file again or delete it."),
                ) from None
            label = str(data.get("label", path.stem)) if isinstance(data, dict) else path.stem
            docs.append(
                _Document(
                    str(path),
                    data if isinstance(data, dict) else {},
                    Rank.IMPORTED,
                    f"imported: {label}",
                )
            )
    return docs


def build(documents: Iterable[_Document]) -> Catalogue:
    documents = list(documents)
    builder = _Builder()
    # organisations first across all files, then services, then cookies: files may refer
    # to each other in any order
    ordered = sorted(documents, key=lambda d: d.rank != Rank.BUNDLED)
    for step in (_add_organizations, _add_services, _add_cookies):
        for doc in ordered:
            step(builder, doc)
    for doc in documents:
        meta = doc.data.get("catalogue")
        if doc.rank is Rank.BUNDLED and isinstance(meta, dict) and "version" in meta:
            builder.version = str(meta["version"])
    return Catalogue(
        builder.version,
        builder.organizations,
        builder.services,
        tuple(builder.rules),
        tuple(sorted({d.source for d in documents})),
    )


def load_catalogue(data_dir: Path | None = None) -> Catalogue:
    """See inspector.catalogue.load_catalogue."""
    from inspector.catalogue import load_catalogue as load

    return load(data_dir)
