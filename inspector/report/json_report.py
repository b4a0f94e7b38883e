"""The JSON report: the report model as one document a program can read.

Its shape is described by ``resources/report/report.schema.json``. Stores, cookies and
contradictions use exactly the shapes of ``scan --json`` (taken from :mod:`inspector.cli`, not
copied), with every cookie explained and the home folder written as ``~``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring  # the C function where available
from typing import Any

from inspector.classify import Classification
from inspector.document import JSON_SCHEMA_VERSION, consent_entry, finding_entry, store_entry
from inspector.explain import SITE, Explainer, attribution_key, plain_site
from inspector.model import Cookie
from inspector.report.childpart import ChildPart, worth_two_processes
from inspector.report.model import (
    Bar,
    ConsentItem,
    CookieItem,
    DeletionItem,
    OrganisationSection,
    Report,
    SiteSection,
    evidence_label,
)
from inspector.report.redact import COOKIE_KEYS, STORE_KEYS, home_folder, tilde, tilde_fields
from inspector.timeconv import iso, quoted_iso_micro

REPORT_SCHEMA_VERSION = 2
SCHEMA_ID = "https://cookie-inspector.invalid/schemas/report-2.schema.json"
SITE_FLAGS = ("tracker", "past_13_months", "consent_record", "contradiction")


def report_document(report: Report, *, cookies: bool = True, sites: bool = True) -> dict[str, Any]:
    """The whole report as plain JSON data (``cookies=False`` and ``sites=False`` leave the
    cookies and sites out, for :func:`iter_json`, which writes them its own way)."""
    home = home_folder()
    figures = report.figures
    return {
        "report_schema_version": REPORT_SCHEMA_VERSION,
        "scan_schema_version": JSON_SCHEMA_VERSION,
        "generated": iso(report.generated),
        "program_version": report.program_version,
        "catalogue_version": report.catalogue_version,
        "includes_values": report.include_values,
        "warning": report.warning,
        "summary": {
            "cookies": figures.cookies,
            "sites": figures.sites,
            "trackers": figures.trackers,
            "organisations": figures.organizations,
            "consent_records": figures.consent_records,
            "past_13_months": figures.past_13_months,
            "contradictions": figures.contradictions,
            "stores": figures.stores,
            "stores_failed": figures.failed_stores,
        },
        "charts": {
            "by_purpose": _bars(report.by_purpose),
            "top_organisations": _bars(report.top_organisations),
            "lifetimes": _bars(report.lifetimes),
        },
        "stores": [
            tilde_fields(store_entry(result), STORE_KEYS, home)
            for result in report.analysis.scan.results
        ],
        "organisations": [_organisation(section) for section in report.organisations],
        "sites": [_site(section) for section in report.sites] if sites else [],
        "cookies": cookie_entries(report, home) if cookies else [],
        "consent_records": [_consent(item) for item in report.consent],
        "contradictions": [
            violation.as_dict()
            | {
                "explanation": violation.explanation(),
                "evidence_label": evidence_label(violation),
            }
            for violation in report.contradictions
        ],
        "deletions": [_deletion(item) for item in report.deletions],
    }


def render_json(report: Report) -> bytes:
    """The JSON report, UTF-8 (see :func:`iter_json`)."""
    return b"".join(iter_json(report))


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def iter_json(report: Report, *, plain: bool = False, parallel: bool = False) -> Iterator[bytes]:
    """The JSON report in pieces: indented for people who open it in an editor, except the
    cookies, one compact object per line, written a batch at a time so that a large report
    is never held whole.

    The sites and the cookies are formatted from parts shared by many of them
    (:class:`CookieJson`); ``plain`` builds every dictionary and encodes it instead, the
    slow way tests compare against. ``parallel`` lets a child process write the last
    cookies of a large report meanwhile (:mod:`inspector.report.childpart`); only a program
    with no other thread may ask.
    """
    home = home_folder()
    items = report.cookies
    values = report.include_values
    split, second = len(items), None
    if parallel and not plain and worth_two_processes(len(items)):
        split = max(1, round(len(items) * (1 - CHILD_SHARE)))
        second = ChildPart(
            lambda: _cookies(items, split, len(items), values, home, plain), cookies=len(items)
        )
    try:
        yield from _document(report, home, plain, split, second)
    finally:
        if second is not None:
            second.close()


CHILD_SHARE = 0.55  # of the cookies: this process also writes the rest of the document


def _document(
    report: Report, home: str, plain: bool, split: int, second: ChildPart | None
) -> Iterator[bytes]:
    document = report_document(report, cookies=False, sites=plain)
    token = secrets.token_hex(8)  # no text in the report can hold it
    marks = {"cookies": f"\0cookies-{token}\0", "sites": f"\0sites-{token}\0"}
    document["cookies"] = marks["cookies"]
    if not plain:
        document["sites"] = marks["sites"]
    text = json.dumps(document, ensure_ascii=False, indent=1)
    if not plain:  # the sites written in pieces where their mark is
        head, text = text.split(json.dumps(marks["sites"]))
        yield head.encode("utf-8")
        yield from _sites_pieces(report)
    before, after = text.split(json.dumps(marks["cookies"]))
    del text
    yield before.encode("utf-8") + b"["
    items = report.cookies
    values = report.include_values
    yield from _cookies(items, 0, split, values, home, plain)
    if second is not None:
        yield from second.pieces(lambda: _cookies(items, split, len(items), values, home, plain))
    yield (("\n " if items else "") + "]" + after + "\n").encode("utf-8")


def _cookies(
    items: Sequence[CookieItem], start: int, stop: int, values: bool, home: str, plain: bool
) -> Iterator[bytes]:
    """The cookies ``start`` to ``stop``, a batch a piece, each piece with the separator
    before it."""
    writer = CookieJson(values, home)
    for begin in range(start, stop, BATCH):
        batch = items[begin : min(begin + BATCH, stop)]
        if plain:
            text = ",\n  ".join(_COMPACT.encode(_cookie(item, values, home)) for item in batch)
            lines = text.encode("utf-8")
        else:
            lines = b",\n  ".join([writer.entry(item) for item in batch])
        yield (b"\n  " if begin == 0 else b",\n  ") + lines


BATCH = 1000
_SITE = (
    '{\n   "site": %s,\n   "cookies": %d,\n   "trackers": %d,\n   "past_13_months": %d,\n'
    '   "consent_records": %d,\n   "contradictions": %d,\n   "cookie_ids": [\n    %s\n   ]\n  }'
)


def _sites_pieces(report: Report) -> Iterator[bytes]:
    """The ``sites`` list as ``json.dumps(..., indent=1)`` writes it in the document, a
    thousand sites a piece."""
    if not report.sites:
        yield b"[]"
        return
    sections = report.sites
    for start in range(0, len(sections), BATCH):
        entries = []
        for section in sections[start : start + BATCH]:
            counts = dict.fromkeys(SITE_FLAGS, 0)
            for item in section.cookies:
                for flag in item.flags:
                    counts[flag] += 1
            ids = ",\n    ".join(
                [encode_basestring(item.finding.cookie.id) for item in section.cookies]
            )
            entries.append(
                _SITE
                % (
                    encode_basestring(section.site),
                    len(section.cookies),
                    counts["tracker"],
                    counts["past_13_months"],
                    counts["consent_record"],
                    counts["contradiction"],
                    ids,
                )
            )
        yield (("[\n  " if start == 0 else ",\n  ") + ",\n  ".join(entries)).encode("utf-8")
    yield b"\n ]"


_COOKIE = (
    '{"id":%s,%s"host":%s,"name":%s,"path":%s,"created":%s,"expires":%s,"last_accessed":%s,'
    '"session":%s,"partition_key":%s,'
    '"container":%s,"source":%s,"site":%s,"party":%s,%s"consent_role":%s,"lifetime":%s,'
    '"lifetime_days":%s,"remaining_days":%s,"exceeds_13_months":%s,%s"consent_record":%s,'
    '"explanation":{"what":"%s","why":%s,"how_long":"%s",%s}%s}'
)
_COOKIE_BYTES = _COOKIE.encode("ascii")  # "session"'s %s holds secure, http_only, same_site


def _inner(text: str) -> str:
    """Text as inside a JSON string (escaping is the same for each character, so the inner
    parts of texts join into the inner part of the joined text)."""
    return encode_basestring(text)[1:-1]


def _boolean(value: object) -> str:
    return "true" if value is True else "false" if value is False else _COMPACT.encode(value)


def _days(days: float | None) -> str:
    if days is None:
        return "null"
    text = repr(round(days, 2))
    return text if text[-1].isdigit() else _COMPACT.encode(round(days, 2))


class CookieJson:
    """Cookie objects of the JSON report, each formatted in one step from parts shared by
    many cookies: a store's fields once per store, an attribution's once per attribution
    and party, explanations from :class:`Explainer`'s shared texts (with holes for the site
    and the name), dates once per day. Gives exactly what encoding the plain dictionary
    gives (a test compares them); a cookie whose site cannot fill the holes
    (:func:`plain_site`) takes the plain way."""

    def __init__(self, values: bool, home: str) -> None:
        self.values, self.home = values, home
        self.explainer = Explainer()
        self._stores: dict[int, tuple[object, bytes]] = {}
        self._attributions: dict[tuple[object, ...], tuple[Any, ...]] = {}
        self._escaped: dict[str, bytes] = {}
        self._switches: dict[tuple[object, ...], bytes] = {}

    def entry(self, item: CookieItem) -> bytes:
        """The cookie's object, encoded as UTF-8 (the shared parts are encoded once)."""
        finding = item.finding
        cookie, info = finding.cookie, finding.info
        site = info.place.site
        if not plain_site(site):
            return _COMPACT.encode(_cookie(item, self.values, self.home)).encode("utf-8")
        store = self._stores.get(id(cookie.store))
        if store is None or store[0] is not cookie.store:
            store = self._store(cookie)
        key = (attribution_key(info.attribution), info.place.party)
        shared = self._attributions.get(key) or self._shared(info, key)
        encoded_site = encode_basestring(site).encode("utf-8")
        site_inner = encoded_site[1:-1]
        name = encode_basestring(cookie.name).encode("utf-8")
        explainer = self.explainer
        if explainer.own_what(info):
            what = _inner(explainer.what(cookie, info)).encode("utf-8")
        else:
            name_inner = name[1:-1]
            what = name_inner.join([site_inner.join(piece) for piece in shared[3]])
            if b".." in what:  # the plain way tidies full stops
                what = _inner(explainer.what(cookie, info)).encode("utf-8")
        escaped = self._escaped
        spans = [
            escaped.get(span) or self._escape(span) for span in explainer.how_long(cookie, info)
        ]
        partition, container, role = cookie.partition_key, cookie.container, info.consent_role
        record = info.consent_record
        switches = (cookie.session, cookie.secure, cookie.http_only, cookie.same_site)
        middle = self._switches.get(switches)
        if middle is None:
            session, secure, http_only, same_site = switches
            middle = self._switches[switches] = (
                f'{_boolean(session)},"secure":{_boolean(secure)},'
                f'"http_only":{_boolean(http_only)},'
                f'"same_site":{encode_basestring(same_site.value)}'
            ).encode()
        if self.values:
            value = item.value
            extra = (
                ',"value":'
                + _COMPACT.encode(value.value if value else None)
                + ',"value_unavailable_reason":'
                + _COMPACT.encode(value.reason if value else "not read")
            ).encode("utf-8")
        else:
            extra = b""
        return _COOKIE_BYTES % (
            encode_basestring(cookie.id).encode("utf-8"),
            store[1],
            encode_basestring(cookie.host).encode("utf-8"),
            name,
            encode_basestring(cookie.path).encode("utf-8"),
            quoted_iso_micro(cookie.created_us).encode("utf-8"),
            quoted_iso_micro(cookie.expires_us).encode("utf-8"),
            quoted_iso_micro(cookie.last_accessed_us).encode("utf-8"),
            middle,
            b"null" if partition is None else encode_basestring(partition).encode("utf-8"),
            b"null" if container is None else encode_basestring(container).encode("utf-8"),
            encode_basestring(cookie.source.value).encode("utf-8"),
            encoded_site,
            shared[5],
            shared[1],
            b"null" if role is None else encode_basestring(role).encode("utf-8"),
            encode_basestring(info.lifetime).encode("utf-8"),
            _days(info.lifetime_days).encode("utf-8"),
            _days(info.remaining_days).encode("utf-8"),
            _boolean(info.exceeds_13_months).encode("utf-8"),
            shared[2],
            b"null" if record is None else _COMPACT.encode(consent_entry(record)).encode("utf-8"),
            what,
            shared[6],
            b" ".join(spans),
            site_inner.join(shared[4]),
            extra,
        )

    def _store(self, cookie: Cookie) -> tuple[object, bytes]:
        store = cookie.store
        part = (
            f'"browser":{encode_basestring(store.browser)},'
            f'"profile":{encode_basestring(store.profile)},'
            f'"store":{encode_basestring(tilde(str(store.path), self.home))},'
        ).encode()
        found = self._stores[id(store)] = (store, part)
        return found

    def _shared(self, info: Classification, key: tuple[object, ...]) -> tuple[Any, ...]:
        organization, service = info.organization, info.service
        shared = self.explainer.shared(info)
        before = {
            "organization": organization.name if organization else None,
            "organization_id": organization.id if organization else None,
            "service": service.name if service else None,
            "purpose": info.purpose.value,
        }
        after = {"confidence": info.confidence, "rule": info.rule}
        rest = (
            f'"who_receives":"{_inner(SITE.join(shared.who))}",'
            f'"how_to_object":"{_inner(SITE.join(shared.how_to_object))}",'
            f'"your_rights":"{_inner(SITE.join(shared.rights))}"'
        )
        found = (
            info.attribution,  # keeps the objects whose identities the key holds alive
            (_COMPACT.encode(before)[1:-1] + ",").encode("utf-8"),
            (_COMPACT.encode(after)[1:-1] + ",").encode("utf-8"),
            tuple(tuple(_inner(text).encode("utf-8") for text in part) for part in shared.what),
            tuple(piece.encode("utf-8") for piece in rest.split(_inner(SITE))),
            encode_basestring(info.party).encode("utf-8"),
            encode_basestring(shared.why).encode("utf-8"),
        )
        if len(self._attributions) >= 4096:
            self._attributions.clear()
        self._attributions[key] = found
        return found

    def _escape(self, text: str) -> bytes:
        if len(self._escaped) >= 8192:
            self._escaped.clear()
        found = self._escaped[text] = _inner(text).encode("utf-8")
        return found


