"""``scan --json`` written as it is produced: compact, through the C encoder, in batches.

The document is the one :func:`inspector.document.scan_document` describes (a test checks
they parse the same). Building 31 dictionary entries per cookie and handing the whole tree
to ``json.dump`` (whose indented form runs the pure-Python encoder) took most of the time
of a large scan and held the document twice in memory. Here each cookie is one string
formatted from parts that are shared: a store's fields are encoded once per store, a
classification's once per (place, attribution) pair, dates once per day
(:func:`inspector.timeconv.iso_micro`). Only host, name, path, id and lifetime are per
cookie. ``--explain`` and ``--show-values`` add per-cookie text, so they take the plain
dictionary route, still through the C encoder and still in batches.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from json.encoder import encode_basestring  # the C function where available
from typing import IO, TextIO

from inspector import __version__
from inspector.analysis import Analysis, Finding
from inspector.classify import Classification, Lifetime
from inspector.document import (
    JSON_SCHEMA_VERSION,
    consent_entry,
    finding_entry,
    scan_document,
    store_entry,
)
from inspector.model import SameSite, Source, Store
from inspector.timeconv import quoted_iso_micro

BATCH = 2000
VALUE_BATCH = 200
PARALLEL_FROM = 20_000  # below this, starting a second process costs more than it saves
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_BOOL = ("false", "true")
_COOKIE = (
    '{"id":"%s",%s,"host":%s,"name":%s,"path":%s,"created":%s,"expires":%s,'
    '"last_accessed":%s,"session":%s,"secure":%s,"http_only":%s,"same_site":"%s",'
    '"partition_key":%s,"container":%s,"source":"%s",%s%s"consent_role":%s,"lifetime":"%s",'
    '"lifetime_days":%s,"remaining_days":%s,"exceeds_13_months":%s,%s"consent_record":%s}'
)


def write_scan_json(
    analysis: Analysis,
    out: TextIO,
    *,
    explain: bool = False,
    values: bool = False,
    pretty: bool = False,
    parallel_from: int = PARALLEL_FROM,
) -> None:
    """Write the ``scan --json`` document to ``out``; ``pretty`` indents it (slower).

    From ``parallel_from`` cookies on, two processes share the formatting (see
    :func:`_write_in_two_processes`).
    """
    if pretty:
        document = scan_document(analysis, explain=explain, values=values)
        out.write(json.dumps(document, ensure_ascii=False, indent=1))
        out.write("\n")
        return
    encode = _COMPACT.encode
    head = {
        "schema_version": JSON_SCHEMA_VERSION,
        "program_version": __version__,
        "catalogue_version": analysis.catalogue_version,
        "stores": [store_entry(entry) for entry in analysis.scan.results],
    }
    out.write(encode(head)[:-1] + ',"cookies":[')
    cookies = CookieChunks(analysis, explain=explain, values=values)
    if not _write_in_two_processes(cookies, out, parallel_from):
        _write_chunks(out, cookies.chunks(0, len(analysis.findings)), first=True)
    violations = [violation.as_dict() for violation in analysis.violations]
    out.write('],"violations":' + encode(violations) + "}\n")


class CookieChunks:
    """The cookie objects of a range of findings, as runs of JSON text."""

    def __init__(self, analysis: Analysis, *, explain: bool, values: bool) -> None:
        self.analysis, self.explain, self.values = analysis, explain, values
        self.count = len(analysis.findings)

    def chunks(self, start: int, stop: int) -> Iterator[str]:
        if self.explain or self.values:
            return _plain_entries(self.analysis, start, stop, self.explain, self.values)
        return CookieWriter().batches(self.analysis.findings[start:stop])


def _write_chunks(out: IO[str], chunks: Iterable[str], *, first: bool) -> bool:
    """Write comma-separated runs; return whether nothing was written (still ``first``)."""
    for chunk in chunks:
        if chunk:
            out.write(chunk if first else "," + chunk)
            first = False
    return first


def _write_in_two_processes(cookies: CookieChunks, out: TextIO, parallel_from: int) -> bool:
    """Where ``fork`` is safe (Linux) and two cores are there, a child process formats the
    second half into a private temporary file while this one writes the first half; the
    file is then copied after it. Returns False (nothing written) when not worth it."""
    buffer = getattr(out, "buffer", None)
    if (
        cookies.count < parallel_from
        or not sys.platform.startswith("linux")
        or (os.cpu_count() or 1) < 2
        or buffer is None
    ):
        return False
    middle = cookies.count // 2
    encoding, errors = out.encoding or "utf-8", out.errors or "strict"
    with tempfile.TemporaryFile(prefix="cookie-inspector-") as spill:
        out.flush()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child process, checked by its output
            code = 1
            try:
                text = io.TextIOWrapper(spill, encoding=encoding, errors=errors)
                _write_chunks(text, cookies.chunks(middle, cookies.count), first=False)
                text.flush()
                code = 0
            finally:
                os._exit(code)
        first = _write_chunks(out, cookies.chunks(0, middle), first=True)
        _pid, status = os.waitpid(child, 0)
        if os.waitstatus_to_exitcode(status) != 0:  # the child failed: do its half here
            _write_chunks(out, cookies.chunks(middle, cookies.count), first=first)
            return True
        out.flush()
        spill.seek(0)
        if first:  # the first half was empty: drop the child's leading comma
            spill.read(1)
        shutil.copyfileobj(spill, buffer)
        buffer.flush()
    return True


def _plain_entries(
    analysis: Analysis, start: int, stop: int, explain: bool, values: bool
) -> Iterator[str]:
    encode = _COMPACT.encode
    found = analysis.values
    findings = analysis.findings
    # Values (up to 4 KB each, more in a crafted store) and explanations make entries large:
    # smaller batches keep the memory of one batch small next to the analysis itself.
    step = VALUE_BATCH if values or explain else BATCH
    for begin in range(start, stop, step):
        entries = [
            finding_entry(f, explain_it=explain, value=found.get(f.cookie.id), values=values)
            for f in findings[begin : min(begin + step, stop)]
        ]
        yield encode(entries)[1:-1]


class CookieWriter:
    """Cookie objects of ``scan --json`` as compact JSON text, sharing what cookies share.

    The per-cookie work is one loop with everything it needs in local names: the parts
    shared by a store, a place (site and party) or an attribution are formatted once and
    found again by the identity of the object they come from (the classifier shares those
    objects; the entry keeps the object, so its identity cannot be reused)."""

    def __init__(self) -> None:
        self._stores: dict[int, tuple[Store, str]] = {}
        self._places: dict[int, tuple[object, str]] = {}
        self._attributions: dict[int, tuple[object, str, str]] = {}

    def batches(self, findings: Sequence[Finding]) -> Iterator[str]:
        for start in range(0, len(findings), BATCH):
            yield ",".join(self.cookies(findings[start : start + BATCH]))

    def cookie(self, finding: Finding) -> str:
        return self.cookies((finding,))[0]

    def cookies(self, findings: Iterable[Finding]) -> list[str]:
        stores, places, attributions = self._stores, self._places, self._attributions
        template, quote, when, booleans = _COOKIE, encode_basestring, quoted_iso_micro, _BOOL
        lifetimes, same_sites, sources = _LIFETIMES, _SAME_SITES, _SOURCES
        texts: list[str] = []
        append = texts.append
        for finding in findings:
            cookie, info = finding.cookie, finding.info
            store = stores.get(id(cookie.store))
            if store is None or store[0] is not cookie.store:
                store = stores[id(cookie.store)] = (cookie.store, _store_part(cookie.store))
            place = places.get(id(info.place))
            if place is None or place[0] is not info.place:
                place = places[id(info.place)] = (info.place, _place_part(info))
            shared = attributions.get(id(info.attribution))
            if shared is None or shared[0] is not info.attribution:
                shared = attributions[id(info.attribution)] = (
                    info.attribution,
                    *_attribution_parts(info),
                )
            partition, container, role = cookie.partition_key, cookie.container, info.consent_role
            expires = cookie.expires_us
            lifetime_days, remaining = info.lifetime_days, info.remaining_days
            record = info.consent_record
            append(
                template
                % (
                    cookie.id,
                    store[1],
                    quote(cookie.host),
                    quote(cookie.name),
                    quote(cookie.path),
                    when(cookie.created_us),
                    "null" if expires is None else when(expires),
                    when(cookie.last_accessed_us),
                    booleans[expires is None],
                    booleans[bool(cookie.secure)],
                    booleans[bool(cookie.http_only)],
                    same_sites[cookie.same_site],
                    "null" if partition is None else quote(partition),
                    "null" if container is None else quote(container),
                    sources[cookie.source],
                    place[1],
                    shared[1],
                    "null" if role is None else quote(role),
                    lifetimes[info.lifetime],
                    "null" if lifetime_days is None else repr(round(lifetime_days, 2)),
                    "null" if remaining is None else repr(round(remaining, 2)),
                    booleans[bool(info.exceeds_13_months)],
                    shared[2],
                    "null" if record is None else _COMPACT.encode(consent_entry(record)),
                )
            )
        return texts


_LIFETIMES = {member: member.value for member in Lifetime}
_SAME_SITES = {member: member.value for member in SameSite}
_SOURCES = {member: member.value for member in Source}


def _store_part(store: Store) -> str:
    encode = _COMPACT.encode
    return (
        f'"browser":{encode(store.browser)},"profile":{encode(store.profile)},'
        f'"store":{encode(str(store.path))}'
    )


def _place_part(info: Classification) -> str:
    return f'"site":{encode_basestring(info.site)},"party":"{info.party.value}",'


def _attribution_parts(info: Classification) -> tuple[str, str]:
    """The fields that depend only on the attribution, as two runs of JSON members (before
    and after the cookie's own consent and lifetime fields)."""
    organization, service = info.organization, info.service
    before = (
        f'"organization":{_text_or_null(organization.name if organization else None)},'
        f'"organization_id":{_text_or_null(organization.id if organization else None)},'
        f'"service":{_text_or_null(service.name if service else None)},'
        f'"purpose":{encode_basestring(info.purpose.value)},'
    )
    after = (
        f'"confidence":{encode_basestring(str(info.confidence))},"rule":{_text_or_null(info.rule)},'
    )
    return before, after


def _text_or_null(text: str | None) -> str:
    return "null" if text is None else encode_basestring(text)
