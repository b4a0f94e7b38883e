"""Derive ``resources/catalogue/derived-ocd.toml`` from the Open Cookie Database CSV.

    python scripts/derive_ocd.py open-cookie-database.csv --commit 0ee5a17

The Open Cookie Database (https://github.com/jkwakman/Open-Cookie-Database) is licensed
under the Apache License 2.0; its licence is kept in
``resources/catalogue/LICENSE-open-cookie-database.txt``. What is taken are facts — a cookie's
name, whether it is a prefix, the platform and company behind it, its domain, its category and
its retention — never its descriptions: the derived entries carry no text of their own, and
explanations describe them with the project's own sentences, one per purpose
(``[derived]`` in ``resources/explanations.toml``).

Changes made on the way (the "correction layer"):
- names our own catalogue files already know are left out (ours always win);
- consent and opt-out records (by the name patterns of every consent platform we read, or a
  description about cookie choices) become ``consent``, never a tracker;
- social networks' and embeds' "Marketing" cookies become ``interactive``; chat widgets'
  cookies ``requested_service``; security, load balancing and session cookies
  ``communication``;
- a name that is not distinctive (``token``, ``lang``, ``uuid``) is kept only bound to the
  vendor's own domain, and dropped when the list gives none;
- companies are matched to our own organisations where they are the same (so a Microsoft
  cookie is Microsoft Corporation's), otherwise added under the list's name.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.catalogue.consent_names import ConsentNames  # noqa: E402
from inspector.catalogue.importers import OCD_CATEGORIES, ocd_domains, slug  # noqa: E402
from inspector.catalogue.loader import build, bundled_documents  # noqa: E402
from inspector.catalogue.matcher import Matcher  # noqa: E402
from inspector.catalogue.names import is_generic  # noqa: E402

TARGET = ROOT / "resources" / "catalogue" / "derived-ocd.toml"

SOCIAL = re.compile(
    r"(?i)facebook|meta\b|instagram|twitter|\bx\b|linkedin|tiktok|pinterest|youtube|vimeo|"
    r"snapchat|reddit|disqus|addthis|sharethis|addtoany|vkontakte|\bvk\b|spotify|soundcloud|"
    r"tumblr|wistia|dailymotion|twitch|brightcove|jw ?player"
)
CHAT = re.compile(
    r"(?i)intercom|crisp|drift|livechat|zendesk|tawk|olark|freshchat|freshdesk|tidio|"
    r"smartsupp|userlike|purechat|helpscout|gorgias|zopim|liveperson|comm100|chat"
)
NECESSARY_WORDS = re.compile(
    r"(?i)load.?balanc|csrf|forgery|firewall|ddos|bot.?(detect|protect|manage)|captcha|"
    r"security|fraud|sticky session|route requests|server (affinity|instance)|"
    r"session (id|identifier|cookie)|keep.{0,20}session"
)
ANALYTICS_WORDS = re.compile(
    r"(?i)statistic|analytic|heatmap|session recording|a/b|split.?test|experiment"
)
CONSENT_WORDS = re.compile(
    r"(?i)consent|cookie (choice|preference|setting|banner|notice)|opt.?out|"
    r"privacy (choice|preference|setting)"
)
#: OCD company names that are our own organisations under another spelling.
ALIASES = {
    "bing / microsoft": "microsoft",
    "bing": "microsoft",
    "linkedin": "linkedin",
    "facebook": "meta",
    "instagram": "meta",
    "meta": "meta",
    "twitter": "x-corp",
    "x": "x-corp",
    "youtube": "google",
    "doubleclick": "google",
    "alphabet": "google",
    "oracle": "oracle",
    "the trade desk": "the-trade-desk",
    "automattic": "automattic",
    "yahoo": "yahoo",
    "verizon media": "yahoo",
}
UNITS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}


def purpose_of(category: str, name: str, platform: str, description: str) -> str:
    if CONSENT_PATTERNS.platform(name, None) is not None:
        return "consent"
    purpose = OCD_CATEGORIES.get(category.strip().lower(), "")
    if purpose in ("requested_service", "communication") and CONSENT_WORDS.search(description):
        return "consent"
    if purpose == "advertising" and SOCIAL.search(platform):
        return "interactive"
    if CHAT.search(platform) and purpose in ("advertising", "analytics", "requested_service"):
        return "requested_service"
    if purpose == "requested_service":
        if NECESSARY_WORDS.search(description):
            return "communication"
        if ANALYTICS_WORDS.search(description):
            return "analytics"
    return purpose


def lifetime_days(text: str) -> int | None:
    text = text.strip().lower()
    if text.startswith("session"):
        return 0
    match = re.match(r"(\d+)\s*(minute|hour|day|week|month|year)", text)
    if not match:
        return None
    days = int(match.group(1)) * UNITS[match.group(2)]
    return round(days) if days >= 1 else None  # shorter than a day: not a whole day


def leading_word(name: str) -> str:
    """A company's distinctive first word: "The Ozone Project" → "ozone"."""
    words = [w for w in re.split(r"[\s,.(]+", name.lower()) if w and w not in ("the", "a")]
    return words[0] if words else ""


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(toml_string(i) for i in items) + "]"


CONSENT_PATTERNS: ConsentNames