def _bars(bars: tuple[Bar, ...]) -> list[dict[str, Any]]:
    return [{"key": bar.key, "label": bar.label, "cookies": bar.count} for bar in bars]


def cookie_entries(report: Report, home: str | None = None) -> list[dict[str, Any]]:
    """Every cookie in the shape of ``scan --json --explain``, home folder as ``~``."""
    home = home_folder() if home is None else home
    return [_cookie(item, report.include_values, home) for item in report.cookies]


def cookie_entry(item: CookieItem, values: bool, home: str) -> dict[str, Any]:
    """One cookie in the shape of ``scan --json --explain``, home folder as ``~``."""
    return _cookie(item, values, home)


def _cookie(item: CookieItem, values: bool, home: str) -> dict[str, Any]:
    entry = finding_entry(item.finding, explain_it=True, value=item.value, values=values)
    return tilde_fields(entry, COOKIE_KEYS, home)


def _organisation(section: OrganisationSection) -> dict[str, Any]:
    organization = section.organization
    return {
        "id": organization.id,
        "name": organization.name,
        "country": organization.country or None,
        "country_name": section.country_name or None,
        "privacy_policy": organization.privacy_policy or None,
        "opt_out": organization.opt_out or None,
        "data_categories": list(organization.data_categories),
        "purposes": [purpose.value for purpose in section.purposes],
        "sites": list(section.sites),
        "cookies": section.cookies,
        "trackers": section.trackers,
    }


