"""Browser lab: real Chromium and Firefox ESR writing real cookie stores, on loopback only.

The lab is made of:

* a throwaway CA and one leaf certificate for every host of a scenario (:func:`make_certificates`);
* :class:`LabServer`, an HTTP + HTTPS server on 127.0.0.1 that serves a :class:`Scenario`
  (per host and path: ``Set-Cookie`` headers and an HTML body) plus ``/echo`` on every host;
* :data:`STANDARD`, a realistic scenario (news site, consent records, tracker, CHIPS iframe,
  shop) listing every cookie a reader must find as :class:`ExpectedCookie`;
* :class:`ChromiumSession` (DevTools protocol over ``--remote-debugging-pipe``) and
  :class:`FirefoxSession` (Marionette over TCP), both headless, in fresh profiles, with every
  host name resolved to 127.0.0.1 inside the browser and background traffic switched off;
* :func:`build_chromium_profile` / :func:`build_firefox_profile`: one browser run over a
  scenario, quit cleanly so that the stores are flushed.

Every wait is bounded. A session that fails kills its browser's whole process group, and no
session leaves a process or a temporary directory behind.
"""

from __future__ import annotations

import contextlib
import email.utils
import enum
import fcntl
import http.server
import ipaddress
import json
import os
import re
import select
import shutil
import signal
import socket
import ssl
import string
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar, cast

import lz4.block
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

JSON = dict[str, Any]
T = TypeVar("T")

#: Both browsers cap every cookie lifetime at 400 days after creation.
MAX_COOKIE_LIFETIME = 400 * 24 * 3600
#: Seconds allowed for a browser to start, quit, or answer one protocol command.
DEFAULT_TIMEOUT = 30.0
#: Seconds allowed for one page (with its iframes) to load.
PAGE_LOAD_TIMEOUT = 20.0

_LOCK_FILES = ("SingletonLock", "SingletonCookie", "SingletonSocket", "lock", ".parentlock")


class BrowserLabError(RuntimeError):
    """A browser or the lab server did not do what was asked in time."""


class Browser(enum.Enum):
    """The browsers the lab drives."""

    CHROMIUM = "chromium"
    FIREFOX = "firefox"


BOTH_BROWSERS = frozenset(Browser)


# --------------------------------------------------------------------------- timing helpers


