"""Import community catalogues the person picks: Open Cookie Database (CSV or JSON), Ghostery
TrackerDB (JSON) and Disconnect (``services.json``).

They are converted into our own catalogue layout and saved as one JSON file in the person's
data folder, where they rank below the bundled catalogue and are marked as imported. Nothing
is fetched from the network and no community file is shipped with the program.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector.atomic import write_atomically
from inspector.catalogue import import_checks
from inspector.catalogue.consent_names import ConsentNames
from inspector.catalogue.model import Catalogue
from inspector.catalogue.names import is_generic
from inspector.errors import CatalogueError
from inspector.i18n import _
from inspector.psl import registrable_domain

_SOCIAL_HINTS = (
    "facebook",
    "meta",
    "twitter",
    "linkedin",
    "instagram",
    "tiktok",
    "pinterest",
    "youtube",
    "vimeo",
    "snapchat",
    "reddit",
    "disqus",
    "addthis",
    "sharethis",
)
_CONSENT_NAME = re.compile(r"(?i)consent|cookielaw|optanon|cmplz|didomi|cookieyes|borlabs")

_PATTERNS = ConsentNames(Catalogue("patterns"))

OCD_CATEGORIES = {
    "functional": "requested_service",
    "personalization": "requested_service",
    "security": "communication",
    "necessary": "communication",
    "analytics": "analytics",
    "marketing": "advertising",
}
GHOSTERY_CATEGORIES = {
    "advertising": "advertising",
    "pornvertising": "advertising",
    "site_analytics": "analytics",
    "social_media": "interactive",
    "audio_video_player": "interactive",
    "comments": "interactive",
    "consent": "consent",
    "customer_interaction": "requested_service",
    "essential": "communication",
    "hosting": "communication",
    "cdn": "communication",
    "utilities": "requested_service",
}
DISCONNECT_CATEGORIES = {
    "Advertising": "advertising",
    "Analytics": "analytics",
    "Social": "interactive",
    "Content": "interactive",
    "ConsentManagers": "consent",
    "Anti-fraud": "communication",
}
LICENCES = {
    "ocd": "Open Cookie Database — Apache License 2.0",
    "ghostery": "Ghostery TrackerDB — CC BY-NC-SA 4.0 (non-commercial use only)",
    "disconnect": "Disconnect tracking protection — CC BY-NC-SA 4.0 (non-commercial use only)",
}


@dataclass
class _Collected:
    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    cookies: list[dict[str, Any]] = field(default_factory=list)

    def organization(self, prefix: str, name: str, **extra: Any) -> str:
        org_id = f"{prefix}-org-{slug(name)}"
        entry = self.organizations.setdefault(org_id, {"id": org_id, "name": name.strip()})
        for key, value in extra.items():
            if value and key not in entry:
                entry[key] = value
        return org_id

    def service(
        self,
        prefix: str,
        name: str,
        organization: str | None,
        purpose: str,
        domains: Iterable[str] = (),
    ) -> str:
        service_id = f"{prefix}-svc-{slug(name)}"
        entry = self.services.setdefault(
            service_id, {"id": service_id, "name": name.strip(), "purpose": purpose}
        )
        if organization:
            entry.setdefault("organization", organization)
        listed = set(entry.get("domains", []))
        entry["domains"] = sorted(listed | {d for d in domains if _is_domain(d)})
        return service_id


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value[:60] or "unnamed"


def _is_domain(text: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", text.strip().lower()))


def detect_format(path: Path, data: bytes) -> str:
    text = data.lstrip(b"\xef\xbb\xbf").lstrip()
    looks_like_csv = text.startswith(b"ID,") or b"Cookie / Data Key" in text[:500]
    if path.suffix.lower() == ".csv" or looks_like_csv:
        return "ocd-csv"
    try:
        document = json.loads(text)
    except ValueError:
        raise _unknown(path) from None
    if isinstance(document, dict):
        if "patterns" in document and "organizations" in document:
            return "ghostery"
        if "categories" in document and isinstance(document["categories"], dict):
            return "disconnect"
        values = list(document.values())
        if values and all(isinstance(v, list) for v in values):
            return "ocd-json"
    raise _unknown(path)


def _unknown(path: Path) -> CatalogueError:
    return CatalogueError(
        _("{path} is not a catalogue format Cookie Inspector can import.").format(path=path),
        path=path,
        advice=_(
            "Import an Open Cookie Database CSV or JSON file, a Ghostery "
            "TrackerDB JSON file (trackerdb.json) or Disconnect's "
            "services.json."
        ),
    )


def _ocd_purpose(category: str, name: str, platform: str) -> str:
    if _CONSENT_NAME.search(name) or _PATTERNS.platform(name, None) is not None:
        return "consent"
    purpose = OCD_CATEGORIES.get(category.strip().lower(), "")
    if purpose == "advertising" and any(h in platform.lower() for h in _SOCIAL_HINTS):
        return "interactive"
    return purpose


def ocd_domains(text: str) -> list[str]:
    """The registrable domains written in an OCD ``Domain`` cell: ``doubleclick.net (3rd
    party)``, ``.example.com``, ``*.hotjar.com``, several separated by commas or spaces.
    Empty when the cookie is set under the visited site itself."""
    cleaned = re.sub(r"\([^)]*\)", " ", text.lower())
    found = []
    for part in re.split(r"[\s,;|]+", cleaned):
        part = part.strip().lstrip("*.").rstrip(".")
        part = re.sub(r"^[a-z]+://", "", part).split("/", 1)[0]
        if _is_domain(part):
            site = registrable_domain(part)
            if site not in found:
                found.append(site)
    return found


def _ocd_rows(rows: Iterable[Mapping[str, str]], collected: _Collected) -> None:
    for index, row in enumerate(rows):
        name = (row.get("name") or "").strip()
        platform = (row.get("platform") or "").strip() or "Unknown platform"
        purpose = _ocd_purpose(row.get("category") or "", name, platform)
        if not name or not purpose:
            continue
        controller = (row.get("controller") or platform).strip()
        org = collected.organization("ocd", controller, privacy_policy=row.get("privacy", ""))
        # one service per platform and controller: a platform name shared by several
        # controllers ("Unknown platform") must not hand them all to the first one
        service = collected.service("ocd", f"{platform} ({controller})", org, purpose)
        collected.services[service]["name"] = platform
        wildcard = (row.get("wildcard") or "0").strip() in ("1", "true", "True")
        domains = ocd_domains(row.get("domain") or "")
        entry: dict[str, Any] = {
            "id": f"ocd-{index}-{slug(name)}",
            "service": service,
            "purpose": purpose,
            "description": (row.get("description") or "").strip(),
        }
        entry["prefix" if wildcard else "name"] = name
        if domains:
            # the vendor's own domain: the name says "this vendor" only there
            entry["domains"] = domains
        elif is_generic(name):
            continue  # a common name with no domain would misfire on every other site
        else:
            entry["first_party"] = True  # the vendor's script writes it under the site
        collected.cookies.append(entry)


def _ocd_csv(data: bytes, collected: _Collected) -> None:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
    keys = {
        "Platform": "platform",
        "Category": "category",
        "Cookie / Data Key name": "name",
        "Domain": "domain",
        "Description": "description",
        "Data Controller": "controller",
        "User Privacy & GDPR Rights Portals": "privacy",
        "Wildcard match": "wildcard",
    }
    _ocd_rows(({keys.get(k, k): v for k, v in row.items() if k} for row in reader), collected)


def _ocd_json(document: Mapping[str, Any], collected: _Collected) -> None:
    """The JSON groups entries under their platform's name: the key is the platform."""
    rows = []
    for platform, entries in document.items():
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict):
                rows.append(
                    {
                        "platform": str(entry.get("platform") or platform),
                        "category": str(entry.get("category", "")),
                        "name": str(entry.get("cookie", "")),
                        "domain": str(entry.get("domain", "")),
                        "description": str(entry.get("description", "")),
                        "controller": str(entry.get("dataController", "")),
                        "privacy": str(entry.get("privacyLink", "")),
                        "wildcard": str(entry.get("wildcardMatch", "0")),
                    }
                )
    _ocd_rows(rows, collected)