def main() -> None:  # noqa: C901 - a one-off import without a test yet; `catalogue` splits it
    global CONSENT_PATTERNS
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("csv", type=Path, help="open-cookie-database.csv")
    parser.add_argument("--commit", default="unknown", help="the OCD commit it was taken from")
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args()

    ours = build(d for d in bundled_documents() if not d.name.endswith("derived-ocd.toml"))
    CONSENT_PATTERNS = ConsentNames(ours)
    matcher = Matcher(ours)
    first_token = {}
    for org in ours.organizations.values():
        first_token.setdefault(leading_word(org.name), org.id)
    owned = {d for o in ours.organizations.values() for d in o.domains}

    with args.csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))

    organizations: dict[str, dict[str, object]] = {}
    services: dict[str, dict[str, object]] = {}
    service_purposes: dict[str, Counter[str]] = defaultdict(Counter)
    cookies: list[dict[str, object]] = []
    seen_ids: set[str] = set()
    skipped = Counter[str]()
    for row in rows:
        name = row["Cookie / Data Key name"].strip()
        platform = row["Platform"].strip() or "Unknown platform"
        controller = (row["Data Controller"].strip() or platform).strip()
        wildcard = row["Wildcard match"].strip() == "1"
        description = row["Description"]
        domains = ocd_domains(row["Domain"])
        purpose = purpose_of(row["Category"], name, platform, description)
        if not name or not purpose or not re.fullmatch(r"[\x21-\x7e]+", name):
            skipped["no usable name or category"] += 1
            continue
        probe = name + ("x1" if wildcard else "")
        if matcher.rule_for(probe, domains[0] if domains else "example.org") is not None:
            skipped["already in our own catalogue"] += 1
            continue
        if not domains and (is_generic(name) or (wildcard and len(name) < 5)):
            skipped["generic name without the vendor's domain"] += 1
            continue
        key = controller.lower()
        org_id = ALIASES.get(key) or ALIASES.get(platform.lower())
        if org_id not in ours.organizations:
            org_id = first_token.get(leading_word(key)) if len(key) > 3 else None
        if org_id is None:
            org_id = "ocd-" + slug(controller)
            entry = organizations.setdefault(org_id, {"id": org_id, "name": controller})
            new_domains = [d for d in domains if d not in owned]
            if new_domains:
                listed = list(entry.get("domains", []))  # type: ignore[call-overload]
                entry["domains"] = sorted(set(listed) | set(new_domains))
            if row["User Privacy & GDPR Rights Portals"].startswith("http"):
                entry.setdefault("privacy_policy", row["User Privacy & GDPR Rights Portals"])
        service_id = "ocd-" + slug(f"{platform}-{org_id}")
        services.setdefault(
            service_id, {"id": service_id, "name": platform, "organization": org_id}
        )
        service_purposes[service_id][purpose] += 1
        rule_id = "ocd-" + slug(f"{platform}-{name}")
        while rule_id in seen_ids:
            rule_id += "-2"
        seen_ids.add(rule_id)
        cookie: dict[str, object] = {"id": rule_id, "service": service_id}
        cookie["prefix" if wildcard else "name"] = name
        if domains:
            cookie["domains"] = domains
        else:
            cookie["first_party"] = True
        cookie["purpose"] = purpose
        days = lifetime_days(row["Retention period"])
        if days is not None:
            cookie["lifetime_days"] = days
        if purpose == "consent":
            cookie["consent_platform"] = "other"
        cookies.append(cookie)

    for service_id, counts in service_purposes.items():
        services[service_id]["purpose"] = counts.most_common(1)[0][0]
    write(args.output, args.commit, organizations, services, cookies)
    print(f"{len(cookies)} cookies, {len(services)} services, {len(organizations)} new companies")
    for reason, count in skipped.most_common():
        print(f"  left out: {count} ({reason})")


def write(
    path: Path,
    commit: str,
    organizations: dict[str, dict[str, object]],
    services: dict[str, dict[str, object]],
    cookies: list[dict[str, object]],
) -> None:
    lines = [
        "# Derived from the Open Cookie Database",
        f"# (https://github.com/jkwakman/Open-Cookie-Database, commit {commit}),",
        "# Apache License 2.0 (LICENSE-open-cookie-database.txt beside this file),",
        "# by scripts/derive_ocd.py: facts only (names, companies, domains, categories,",
        "# retention), corrected as that script describes; no descriptions are taken.",
        "# Do not edit by hand: correct an entry in one of our own files, which always win.",
        "",
        "[derived]",
        'from = "Open Cookie Database"',
        'licence = "Apache-2.0"',
        f"commit = {toml_string(commit)}",
        "",
    ]
    for org in sorted(organizations.values(), key=lambda o: str(o["id"])):
        lines.append("[[organization]]")
        lines += [f"{k} = {render(v)}" for k, v in org.items()]
        lines.append("")
    for service in sorted(services.values(), key=lambda s: str(s["id"])):
        lines.append("[[service]]")
        lines += [f"{k} = {render(v)}" for k, v in service.items()]
        lines.append("")
    for cookie in cookies:
        lines.append("[[cookie]]")
        lines += [f"{k} = {render(v)}" for k, v in cookie.items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def render(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return toml_list([str(v) for v in value])
    return toml_string(str(value))


if __name__ == "__main__":
    main()