class _Deadline:
    """A point in time that bounded waits count down to."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self._end


def _poll(check: Callable[[], T | None], timeout: float, what: str, interval: float = 0.05) -> T:
    """Call ``check`` until it returns something other than None, or fail after ``timeout``."""
    deadline = _Deadline(timeout)
    while True:
        found = check()
        if found is not None:
            return found
        if deadline.expired():
            raise BrowserLabError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# --------------------------------------------------------------------------- certificates


@dataclass(frozen=True)
class Certificates:
    """PEM files of a throwaway CA and of a leaf certificate signed by it."""

    ca_pem: Path
    cert_pem: Path
    key_pem: Path


def make_certificates(directory: Path, hosts: Iterable[str]) -> Certificates:
    """Write a new CA and a leaf certificate valid for ``hosts`` (and 127.0.0.1) to ``directory``.

    ``cert_pem`` holds the leaf followed by the CA, ready for ``SSLContext.load_cert_chain``.
    """
    directory.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _ca_certificate(ca_key)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf_cert = _leaf_certificate(leaf_key, ca_key, ca_cert, sorted(set(hosts)))
    certificates = Certificates(
        directory / "ca.pem", directory / "server-chain.pem", directory / "server-key.pem"
    )
    pem = serialization.Encoding.PEM
    certificates.ca_pem.write_bytes(ca_cert.public_bytes(pem))
    certificates.cert_pem.write_bytes(leaf_cert.public_bytes(pem) + ca_cert.public_bytes(pem))
    certificates.key_pem.write_bytes(
        leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return certificates


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cookie Inspector browser lab"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate_builder(subject: x509.Name, issuer: x509.Name) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
    )


def _ca_certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = _name("Cookie Inspector Test CA")
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        _certificate_builder(name, name)
        .public_key(key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _leaf_certificate(
    key: ec.EllipticCurvePrivateKey,
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    hosts: Sequence[str],
) -> x509.Certificate:
    names: list[x509.GeneralName] = [x509.DNSName(host) for host in hosts]
    names += [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    authority = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key())
    return (
        _certificate_builder(_name(hosts[0] if hosts else "localhost"), ca_cert.subject)
        .public_key(key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(authority, critical=False)
        .sign(ca_key, hashes.SHA256())
    )


# --------------------------------------------------------------------------- scenarios


class SameSite(enum.Enum):
    """The SameSite attribute a cookie was given (UNSPECIFIED: no attribute at all)."""

    UNSPECIFIED = "unspecified"
    NONE = "None"
    LAX = "Lax"
    STRICT = "Strict"


@dataclass(frozen=True)
class ExpectedCookie:
    """One cookie that a browser must have stored after running a scenario.

    ``host`` is spelled as the browsers store it: ``.example.com`` for a Domain cookie, the bare
    host name for a host-only one. ``max_age`` is the lifetime in seconds the site asked for
    (Max-Age, or Expires minus the time it was sent); None means a session cookie.
    ``top_level_site`` (``https://example.com``) is the partition of a cookie stored for a
    third-party frame; ``partitioned`` says the site set the CHIPS ``Partitioned`` attribute.
    """

    host: str
    name: str
    value: str
    path: str = "/"
    secure: bool = False
    http_only: bool = False
    same_site: SameSite = SameSite.UNSPECIFIED
    max_age: int | None = None
    partitioned: bool = False
    top_level_site: str | None = None
    set_by_script: bool = False
    stored_by: frozenset[Browser] = BOTH_BROWSERS

    @property
    def is_session(self) -> bool:
        return self.max_age is None

    @property
    def lifetime(self) -> int | None:
        """Seconds from creation to expiry as stored: ``max_age`` capped at 400 days."""
        return None if self.max_age is None else min(self.max_age, MAX_COOKIE_LIFETIME)

    @property
    def host_only(self) -> bool:
        return not self.host.startswith(".")

    def is_sent_to(self, host: str, path: str, top_level_site: str) -> bool:
        """Whether a browser sends this cookie on an HTTPS request for ``host`` and ``path``
        made from a page whose site is ``top_level_site``."""
        if self.top_level_site is not None and self.top_level_site != top_level_site:
            return False
        return self._domain_matches(host) and self._path_matches(path)

    def _domain_matches(self, host: str) -> bool:
        if self.host_only:
            return host == self.host
        return host == self.host[1:] or host.endswith(self.host)

    def _path_matches(self, path: str) -> bool:
        if path == self.path or self.path == "/":
            return True
        return path.startswith(self.path) and path[len(self.path)] == "/"


@dataclass(frozen=True)
class Page:
    """What the lab server answers for one host and path.

    ``set_cookie`` holds raw ``Set-Cookie`` header values; ``{expires+N}`` in one is replaced
    with the HTTP date N seconds after the response. ``html`` is a :class:`string.Template`:
    ``${https_port}`` and ``${http_port}`` are the lab server's ports. Pages with
    ``top_level=False`` are only loaded by other pages (iframes), never visited directly.
    """

    host: str
    path: str = "/"
    set_cookie: tuple[str, ...] = ()
    html: str | None = None
    top_level: bool = True


@dataclass(frozen=True)
class Scenario:
    """Pages to visit in order, and the cookies the browsers must store from them.

    ``sites`` are the registrable domains of every host (``dailynews.co.uk``), which the lab
    needs to tell the site of a host without a public suffix list.
    """

    name: str
    sites: tuple[str, ...]
    pages: tuple[Page, ...]
    expected: tuple[ExpectedCookie, ...]

    def hosts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(page.host for page in self.pages))

    def page(self, host: str, path: str) -> Page | None:
        return next((p for p in self.pages if p.host == host and p.path == path), None)

    def visits(self) -> tuple[Page, ...]:
        return tuple(page for page in self.pages if page.top_level)

    def site_of(self, host: str) -> str:
        """``https://`` plus the registrable domain of ``host``."""
        for site in self.sites:
            if host == site or host.endswith("." + site):
                return f"https://{site}"
        raise KeyError(f"{host} is under none of the scenario's sites")

    def expected_in(self, browser: Browser) -> tuple[ExpectedCookie, ...]:
        return tuple(cookie for cookie in self.expected if browser in cookie.stored_by)

    def persistent_in(self, browser: Browser) -> tuple[ExpectedCookie, ...]:
        return tuple(c for c in self.expected_in(browser) if not c.is_session)

    def session_in(self, browser: Browser) -> tuple[ExpectedCookie, ...]:
        return tuple(c for c in self.expected_in(browser) if c.is_session)


# --------------------------------------------------------------------------- standard scenario

#: OneTrust record of a visitor who refused everything but strictly necessary cookies.
OPTANON_CONSENT = (
    "isGpcEnabled=0&datestamp=Wed+Nov+25+2026+10%3A15%3A02+GMT%2B0000+(Coordinated+Universal+Time)"
    "&version=202409.1.0&browserGpcFlag=0&isIABGlobal=false&hosts="
    "&consentId=0b8e5c3a-6f1d-4e2b-9a7c-3d5f8e1b2c4a&interactionCount=1&isAnonUser=1"
    "&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0"
    "&AwaitingReconsent=false"
)
OPTANON_ALERT_BOX_CLOSED = "2026-11-25T10:15:02.000Z"
#: IAB TCF v2.2 TC string (core segment only) refusing everything: version 2, created and
#: updated 2026-11-25T10:15:02Z, CMP 28 v1, screen 1, language EN, vendor list 150, policy 4,
#: service-specific, no special features, purposes or legitimate interests, publisher GB,
#: no vendors (MaxVendorId 0 in both vendor sections), no publisher restrictions.
EUCONSENT_V2 = "CQuQxN8QuQxN8AcABBENCWEgAAAAAAAAAAwIAAAAAAAA"
GA_COOKIE = "GA1.1.123.456"

_NEWS = "www.dailynews.co.uk"
_NEWS_SITE = "https://dailynews.co.uk"
_PLAYER = "embed.videoplayer.example"
_DAY = 24 * 3600

_NEWS_SCRIPT = f"""
  (function () {{
    var year = 365 * 24 * 3600 * 1000;
    var expires = new Date(Date.now() + year).toUTCString();
    var scope = "; domain=.dailynews.co.uk; path=/";
    document.cookie = "_ga={GA_COOKIE}" + scope + "; max-age=63072000";
    document.cookie = "OptanonConsent={OPTANON_CONSENT}" + scope
      + "; expires=" + expires + "; SameSite=Lax";
    document.cookie = "OptanonAlertBoxClosed={OPTANON_ALERT_BOX_CLOSED}" + scope
      + "; expires=" + expires + "; SameSite=Lax";
  }})();
"""

_NEWS_HTML = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The Daily News</title>
<script>{_NEWS_SCRIPT}</script></head>
<body><h1>The Daily News</h1><p>Top stories of the day.</p>
<iframe src="https://{_PLAYER}:${{https_port}}/player" width="320" height="180"
 title="Video of the day"></iframe>
</body></html>
"""

_NEWS_HEADERS = (
    "dn_session=8f3c2a91e0d4; Path=/",
    "dn_prefs=edition%3Duk%7Cfont%3Dlarge; Max-Age=2592000; Path=/",
    "dn_visitor=v1.1764065702.7d1e; Expires={expires+63072000}; Path=/",
    "dn_secure=tok-55aa01; Max-Age=86400; Path=/; Secure",
    "dn_auth=hx-9921-ff; Max-Age=604800; Path=/; Secure; HttpOnly",
    "dn_strict=strict-1; Max-Age=604800; Path=/; SameSite=Strict",
    "dn_lax=lax-1; Max-Age=604800; Path=/; SameSite=Lax",
    "dn_none=none-1; Max-Age=604800; Path=/; Secure; SameSite=None",
    "dn_account=acct-42; Max-Age=1209600; Path=/account; Secure; HttpOnly",
    "dn_edition=uk; Domain=.dailynews.co.uk; Path=/; Max-Age=31536000",
    f"euconsent-v2={EUCONSENT_V2}; Domain=.dailynews.co.uk; Path=/; Max-Age=33696000; Secure;"
    " SameSite=Lax",
)

_NEWS_EXPECTED = (
    ExpectedCookie(_NEWS, "dn_session", "8f3c2a91e0d4"),
    ExpectedCookie(_NEWS, "dn_prefs", "edition%3Duk%7Cfont%3Dlarge", max_age=30 * _DAY),
    ExpectedCookie(_NEWS, "dn_visitor", "v1.1764065702.7d1e", max_age=730 * _DAY),
    ExpectedCookie(_NEWS, "dn_secure", "tok-55aa01", secure=True, max_age=_DAY),
    ExpectedCookie(_NEWS, "dn_auth", "hx-9921-ff", secure=True, http_only=True, max_age=7 * _DAY),
    ExpectedCookie(_NEWS, "dn_strict", "strict-1", same_site=SameSite.STRICT, max_age=7 * _DAY),
    ExpectedCookie(_NEWS, "dn_lax", "lax-1", same_site=SameSite.LAX, max_age=7 * _DAY),
    ExpectedCookie(
        _NEWS, "dn_none", "none-1", secure=True, same_site=SameSite.NONE, max_age=7 * _DAY
    ),
    ExpectedCookie(_NEWS, "dn_account", "acct-42", "/account", True, True, max_age=14 * _DAY),
    ExpectedCookie(".dailynews.co.uk", "dn_edition", "uk", max_age=365 * _DAY),
    ExpectedCookie(
        ".dailynews.co.uk",
        "euconsent-v2",
        EUCONSENT_V2,
        secure=True,
        same_site=SameSite.LAX,
        max_age=390 * _DAY,
    ),
    ExpectedCookie(".dailynews.co.uk", "_ga", GA_COOKIE, max_age=730 * _DAY, set_by_script=True),
    ExpectedCookie(
        ".dailynews.co.uk",
        "OptanonConsent",
        OPTANON_CONSENT,
        same_site=SameSite.LAX,
        max_age=365 * _DAY,
        set_by_script=True,
    ),
    ExpectedCookie(
        ".dailynews.co.uk",
        "OptanonAlertBoxClosed",
        OPTANON_ALERT_BOX_CLOSED,
        same_site=SameSite.LAX,
        max_age=365 * _DAY,
        set_by_script=True,
    ),
)

_PLAYER_HEADERS = (
    "vp_uid=vp-0d4e8c1a; Path=/; Max-Age=15552000; Secure; SameSite=None; Partitioned",
    "vp_tp=tp-77c1; Path=/; Max-Age=15552000; Secure; SameSite=None",
)

_PLAYER_EXPECTED = (
    ExpectedCookie(
        _PLAYER,
        "vp_uid",
        "vp-0d4e8c1a",
        secure=True,
        same_site=SameSite.NONE,
        max_age=180 * _DAY,
        partitioned=True,
        top_level_site=_NEWS_SITE,
    ),
    # An ordinary third-party cookie: Chromium refuses it, Firefox keeps it partitioned
    # (Total Cookie Protection) without the Partitioned attribute.
    ExpectedCookie(
        _PLAYER,
        "vp_tp",
        "tp-77c1",
        secure=True,
        same_site=SameSite.NONE,
        max_age=180 * _DAY,
        top_level_site=_NEWS_SITE,
        stored_by=frozenset({Browser.FIREFOX}),
    ),
)

_TRACKER_EXPECTED = (
    ExpectedCookie(
        ".doubleclick.net",
        "IDE",
        "AHWqTUkQ3sV0b9x1Zr8mP2",
        secure=True,
        http_only=True,
        same_site=SameSite.NONE,
        max_age=395 * _DAY,
    ),
    ExpectedCookie(
        ".doubleclick.net",
        "id",
        "OPT_OUT",
        secure=True,
        same_site=SameSite.NONE,
        max_age=3650 * _DAY,
    ),
)

_SHOP = "shop.example-store.com"
_CART = "%7B%22items%22%3A2%2C%22total%22%3A%2259.90%22%7D"

_SHOP_EXPECTED = (
    ExpectedCookie(
        _SHOP,
        "PHPSESSID",
        "q8k2l5m1n0p9r7s6t4u3v2w1",
        secure=True,
        http_only=True,
        same_site=SameSite.LAX,
    ),
    ExpectedCookie(_SHOP, "cart", _CART, same_site=SameSite.LAX, max_age=14 * _DAY),
)

#: A news site with every kind of first-party cookie, consent records, a CHIPS iframe, an
#: ad tracker visited top-level plus its opt-out cookie, and a shop.
STANDARD = Scenario(
    name="standard",
    sites=("dailynews.co.uk", "videoplayer.example", "doubleclick.net", "example-store.com"),
    pages=(
        Page(_NEWS, "/", _NEWS_HEADERS, _NEWS_HTML),
        Page(_PLAYER, "/player", _PLAYER_HEADERS, "<!doctype html><p>Video player</p>", False),
        Page(
            "ad.doubleclick.net",
            "/",
            (
                "IDE=AHWqTUkQ3sV0b9x1Zr8mP2; Domain=.doubleclick.net; Path=/; Max-Age=34128000;"
                " Secure; HttpOnly; SameSite=None",
            ),
        ),
        Page(
            "www.doubleclick.net",
            "/optout",
            (
                "id=OPT_OUT; Expires={expires+315360000}; Path=/; Domain=.doubleclick.net;"
                " Secure; SameSite=None",
            ),
        ),
        Page(
            _SHOP,
            "/",
            (
                "PHPSESSID=q8k2l5m1n0p9r7s6t4u3v2w1; path=/; secure; HttpOnly; SameSite=Lax",
                f"cart={_CART}; Max-Age=1209600; Path=/; SameSite=Lax",
            ),
        ),
    ),
    expected=_NEWS_EXPECTED + _PLAYER_EXPECTED + _TRACKER_EXPECTED + _SHOP_EXPECTED,
)


# --------------------------------------------------------------------------- lab server


@dataclass(frozen=True)
class RecordedRequest:
    """One request the lab server received, with the Cookie header the browser sent."""

    scheme: str
    host: str
    path: str
    cookie: str | None
    referer: str | None


def parse_cookie_header(header: str | None) -> dict[str, str]:
    """Split a ``Cookie`` request header into name -> value."""
    pairs = (part.strip().partition("=") for part in (header or "").split(";"))
    return {name: value for name, _, value in pairs if name}


def render_set_cookie(header: str, now: float | None = None) -> str:
    """Replace ``{expires+N}`` in a ``Set-Cookie`` value with the HTTP date ``now + N``."""
    moment = time.time() if now is None else now

    def date(match: re.Match[str]) -> str:
        return email.utils.formatdate(moment + int(match.group(1)), usegmt=True)

    return re.sub(r"\{expires\+(\d+)\}", date, header)


class _ServerState:
    """What the request handlers of both servers share."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.ports: dict[str, int] = {}
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()


class _LabHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: _ServerState, scheme: str) -> None:
        super().__init__(("127.0.0.1", 0), _LabHandler)
        self.state = state
        self.scheme = scheme

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Browsers drop connections at will: do not print tracebacks for it."""


class _LabHTTPSServer(_LabHTTPServer):
    def __init__(self, state: _ServerState, context: ssl.SSLContext) -> None:
        super().__init__(state, "https")
        self.tls = context

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The TLS handshake runs here, in the request's thread, so that a stalled client
        # cannot block the accept loop.
        request.settimeout(10)
        try:
            connection = self.tls.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            return
        with connection:
            super().finish_request(connection, client_address)


class _LabHandler(http.server.BaseHTTPRequestHandler):
    server_version = "BrowserLab/1"
    timeout = 15

    def do_GET(self) -> None:
        server = cast(_LabHTTPServer, self.server)
        host = self.headers.get("Host", "").rsplit(":", 1)[0].lower()
        path = urllib.parse.urlsplit(self.path).path
        cookie = self.headers.get("Cookie")
        request = RecordedRequest(server.scheme, host, path, cookie, self.headers.get("Referer"))
        server.state.record(request)
        if path.endswith("/echo"):
            self._echo(request)
        else:
            self._page(server.state, server.state.scenario.page(host, path))

    def _echo(self, request: RecordedRequest) -> None:
        body = json.dumps(
            {
                "scheme": request.scheme,
                "host": request.host,
                "path": request.path,
                "cookie": request.cookie or "",
                "cookies": parse_cookie_header(request.cookie),
            },
            sort_keys=True,
        )
        self._send(200, "text/plain; charset=utf-8", body, ())

    def _page(self, state: _ServerState, page: Page | None) -> None:
        if page is None:
            self._send(404, "text/plain; charset=utf-8", "not in the scenario\n", ())
            return
        html = string.Template(page.html or f"<!doctype html><p>{page.host}</p>")
        body = html.safe_substitute(state.ports)
        cookies = tuple(render_set_cookie(header) for header in page.set_cookie)
        self._send(200, "text/html; charset=utf-8", body, cookies)

    def _send(self, status: int, content_type: str, body: str, cookies: Sequence[str]) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for cookie in cookies:
            self.send_header("Set-Cookie", cookie)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


class LabServer:
    """HTTP and HTTPS servers on 127.0.0.1 (random free ports) serving one scenario.

    The requested host comes from the Host header, so every host name of the scenario is
    served once the browser resolves it to 127.0.0.1. ``GET <any path ending in /echo>`` on
    every host answers, as JSON in ``text/plain``, the Cookie header it received.
    """

    def __init__(self, scenario: Scenario, certificates: Certificates) -> None:
        self.scenario = scenario
        self._state = _ServerState(scenario)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificates.cert_pem, certificates.key_pem)
        self._servers = [_LabHTTPServer(self._state, "http"), _LabHTTPSServer(self._state, context)]
        self._threads: list[threading.Thread] = []
        for server in self._servers:
            self._state.ports[f"{server.scheme}_port"] = server.server_address[1]

    @property
    def http_port(self) -> int:
        return self._state.ports["http_port"]

    @property
    def https_port(self) -> int:
        return self._state.ports["https_port"]

    def url(self, host: str, path: str = "/", scheme: str = "https") -> str:
        port = self.https_port if scheme == "https" else self.http_port
        return f"{scheme}://{host}:{port}{path}"

    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first."""
        return self._state.requests()

    def clear_requests(self) -> None:
        self._state.clear()

    def start(self) -> None:
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers:
            if self._threads:
                server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class Lab:
    """Certificates and a running :class:`LabServer` for one scenario, in one directory.

    Without ``directory`` a temporary one is made and removed on exit.
    """

    def __init__(self, scenario: Scenario = STANDARD, directory: Path | None = None) -> None:
        self.scenario = scenario
        self._own_directory = directory is None
        self.directory = directory or Path(tempfile.mkdtemp(prefix="browserlab-"))
        self.certificates = make_certificates(self.directory / "tls", scenario.hosts())
        self.server = LabServer(scenario, self.certificates)

    def url(self, host: str, path: str = "/", scheme: str = "https") -> str:
        return self.server.url(host, path, scheme)

    def visit_urls(self) -> list[str]:
        """The scenario's top-level pages as HTTPS URLs, in visiting order."""
        return [self.url(page.host, page.path) for page in self.scenario.visits()]

    def __enter__(self) -> Self:
        self.server.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.stop()
        if self._own_directory:
            shutil.rmtree(self.directory, ignore_errors=True)