def _ghostery(document: Mapping[str, Any], collected: _Collected) -> None:
    organizations = document.get("organizations") or {}
    for key, pattern in (document.get("patterns") or {}).items():
        if not isinstance(pattern, dict):
            continue
        purpose = GHOSTERY_CATEGORIES.get(str(pattern.get("category", "")))
        if not purpose:
            continue
        org_key = pattern.get("organization")
        org_data = organizations.get(org_key) if isinstance(organizations, dict) else None
        org = None
        if isinstance(org_data, dict) and org_data.get("name"):
            org = collected.organization(
                "ghostery",
                str(org_data["name"]),
                country=str(org_data.get("country") or ""),
                privacy_policy=str(org_data.get("privacy_policy_url") or ""),
            )
        domains = [str(d).lower() for d in pattern.get("domains") or [] if isinstance(d, str)]
        collected.service("ghostery", str(pattern.get("name") or key), org, purpose, domains)


def _disconnect(document: Mapping[str, Any], collected: _Collected) -> None:
    for category, entries in (document.get("categories") or {}).items():
        purpose = DISCONNECT_CATEGORIES.get(str(category))
        if not purpose or not isinstance(entries, list):
            continue
        for entry in entries:
            for org_name, sites in entry.items() if isinstance(entry, dict) else []:
                if not isinstance(sites, dict):
                    continue
                org = collected.organization("disconnect", str(org_name))
                domains = [
                    str(d).lower()
                    for urls in sites.values()
                    if isinstance(urls, list)
                    for d in urls
                    if isinstance(d, str)
                ]
                collected.service("disconnect", f"{org_name} ({category})", org, purpose, domains)