def _site(section: SiteSection) -> dict[str, Any]:
    return {
        "site": section.site,
        "cookies": len(section.cookies),
        "trackers": section.count("tracker"),
        "past_13_months": section.count("past_13_months"),
        "consent_records": section.count("consent_record"),
        "contradictions": section.count("contradiction"),
        "cookie_ids": [item.finding.cookie.id for item in section.cookies],
    }


def _consent(item: ConsentItem) -> dict[str, Any]:
    cookie, info, record = item.finding.cookie, item.finding.info, item.record
    return {
        "cookie_id": cookie.id,
        "cookie_name": cookie.name,
        "site": info.site,
        "browser": cookie.store.browser,
        "profile": cookie.store.profile,
        "platform": record.platform if record else None,
        "platform_name": record.platform_name if record else None,
        "readable": record.readable if record else False,
        "choice_time": iso(record.choice_time) if record else None,
        "role": info.consent_role,
        "decisions": {str(p): str(d) for p, d in record.decisions.items()} if record else {},
        "summary": record.summary() if record else None,
    }


def _deletion(item: DeletionItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "created": iso(item.created),
        "description": item.description,
        "status": item.status,
        "note": item.note,
        "cookies": item.cookies,
        "stores": [
            {
                "browser": s.browser,
                "profile": s.profile,
                "path": s.path,
                "cookies": s.cookies,
                "names": list(s.names),
            }
            for s in item.stores
        ],
    }