# --------------------------------------------------------------------------- processes


def _browser_environment(home: Path, extra: Mapping[str, str] = {}) -> dict[str, str]:
    """A minimal environment: a private HOME, no display, no D-Bus, no proxy settings.

    Without a session bus Chromium cannot reach a keyring, so it never touches the
    developer's real one (and uses its fixed fallback key).
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TMPDIR": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    env.update(extra)
    return env


class _BrowserProcess:
    """A browser started in its own session (process group), logging to a file."""

    def __init__(self, pid: int, log_path: Path) -> None:
        self.pid = pid
        self.log_path = log_path
        self._reaped = False

    @classmethod
    def spawn(
        cls, argv: Sequence[str], env: Mapping[str, str], log_path: Path, fds: Mapping[int, int]
    ) -> _BrowserProcess:
        """Start ``argv`` with ``fds`` (child fd -> our fd) and stdout/stderr to ``log_path``."""
        sources = {target: fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for target, fd in fds.items()}
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        actions: list[tuple[Any, ...]] = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, str(log_path), flags, 0o600),
            (os.POSIX_SPAWN_DUP2, 1, 2),
        ]
        actions += [(os.POSIX_SPAWN_DUP2, fd, target) for target, fd in sources.items()]
        try:
            pid = os.posix_spawn(argv[0], list(argv), dict(env), file_actions=actions, setsid=True)
        finally:
            for fd in sources.values():
                os.close(fd)
        return cls(pid, log_path)

    def has_exited(self) -> bool:
        """Whether the main process ended (it stays a zombie, reserving the group id)."""
        if self._reaped:
            return True
        flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
        try:
            return os.waitid(os.P_PID, self.pid, flags) is not None
        except ChildProcessError:  # reaped behind our back
            return True

    def wait_exit(self, timeout: float) -> bool:
        with contextlib.suppress(BrowserLabError):
            _poll(lambda: True if self.has_exited() else None, timeout, "exit")
            return True
        return False

    def kill_group(self) -> None:
        """SIGKILL whatever is left of the process group, then reap the main process."""
        if self._reaped:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self._reaped = True

    def log_tail(self, lines: int = 25) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _kill_strays(install_dir: Path, marker: str) -> None:
    """SIGKILL helpers run from ``install_dir`` whose command line names ``marker``.

    Crash helpers (Firefox's crashhelper, Chromium's chrome_crashpad_handler) put themselves
    in a session of their own, out of reach of killpg. They are found by their executable's
    directory and the session's private HOME (unique to this session) in their arguments.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return
    for entry in proc.iterdir():
        if entry.name.isdigit() and _is_stray(entry, install_dir, marker.encode()):
            with contextlib.suppress(OSError):
                os.kill(int(entry.name), signal.SIGKILL)