def convert(path: Path) -> dict[str, Any]:
    """Read a community file and return it in our layout (not yet saved)."""
    data = import_checks.read_source(path)
    kind = detect_format(path, data)
    collected = _Collected()
    if kind == "ocd-csv":
        _ocd_csv(data, collected)
    else:
        document = json.loads(data.lstrip(b"\xef\xbb\xbf"))
        import_checks.check_structure(path, kind, document)
        {"ocd-json": _ocd_json, "ghostery": _ghostery, "disconnect": _disconnect}[kind](
            document, collected
        )
    family = kind.split("-")[0]
    return {
        "label": f"{LICENCES[family].split(' — ')[0]} ({path.name})",
        "licence": LICENCES[family],
        "format": kind,
        "source_file": path.name,
        "imported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "organization": list(collected.organizations.values()),
        "service": list(collected.services.values()),
        "cookie": collected.cookies,
    }


def import_file(path: Path, imported_dir: Path) -> tuple[Path, dict[str, Any]]:
    """Convert, check (size, and loading exactly as later runs will) and only then save
    atomically; returns the saved file and its content."""
    document = import_checks.converted(path, convert)
    if not (document["service"] or document["cookie"]):
        raise CatalogueError(
            _("{path} holds no entries Cookie Inspector can use.").format(path=path),
            path=path,
            advice=_("Check that this is the complete file."),
        )
    import_checks.check_size(path, document)
    import_checks.check_text(path, document)
    import_checks.check_with_loader(path, document, import_checks.read_source(path))
    imported_dir.mkdir(parents=True, exist_ok=True)
    target = imported_dir / f"{document['format']}-{slug(path.stem)}.json"
    write_atomically(target, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return target, document
