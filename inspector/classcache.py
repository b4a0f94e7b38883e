"""What the classifier learnt about hosts and cookie names, kept between runs.

Most of a first scan's classification time goes into facts that do not change from one run
to the next: a host's registrable domain (Public Suffix List) and the catalogue's owner of
it, and the attribution of a cookie name on a kind of site (catalogue rules, consent names,
heuristics). They are saved after a scan to ``<data folder>/cache/classification`` and
loaded before the next one. The file is tied to everything that decides those answers — the
program version, the catalogue files (overlay and imports included), the heuristics, the
Public Suffix List, the classifier's own source — and is ignored when any of them differs.
It holds host and cookie names (never values), so it is readable by its owner only.

``marshal`` keeps it fast to read and cannot run code when it is read.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from typing import Any

from inspector import __version__
from inspector.classify import Attribution, Classifier, Confidence, Place
from inspector.paths import UnsafePathError, private_folder, read_private, write_private
from inspector.purposes import Purpose
from inspector.resources import resource

FILE_NAME = "classification"
MAX_ENTRIES = 2_000_000  # beyond this the file would cost more to read than it saves
_SOURCES = (
    "inspector.classify",
    "inspector.catalogue.matcher",
    "inspector.catalogue.consent_names",
    "inspector.heuristics",
    "inspector.psl",
    "inspector.consent.decode",
)

# attribution as plain data: organisation id, service id, purpose, confidence, rule text,
# index of the catalogue rule, index of the heuristic, consent platform
Encoded = tuple[str | None, str | None, str, str, str | None, int, int, str | None]


def cache_file(data_dir: Path) -> Path:
    return data_dir / "cache" / FILE_NAME


def fingerprint(data_dir: Path) -> str:
    """Everything that decides the cached answers, as one digest: the files the catalogue,
    the heuristics and the consent names are read from (the person's overlay and imports
    too), the classifier's own source, the Public Suffix List and the program version."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__, sys.version, repr(Attribution._fields), repr(Place._fields)):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(_psl_version().encode("utf-8") + b"\0")
    files: list[Any] = []
    for folder in ("catalogue", "consent"):
        files.extend(sorted(_walk(resource(folder)), key=str))
    files.append(resource("heuristics.toml"))
    files.append(data_dir / "catalogue-overlay.toml")
    imported = data_dir / "imported"
    if imported.is_dir():
        files.extend(sorted(imported.iterdir()))
    for module_name in _SOURCES:
        source = getattr(sys.modules.get(module_name), "__file__", None)
        if source:  # a frozen build has none: the program version stands for it
            files.append(Path(source))
    for file in files:
        digest.update(str(file).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()


def _walk(folder: Any) -> list[Any]:
    found = []
    for entry in folder.iterdir():
        if entry.is_dir():
            found.extend(_walk(entry))
        elif entry.is_file():
            found.append(entry)
    return found


def _psl_version() -> str:
    try:
        import publicsuffixlist

        return str(getattr(publicsuffixlist, "__version__", ""))
    except ImportError:  # pragma: no cover - a dependency
        return ""


def load(classifier: Classifier, data_dir: Path) -> int:
    """Teach ``classifier`` what an earlier run learnt; returns how many facts were taken
    (0 when there is no usable file: a missing, stale or unreadable one is ignored)."""
    try:
        saved = marshal.loads(read_private(cache_file(data_dir)))
        key, hosts, attributions = saved
        if key != fingerprint(data_dir):
            return 0
        classifier.remember_hosts(_owners(classifier, hosts))
        classifier.remember_attributions(_attributions(classifier, attributions))
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, UnsafePathError):
        return 0
    classifier.remembered = len(hosts) + len(attributions)
    return classifier.remembered


def save(classifier: Classifier, data_dir: Path) -> None:
    """Keep what ``classifier`` learnt for the next run (best effort: a failure to write
    only costs the next run its head start)."""
    known = classifier.known_hosts()
    attributions = [
        (name, site_key, owner.domain if owner else None, attribution)
        for (name, site_key, owner, value), attribution in classifier.known_attributions()
        if value is None  # values never leave memory
    ]
    if len(known) + len(attributions) == classifier.remembered:
        return  # nothing new since the file was read
    hosts = {host: (site, owner.domain if owner else None) for host, (site, owner) in known.items()}
    if len(hosts) + len(attributions) > MAX_ENTRIES:
        return
    encoded = [(name, key, owner, _encode(classifier, a)) for name, key, owner, a in attributions]
    data = marshal.dumps((fingerprint(data_dir), hosts, encoded))
    target = cache_file(data_dir)
    try:
        # Our own private folders and file, refusing links planted by someone else.
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        for folder in (data_dir, target.parent):
            private_folder(folder)
        write_private(target, data)
    except (OSError, UnsafePathError):
        pass


def _owners(classifier: Classifier, hosts: dict[str, Any]) -> dict[str, Any]:
    owners = classifier.matcher.owners
    return {
        host: (site, owners[domain] if domain is not None else None)
        for host, (site, domain) in hosts.items()
    }


def _encode(classifier: Classifier, attribution: Attribution) -> Encoded:
    rules = _rule_indexes(classifier)
    heuristics = {id(h): index for index, h in enumerate(classifier.heuristics._entries)}
    organization, service = attribution.organization, attribution.service
    return (
        organization.id if organization else None,
        service.id if service else None,
        attribution.purpose.value,
        attribution.confidence.value,
        attribution.rule,
        rules[id(attribution.rule_entry)] if attribution.rule_entry is not None else -1,
        heuristics[id(attribution.heuristic)] if attribution.heuristic is not None else -1,
        attribution.consent_platform,
    )


def _rule_indexes(classifier: Classifier) -> dict[int, int]:
    found: dict[int, int] | None = getattr(classifier, "_rule_indexes", None)
    if found is None:
        found = {id(rule): index for index, rule in enumerate(classifier.catalogue.rules)}
        classifier._rule_indexes = found  # type: ignore[attr-defined]
    return found


def _attributions(
    classifier: Classifier, saved: list[tuple[str, str, str | None, Encoded]]
) -> dict[tuple[str, str, Any, str | None], Attribution]:
    catalogue, owners = classifier.catalogue, classifier.matcher.owners
    heuristics = classifier.heuristics._entries
    result: dict[tuple[str, str, Any, str | None], Attribution] = {}
    for name, site_key, domain, encoded in saved:
        organization_id, service_id, purpose, confidence, rule, rule_index, heuristic, platform = (
            encoded
        )
        owner = owners[domain] if domain is not None else None
        result[(name, site_key, owner, None)] = Attribution(
            catalogue.organizations[organization_id] if organization_id is not None else None,
            catalogue.services[service_id] if service_id is not None else None,
            Purpose(purpose),
            Confidence(confidence),
            rule,
            catalogue.rules[rule_index] if rule_index >= 0 else None,
            heuristics[heuristic] if heuristic >= 0 else None,
            platform,
        )
    return result