def _is_stray(entry: Path, install_dir: Path, marker: bytes) -> bool:
    try:
        executable = (entry / "exe").readlink()
        return executable.parent == install_dir and marker in (entry / "cmdline").read_bytes()
    except OSError:
        return False


class BrowserSession:
    """What both browser sessions share: process lifetime, visiting, waiting for cookies.

    Subclasses: :class:`ChromiumSession`, :class:`FirefoxSession`.
    """

    browser: Browser

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._home: Path | None = None
        self._install_dir: Path | None = None
        self._process: _BrowserProcess | None = None

    # -- to be provided by each browser
    def binary(self) -> Path:
        """The browser executable that will be started."""
        raise NotImplementedError

    def _launch(self) -> None:
        raise NotImplementedError

    def _request_quit(self) -> None:
        raise NotImplementedError

    def _disconnect(self) -> None:
        raise NotImplementedError

    def navigate(self, url: str) -> None:
        """Load ``url`` in the page and wait for its load event (iframes included)."""
        raise NotImplementedError

    def page_text(self) -> str:
        """The rendered text of the current page (``document.body.innerText``)."""
        raise NotImplementedError

    def cookies(self) -> list[LiveCookie]:
        """Every cookie the browser holds in memory right now, in any partition."""
        raise NotImplementedError

    # -- shared
    @property
    def pid(self) -> int:
        return self._running_process().pid

    @property
    def home(self) -> Path | None:
        """The session's private HOME (it holds the browser's log); None once closed."""
        return self._home

    def is_running(self) -> bool:
        return self._process is not None and not self._process.has_exited()

    def start(self) -> Self:
        self._home = Path(tempfile.mkdtemp(prefix=f"browserlab-{self.browser.value}-"))
        try:
            self._install_dir = self.binary().resolve().parent
            self._launch()
        except BrowserLabError as error:
            failure = self._failure(f"did not start: {error}")
            self.kill()
            raise failure from error
        except BaseException:
            self.kill()
            raise
        return self

    def visit(self, urls: Iterable[str]) -> None:
        """Navigate to each URL in turn, waiting for every load."""
        for url in urls:
            self.navigate(url)

    def wait_for_cookies(self, expected: Iterable[ExpectedCookie], timeout: float = 10.0) -> None:
        """Wait until the browser holds every ``expected`` cookie (script-set ones land late)."""
        wanted = {(c.host, c.name, c.top_level_site) for c in expected}

        def missing() -> set[tuple[str, str, str | None]]:
            return wanted - {(c.host, c.name, c.top_level_site) for c in self.cookies()}

        try:
            _poll(lambda: True if not missing() else None, timeout, "cookies", interval=0.1)
        except BrowserLabError:
            raise self._failure(f"cookies never appeared: {sorted(map(str, missing()))}") from None

    def close(self) -> None:
        """Quit cleanly (so the stores are flushed), then make sure nothing is left running."""
        if self._process is None:
            self._cleanup()
            return
        with contextlib.suppress(BrowserLabError, OSError):
            self._request_quit()
        exited = self._process.wait_exit(self.timeout)
        error = None if exited else self._failure(f"did not quit within {self.timeout:.0f} s")
        self.kill()
        if error is not None:
            raise error

    def kill(self) -> None:
        """Kill the browser's whole process group and remove the session's temporary files."""
        if self._process is not None:
            self._process.kill_group()
        if self._home is not None and self._install_dir is not None:
            _kill_strays(self._install_dir, str(self._home))
        self._cleanup()

    def _cleanup(self) -> None:
        with contextlib.suppress(OSError):
            self._disconnect()
        self._process = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None

    def _running_process(self) -> _BrowserProcess:
        if self._process is None:
            raise BrowserLabError(f"{self.browser.value} is not running")
        return self._process

    def _failure(self, message: str) -> BrowserLabError:
        tail = self._process.log_tail() if self._process else ""
        return BrowserLabError(f"{self.browser.value}: {message}\n--- browser log ---\n{tail}")

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.kill()


@dataclass(frozen=True)
class LiveCookie:
    """A cookie as a running browser reports it (``top_level_site``: partition, or None)."""

    host: str
    name: str
    value: str
    path: str
    top_level_site: str | None


# --------------------------------------------------------------------------- Chromium

#: Flags that keep Chromium headless, hermetic and on loopback. Every host name resolves to
#: 127.0.0.1; background services (sync, updates, metrics, safe browsing, optimization hints,
#: media router, translate, network time, domain reliability...) are switched off.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-client-side-phishing-detection",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--disable-field-trial-config",
    "--no-pings",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
    "--no-proxy-server",
    "--mute-audio",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--ignore-certificate-errors",
    "--host-resolver-rules=MAP * 127.0.0.1",
    # Two services ignore the switches above and phone home at start-up (seen with Chromium
    # 156): the component updater (on-device model manifest) and Gaia's ListAccounts.
    # Point them at a closed loopback port instead of letting them reach 127.0.0.1:443.
    "--component-updater=url-source=http://127.0.0.1:9/",
    "--gaia-url=http://127.0.0.1:9/",
    "--disable-features=MediaRouter,DialMediaRouteProvider,OptimizationHints,"
    "OptimizationHintsFetching,OptimizationGuideModelDownloading,Translate,"
    "AutofillServerCommunication,CertificateTransparencyComponentUpdater,"
    "NetworkTimeServiceQuerying,InterestFeedContentSuggestions",
)

_CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser")


def find_chromium() -> Path | None:
    """The Chromium binary: ``$BROWSERLAB_CHROMIUM``, Debian's real binary, or one on PATH.

    Debian's ``/usr/bin/chromium`` is a wrapper script that adds flags (extensions!), so the
    binary under ``/usr/lib/chromium`` is preferred.
    """
    return _find_binary(os.environ.get("BROWSERLAB_CHROMIUM"), _CHROMIUM_CANDIDATES)


def chromium_available() -> bool:
    return find_chromium() is not None


def _find_binary(override: str | None, candidates: Sequence[str]) -> Path | None:
    for candidate in (override, *candidates) if override else candidates:
        found = shutil.which(candidate)
        if found:
            return Path(found)
    return None


class _DevToolsPipe:
    """The DevTools protocol over ``--remote-debugging-pipe``: NUL-terminated JSON messages."""

    def __init__(self, write_fd: int, read_fd: int) -> None:
        self._write_fd = write_fd
        self._read_fd = read_fd
        self._buffer = b""
        self._last_id = 0
        self._responses: dict[int, JSON] = {}
        self._events: list[JSON] = []

    def call(
        self,
        method: str,
        params: JSON | None = None,
        session_id: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> JSON:
        """Send one command and return its result (raise on a protocol error)."""
        self._last_id += 1
        message_id = self._last_id
        message: JSON = {"id": message_id, "method": method, "params": params or {}}
        if session_id is not None:
            message["sessionId"] = session_id
        try:
            os.write(self._write_fd, json.dumps(message).encode() + b"\0")
        except OSError as error:
            raise BrowserLabError(f"could not send {method} to Chromium: {error}") from None
        response = self._await(lambda: self._responses.pop(message_id, None), timeout, method)
        if "error" in response:
            raise BrowserLabError(f"DevTools {method} failed: {response['error']}")
        return cast(JSON, response.get("result", {}))

    def wait_event(self, matches: Callable[[JSON], bool], timeout: float, what: str) -> JSON:
        """Wait for (and consume) the first event that ``matches``."""

        def take() -> JSON | None:
            index = next((i for i, event in enumerate(self._events) if matches(event)), None)
            return None if index is None else self._events.pop(index)

        return self._await(take, timeout, what)

    def discard_events(self) -> None:
        self._events.clear()

    def close(self) -> None:
        for fd in (self._write_fd, self._read_fd):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _await(self, take: Callable[[], JSON | None], timeout: float, what: str) -> JSON:
        deadline = _Deadline(timeout)
        while (found := take()) is None:
            self._read_message(deadline, what)
        return found

    def _read_message(self, deadline: _Deadline, what: str) -> None:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read_fd], [], [], deadline.remaining())
            if not ready:
                raise BrowserLabError(
                    f"timed out after {deadline.seconds:.0f} s waiting for {what}"
                )
            chunk = os.read(self._read_fd, 1 << 16)
            if not chunk:
                raise BrowserLabError(f"Chromium closed the DevTools pipe while waiting for {what}")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message = json.loads(raw)
        if "id" in message:
            self._responses[message["id"]] = message
        else:
            self._events.append(message)


class ChromiumSession(BrowserSession):
    """Headless Chromium in ``user_data_dir``, driven over the DevTools pipe.

    Use as a context manager; leaving the block quits cleanly (``Browser.close``) so that
    ``<user_data_dir>/Default/Cookies`` is flushed, or kills the browser on an exception.
    """

    browser = Browser.CHROMIUM

    def __init__(
        self,
        user_data_dir: Path,
        *,
        extra_args: Sequence[str] = (),
        timeout: float = DEFAULT_TIMEOUT,
        environment: Mapping[str, str] = {},
    ) -> None:
        super().__init__(timeout)
        self.user_data_dir = user_data_dir
        self.extra_args = tuple(extra_args)
        # e.g. DBUS_SESSION_BUS_ADDRESS of a private bus with a keyring (tests/support/keyring.py)
        self.environment = dict(environment)
        self._pipe: _DevToolsPipe | None = None
        self._session_id = ""

    def binary(self) -> Path:
        binary = find_chromium()
        if binary is None:
            raise BrowserLabError("Chromium is not installed")
        return binary

    def argv(self) -> list[str]:
        flags = [
            *CHROMIUM_FLAGS,
            "--remote-debugging-pipe",
            f"--user-data-dir={self.user_data_dir}",
        ]
        return [str(self.binary()), *flags, *self.extra_args, "about:blank"]

    def _launch(self) -> None:
        assert self._home is not None
        self.user_data_dir.mkdir(parents=True, exist_ok=True)
        commands_in, commands_out = os.pipe()
        replies_in, replies_out = os.pipe()
        try:
            self._process = _BrowserProcess.spawn(
                self.argv(),
                _browser_environment(self._home, self.environment),
                self._home / "chromium.log",
                {3: commands_in, 4: replies_out},
            )
        finally:
            os.close(commands_in)
            os.close(replies_out)
        self._pipe = _DevToolsPipe(commands_out, replies_in)
        self._attach_to_page()

    def _attach_to_page(self) -> None:
        target_id = _poll(self._find_page_target, self.timeout, "Chromium's first page")
        attached = self._call("Target.attachToTarget", {"targetId": target_id, "flatten": True})
        self._session_id = attached["sessionId"]
        self._call("Page.enable", session=True)
        self._call("Page.setLifecycleEventsEnabled", {"enabled": True}, session=True)

    def _find_page_target(self) -> str | None:
        targets = self._call("Target.getTargets")["targetInfos"]
        return next((t["targetId"] for t in targets if t["type"] == "page"), None)

    def _call(self, method: str, params: JSON | None = None, *, session: bool = False) -> JSON:
        if self._pipe is None:
            raise BrowserLabError("Chromium is not running")
        session_id = self._session_id if session else None
        return self._pipe.call(method, params, session_id, self.timeout)

    def navigate(self, url: str) -> None:
        pipe = self._connected_pipe()
        pipe.discard_events()
        result = self._call("Page.navigate", {"url": url}, session=True)
        if result.get("errorText"):
            raise self._failure(f"could not load {url}: {result['errorText']}")
        loader = result.get("loaderId")

        def loaded(event: JSON) -> bool:
            params = event.get("params", {})
            return (
                event.get("method") == "Page.lifecycleEvent"
                and params.get("name") == "load"
                and params.get("loaderId") == loader
            )

        pipe.wait_event(loaded, PAGE_LOAD_TIMEOUT, f"the load event of {url}")

    def evaluate(self, expression: str) -> Any:
        """Evaluate a JavaScript expression in the page and return its JSON value."""
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        result = self._call("Runtime.evaluate", params, session=True)
        if "exceptionDetails" in result:
            raise BrowserLabError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def page_text(self) -> str:
        return str(self.evaluate("document.body ? document.body.innerText : ''"))

    def cookies(self) -> list[LiveCookie]:
        return [_chromium_live_cookie(c) for c in self._call("Storage.getCookies")["cookies"]]

    def _connected_pipe(self) -> _DevToolsPipe:
        if self._pipe is None:
            raise BrowserLabError("Chromium is not running")
        return self._pipe

    def _request_quit(self) -> None:
        self._call("Browser.close")

    def _disconnect(self) -> None:
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None


def _chromium_live_cookie(cookie: JSON) -> LiveCookie:
    key = cookie.get("partitionKey")
    site = key.get("topLevelSite") if isinstance(key, dict) else key
    return LiveCookie(cookie["domain"], cookie["name"], cookie["value"], cookie["path"], site)


# --------------------------------------------------------------------------- Firefox

#: Preferences written to ``user.js``: every host resolves to 127.0.0.1, no proxy, no DoH, and
#: every background connection (updates, telemetry, safe browsing, captive portal, remote
#: settings, normandy, push, add-ons, GMP, geolocation, region, new-tab feeds...) is off.
#: Nothing here concerns session restore: with Firefox's defaults (plus the prefs Marionette
#: applies itself) a clean ``Marionette:Quit`` already writes session cookies to
#: ``sessionstore.jsonlz4``, and a relaunch does not restore them.
FIREFOX_PREFS: Mapping[str, bool | int | str] = {
    "network.dns.forceResolve": "127.0.0.1",
    "network.dns.disableIPv6": True,
    "network.dns.disablePrefetch": True,
    "network.proxy.type": 0,
    "network.trr.mode": 5,
    "network.prefetch-next": False,
    "network.predictor.enabled": False,
    "network.http.speculative-parallel-limit": 0,
    "network.http.http3.enable": False,
    "network.connectivity-service.enabled": False,
    "network.captive-portal-service.enabled": False,
    "captivedetect.canonicalURL": "",
    "app.update.auto": False,
    "app.update.disabledForTesting": True,
    "app.normandy.enabled": False,
    "app.normandy.api_url": "",
    "app.shield.optoutstudies.enabled": False,
    "messaging-system.rsexperimentloader.enabled": False,
    # Release builds ignore this unless MOZ_REMOTE_SETTINGS_DEVTOOLS is set (see below);
    # without both, a new profile sends ~200 requests to firefox.settings.services.mozilla.com.
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.unified": False,
    "toolkit.telemetry.archive.enabled": False,
    "toolkit.telemetry.server": "",
    "datareporting.healthreport.uploadEnabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.usage.uploadEnabled": False,
    "browser.ping-centre.telemetry": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.downloads.remote.enabled": False,
    "browser.safebrowsing.blockedURIs.enabled": False,
    "browser.safebrowsing.provider.google4.updateURL": "",
    "browser.safebrowsing.provider.google.updateURL": "",
    "browser.safebrowsing.provider.mozilla.updateURL": "",
    "dom.push.connection.enabled": False,
    "dom.push.serverURL": "",
    "extensions.update.enabled": False,
    "extensions.systemAddon.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "extensions.blocklist.enabled": False,
    "media.gmp-manager.url": "",
    "media.gmp-gmpopenh264.enabled": False,
    "media.gmp-widevinecdm.enabled": False,
    "geo.enabled": False,
    "geo.provider.network.url": "",
    "browser.region.network.url": "",
    "browser.region.update.enabled": False,
    "browser.search.update": False,
    "browser.newtabpage.enabled": False,
    "browser.newtabpage.activity-stream.feeds.system.topstories": False,
    "browser.newtabpage.activity-stream.feeds.section.topstories": False,
    "browser.newtabpage.activity-stream.feeds.snippets": False,
    "browser.newtabpage.activity-stream.telemetry": False,
    "browser.topsites.contile.enabled": False,
    "browser.urlbar.quicksuggest.enabled": False,
    "browser.discovery.enabled": False,
    "browser.translations.enable": False,
    "extensions.pocket.enabled": False,
    "identity.fxaccounts.enabled": False,
    "security.OCSP.enabled": 0,
    "security.remote_settings.crlite_filters.enabled": False,
    "security.remote_settings.intermediates.enabled": False,
    "security.certerrors.mitm.priming.enabled": False,
    "network.sntp.pools": "",
    "browser.aboutwelcome.enabled": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "startup.homepage_welcome_url": "",
    "browser.shell.checkDefaultBrowser": False,
    "devtools.jsonview.enabled": False,
    # Let Firefox pick a free port and write it to <profile>/MarionetteActivePort: no race.
    "marionette.port": 0,
}

_FIREFOX_CANDIDATES = ("firefox-esr", "firefox")
_FIREFOX_ENVIRONMENT = {
    "MOZ_CRASHREPORTER_DISABLE": "1",
    "MOZ_HEADLESS": "1",
    # Lets services.settings.server (above) take effect in a release build.
    "MOZ_REMOTE_SETTINGS_DEVTOOLS": "1",
}
_CA_NICKNAME = "Cookie Inspector Test CA"


def find_firefox() -> Path | None:
    """The Firefox binary: ``$BROWSERLAB_FIREFOX``, ``firefox-esr`` or ``firefox`` on PATH."""
    return _find_binary(os.environ.get("BROWSERLAB_FIREFOX"), _FIREFOX_CANDIDATES)


def firefox_available() -> bool:
    """Firefox and NSS's ``certutil`` (needed to trust the lab CA) are both installed."""
    return find_firefox() is not None and shutil.which("certutil") is not None


def prepare_firefox_profile(
    profile_dir: Path, ca_pem: Path, prefs: Mapping[str, bool | int | str] = {}
) -> Path:
    """Make ``profile_dir`` a Firefox profile that trusts ``ca_pem`` and stays on loopback."""
    profile_dir.mkdir(parents=True, exist_ok=True)
    write_user_js(profile_dir, prefs)
    _import_ca(profile_dir, ca_pem)
    return profile_dir


def write_user_js(profile_dir: Path, prefs: Mapping[str, bool | int | str] = {}) -> Path:
    """Write ``FIREFOX_PREFS`` updated with ``prefs`` to ``<profile_dir>/user.js``."""
    merged = {**FIREFOX_PREFS, **prefs}
    lines = [
        f"user_pref({json.dumps(name)}, {json.dumps(value)});" for name, value in merged.items()
    ]
    path = profile_dir / "user.js"
    path.write_text("\n".join(lines) + "\n")
    return path


def _import_ca(profile_dir: Path, ca_pem: Path) -> None:
    database = f"sql:{profile_dir}"
    if not (profile_dir / "cert9.db").exists():
        _certutil("-N", "-d", database, "--empty-password")
    _certutil("-A", "-n", _CA_NICKNAME, "-t", "C,,", "-i", str(ca_pem), "-d", database)


def _certutil(*args: str) -> None:
    certutil = shutil.which("certutil")
    if certutil is None:
        raise BrowserLabError("certutil (libnss3-tools) is not installed")
    done = subprocess.run(
        [certutil, *args], capture_output=True, text=True, timeout=DEFAULT_TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise BrowserLabError(f"certutil {' '.join(args)} failed: {done.stderr.strip()}")


class _Marionette:
    """Marionette's wire protocol: ``<length>:<json>``, commands ``[0, id, name, params]``."""

    def __init__(self, port: int, timeout: float) -> None:
        try:
            self._socket = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        except OSError as error:
            raise BrowserLabError(f"cannot connect to Marionette on port {port}: {error}") from None
        self._last_id = 0
        try:
            hello = self._receive()
        except (OSError, BrowserLabError):
            self._socket.close()
            raise
        if not isinstance(hello, dict) or hello.get("marionetteProtocol") != 3:
            self._socket.close()
            raise BrowserLabError(f"unexpected Marionette greeting: {hello!r}")

    def call(self, command: str, params: JSON | None = None) -> Any:
        """Send one command and return its result (raise on a WebDriver error)."""
        self._last_id += 1
        data = json.dumps([0, self._last_id, command, params or {}]).encode()
        try:
            self._socket.sendall(str(len(data)).encode() + b":" + data)
            reply = self._receive()
            while reply[0] != 1 or reply[1] != self._last_id:
                reply = self._receive()
        except OSError as error:  # TimeoutError included
            raise BrowserLabError(f"Marionette {command}: {error!r}") from None
        if reply[2]:
            raise BrowserLabError(f"Marionette {command} failed: {reply[2].get('message')}")
        return reply[3]

    def close(self) -> None:
        self._socket.close()

    def _receive(self) -> Any:
        header = b""
        while not header.endswith(b":"):
            header += self._read(1)
            if len(header) > 20:
                raise BrowserLabError(f"bad Marionette frame header {header!r}")
        return json.loads(self._read(int(header[:-1])))

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self._socket.recv(size - len(data))
            if not chunk:
                raise BrowserLabError("Firefox closed the Marionette connection")
            data += chunk
        return data


_FIREFOX_COOKIES_SCRIPT = """
return Services.cookies.cookies.map(c => ({
  host: c.host, name: c.name, value: c.value, path: c.path,
  partitionKey: c.originAttributes.partitionKey || ""
}));
"""


class FirefoxSession(BrowserSession):
    """Headless Firefox ESR on a profile made by :func:`prepare_firefox_profile`, over Marionette.

    ``user.js`` is rewritten at each launch from :data:`FIREFOX_PREFS` and ``prefs``. The
    session may stay running while a test copies the profile's files. Leaving the ``with``
    block quits cleanly (``Marionette:Quit``), which writes session cookies to
    ``<profile>/sessionstore.jsonlz4``; on an exception the browser is killed.
    ``--remote-allow-system-access`` lets :meth:`cookies` read the cookie service from chrome.
    """

    browser = Browser.FIREFOX

    def __init__(
        self,
        profile_dir: Path,
        *,
        prefs: Mapping[str, bool | int | str] = {},
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(timeout)
        self.profile_dir = profile_dir
        self.prefs = dict(prefs)
        self._marionette: _Marionette | None = None

    def binary(self) -> Path:
        binary = find_firefox()
        if binary is None:
            raise BrowserLabError("Firefox is not installed")
        return binary

    def argv(self) -> list[str]:
        return [
            str(self.binary()),
            "--headless",
            "--marionette",
            "--remote-allow-system-access",
            "--no-remote",
            "--profile",
            str(self.profile_dir),
            "about:blank",
        ]

    def _launch(self) -> None:
        assert self._home is not None
        write_user_js(self.profile_dir, self.prefs)
        port_file = self.profile_dir / "MarionetteActivePort"
        port_file.unlink(missing_ok=True)
        environment = _browser_environment(self._home, _FIREFOX_ENVIRONMENT)
        log = self._home / "firefox.log"
        self._process = _BrowserProcess.spawn(self.argv(), environment, log, {})
        port = _poll(lambda: self._read_port(port_file), self.timeout, "Marionette to listen")
        self._marionette = _Marionette(port, self.timeout)
        capabilities = {"alwaysMatch": {"acceptInsecureCerts": False, "pageLoadStrategy": "normal"}}
        self._call("WebDriver:NewSession", {"capabilities": capabilities})
        self._call("WebDriver:SetTimeouts", {"pageLoad": int(PAGE_LOAD_TIMEOUT * 1000)})

    def _read_port(self, port_file: Path) -> int | None:
        if self._process is not None and self._process.has_exited():
            raise BrowserLabError("Firefox exited during start-up")
        with contextlib.suppress(OSError, ValueError):
            return int(port_file.read_text().strip())
        return None

    def _call(self, command: str, params: JSON | None = None) -> Any:
        if self._marionette is None:
            raise BrowserLabError("Firefox is not running")
        return self._marionette.call(command, params)

    def navigate(self, url: str) -> None:
        self._call("WebDriver:Navigate", {"url": url})

    def execute_script(self, script: str, *, chrome: bool = False) -> Any:
        """Run a WebDriver script (a function body) in the page, or in chrome with ``chrome``."""
        if not chrome:
            return self._call("WebDriver:ExecuteScript", {"script": script, "args": []})["value"]
        self._call("Marionette:SetContext", {"value": "chrome"})
        try:
            return self._call("WebDriver:ExecuteScript", {"script": script, "args": []})["value"]
        finally:
            self._call("Marionette:SetContext", {"value": "content"})

    def page_text(self) -> str:
        return str(self.execute_script("return document.body ? document.body.innerText : '';"))

    def cookies(self) -> list[LiveCookie]:
        found = self.execute_script(_FIREFOX_COOKIES_SCRIPT, chrome=True)
        return [
            LiveCookie(
                c["host"], c["name"], c["value"], c["path"], _partition_site(c["partitionKey"])
            )
            for c in found
        ]

    def _request_quit(self) -> None:
        self._call("Marionette:Quit", {"flags": ["eAttemptQuit"]})

    def _disconnect(self) -> None:
        if self._marionette is not None:
            self._marionette.close()
            self._marionette = None


def _partition_site(partition_key: str) -> str | None:
    """``(https,example.com)`` or ``(https,example.com,f)`` -> ``https://example.com``."""
    if not partition_key:
        return None
    scheme, site = partition_key.strip("()").split(",")[:2]
    return f"{scheme}://{site}"


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class ChromiumProfile:
    """A Chromium user-data directory written by a real browser run."""

    user_data_dir: Path

    @property
    def profile_dir(self) -> Path:
        return self.user_data_dir / "Default"

    @property
    def cookies_db(self) -> Path:
        return self.profile_dir / "Cookies"


@dataclass(frozen=True)
class FirefoxProfile:
    """A Firefox profile directory written by a real browser run."""

    profile_dir: Path

    @property
    def cookies_db(self) -> Path:
        return self.profile_dir / "cookies.sqlite"

    @property
    def sessionstore(self) -> Path:
        """Where a clean quit leaves session cookies (mozLz4-compressed JSON)."""
        return self.profile_dir / "sessionstore.jsonlz4"


def build_chromium_profile(directory: Path, lab: Lab | None = None) -> ChromiumProfile:
    """Run Chromium once over the lab's scenario (default: a private :data:`STANDARD` lab).

    Returns the user-data directory ``directory/chromium`` after a clean quit.
    """
    with _lab_or_standard(lab) as running:
        profile = ChromiumProfile(directory / "chromium")
        with ChromiumSession(profile.user_data_dir) as session:
            _run_scenario(session, running)
    if not profile.cookies_db.exists():
        raise BrowserLabError(f"Chromium wrote no {profile.cookies_db}")
    return profile


def build_firefox_profile(directory: Path, lab: Lab | None = None) -> FirefoxProfile:
    """Run Firefox once over the lab's scenario (default: a private :data:`STANDARD` lab).

    Returns the profile ``directory/firefox`` after a clean quit, checking that its session
    cookies reached ``sessionstore.jsonlz4``.
    """
    with _lab_or_standard(lab) as running:
        profile = FirefoxProfile(directory / "firefox")
        prepare_firefox_profile(profile.profile_dir, running.certificates.ca_pem)
        with FirefoxSession(profile.profile_dir) as session:
            _run_scenario(session, running)
    _check_sessionstore(profile, running.scenario)
    return profile


@contextlib.contextmanager
def _lab_or_standard(lab: Lab | None) -> Iterator[Lab]:
    if lab is not None:
        yield lab
        return
    with Lab(STANDARD) as own:
        yield own


def _run_scenario(session: BrowserSession, lab: Lab) -> None:
    session.visit(lab.visit_urls())
    session.wait_for_cookies(lab.scenario.expected_in(session.browser))


def _check_sessionstore(profile: FirefoxProfile, scenario: Scenario) -> None:
    if not profile.sessionstore.exists():
        raise BrowserLabError(f"Firefox wrote no {profile.sessionstore}")
    stored = {(c["host"], c["name"]) for c in read_mozlz4(profile.sessionstore).get("cookies", [])}
    missing = {(c.host, c.name) for c in scenario.session_in(Browser.FIREFOX)} - stored
    if missing:
        raise BrowserLabError(f"session cookies missing from sessionstore.jsonlz4: {missing}")


# --------------------------------------------------------------------------- reading helpers

MOZLZ4_MAGIC = b"mozLz40\0"


def decode_mozlz4(data: bytes) -> bytes:
    """Decompress mozLz4: 8-byte magic, 4-byte little-endian size, then one LZ4 block."""
    if not data.startswith(MOZLZ4_MAGIC):
        raise ValueError("not a mozLz4 file")
    # lz4.block's own size prefix is the same 4-byte little-endian length.
    return cast(bytes, lz4.block.decompress(data[len(MOZLZ4_MAGIC) :]))


def read_mozlz4(path: Path) -> JSON:
    """Read a ``.jsonlz4`` / ``.mozlz4`` file as JSON."""
    return cast(JSON, json.loads(decode_mozlz4(path.read_bytes())))


def snapshot_sqlite(database: Path, into: Path) -> Path:
    """Copy ``database`` with its ``-wal`` (and ``-journal``) into ``into``; return the copy.

    Open the copy, never the live file: even ``?mode=ro`` makes SQLite create a ``-shm``
    beside a WAL database, and Firefox holds an exclusive lock on its own.
    """
    into.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-journal"):
        source = database.with_name(database.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            shutil.copyfile(source, into / source.name)
    return into / database.name


def copy_profile(source: Path, destination: Path) -> Path:
    """Copy a browser profile without its lock files, e.g. to relaunch a browser on it."""
    shutil.copytree(
        source,
        destination,
        symlinks=True,
        ignore=shutil.ignore_patterns(*_LOCK_FILES, "MarionetteActivePort"),
    )
    return destination
