"""DEMO: one made-up person's week of browsing, for the app's sample data.

``scripts/make_sample_data.py`` runs this scenario through the browser lab in real Chromium
and Firefox ESR and ships the stores they write in ``resources/sample/`` ("Explore sample
data", ``cookie-inspector --demo``).

The week, one site a day, with the trackers met on the way:

* Saturday, ``shop.greenleaf-garden.com``: a WooCommerce garden shop; OneTrust, everything
  accepted; Google Analytics, Google Ads, Meta Pixel, Microsoft UET and Criteo scripts.
* Sunday, ``www.thymeline-kitchen.com``: a recipe blog; Didomi with an IAB TCF string, all
  accepted; Hotjar; a YouTube embed (third-party: only Firefox keeps it, partitioned).
* Monday, ``www.youtube.com``: a video; "Reject all" in Google's banner (``SOCS``).
* Tuesday, ``www.northbridge.gov.uk``: the local council's bin-collection page (ASP.NET on
  Azure); Cookiebot, necessary cookies only.
* Wednesday, ``www.riverside-gazette.co.uk``: a local newspaper; OneTrust plus an IAB TCF
  string, everything refused on 25 November 2026, yet Google Analytics cookies and the
  site's own visitor id are set afterwards. Its ad slot is a DoubleClick iframe that sets a
  CHIPS ``Partitioned`` cookie; Firefox also keeps the slot's DoubleClick and Criteo ids,
  partitioned.
* Thursday, ``www.ashgrove-leisure.co.uk``: the leisure centre's swimming timetable (Laravel);
  CookieYes, analytics accepted and advertising refused; HubSpot.
* Friday, ``online.harbourside-bank.co.uk``: the bank's log-in page; no banner, only
  strictly necessary cookies (Cloudflare bot management among them).
* Trackers visited top-level on the way (ad clicks, redirects, a search, two social
  networks): ``ad.doubleclick.net`` (``IDE``, then the ``id=OPT_OUT`` opt-out),
  ``gum.criteo.com``, ``www.facebook.com``, ``www.linkedin.com``, ``www.bing.com``.

Every host name of the person's own sites is made up; trackers use their real domains, which
the lab resolves to 127.0.0.1 inside the browser only. Every value is made up but has the
format the real service uses. Consent records carry fixed dates in the week before the run,
so the refusal on the newspaper predates the analytics cookies the browser stores.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tests.support.browserlab import (
    EUCONSENT_V2,
    Browser,
    ExpectedCookie,
    Page,
    SameSite,
    Scenario,
)

_MINUTE = 60
_DAY = 24 * 3600
_YEAR = 365 * _DAY
#: Third-party cookies without ``Partitioned``: Chromium refuses them, Firefox partitions them.
FIREFOX_ONLY = frozenset({Browser.FIREFOX})

NONE, LAX, STRICT = SameSite.NONE, SameSite.LAX, SameSite.STRICT


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class _Site:
    """The pages of one site (with their iframes) and every cookie they leave."""

    pages: tuple[Page, ...]
    cookies: tuple[ExpectedCookie, ...]


def _b64json(data: object) -> str:
    """Standard base64 of compact JSON, as Didomi and Hotjar store their objects."""
    return base64.b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()


def _attributes(cookie: ExpectedCookie) -> list[str]:
    """``Path`` and, for a domain cookie, ``Domain``."""
    parts = [f"Path={cookie.path}"]
    if not cookie.host_only:
        parts.append(f"Domain={cookie.host[1:]}")
    return parts


def _flags(cookie: ExpectedCookie) -> list[str]:
    """``Secure``, ``HttpOnly``, ``SameSite`` and ``Partitioned``, as the cookie has them."""
    parts = ["Secure"] if cookie.secure else []
    if cookie.http_only:
        parts.append("HttpOnly")
    if cookie.same_site is not SameSite.UNSPECIFIED:
        parts.append(f"SameSite={cookie.same_site.value}")
    if cookie.partitioned:
        parts.append("Partitioned")
    return parts


def set_cookie_header(cookie: ExpectedCookie, *, expires: bool = False) -> str:
    """The ``Set-Cookie`` value that makes a browser store ``cookie``.

    With ``expires`` the lifetime is sent as an ``Expires`` date (the lab fills it in),
    otherwise as ``Max-Age``.
    """
    parts = [f"{cookie.name}={cookie.value}", *_attributes(cookie)]
    if cookie.max_age is not None:
        parts.append(
            f"Expires={{expires+{cookie.max_age}}}" if expires else f"Max-Age={cookie.max_age}"
        )
    return "; ".join(parts + _flags(cookie))


def _script_statement(cookie: ExpectedCookie) -> str:
    """One ``setCookie(...)`` call, as a consent or analytics script would write it."""
    if cookie.http_only or cookie.partitioned:
        raise ValueError(f"{cookie.name}: a script cannot set HttpOnly or Partitioned")
    parts = [f"{cookie.name}={cookie.value}", f"path={cookie.path}"]
    if not cookie.host_only:
        parts.append(f"domain={cookie.host[1:]}")
    parts += [flag.lower() for flag in _flags(cookie)]
    seconds = "null" if cookie.max_age is None else str(cookie.max_age)
    return f"setCookie({json.dumps('; '.join(parts))}, {seconds});"


_SET_COOKIE_FUNCTION = (
    "function setCookie(text, seconds) {\n"
    "  var expires = seconds === null ? '' :\n"
    "    '; expires=' + new Date(Date.now() + seconds * 1000).toUTCString();\n"
    "  document.cookie = text + expires;\n"
    "}"
)


def _html(
    title: str, text: str, scripted: Sequence[ExpectedCookie] = (), iframes: Sequence[str] = ()
) -> str:
    """A small page (a :class:`string.Template`: ``$`` is escaped) with its scripts and frames."""
    script = ""
    if scripted:
        calls = "\n".join(_script_statement(cookie) for cookie in scripted)
        script = f"<script>\n{_SET_COOKIE_FUNCTION}\n{calls}\n</script>"
    frames = "".join(
        f'\n<iframe src="{url}" width="300" height="250" title="embedded content"></iframe>'
        for url in iframes
    )
    return (
        f'<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{title}</title>\n{script.replace('$', '$$')}</head>\n"
        f"<body><h1>{title}</h1><p>{text}</p>{frames}\n</body></html>\n"
    )


def _frame(host: str, path: str) -> str:
    """An iframe URL on the lab's HTTPS port."""
    return f"https://{host}:${{https_port}}{path}"


def _page(
    host: str,
    path: str,
    title: str,
    text: str,
    *,
    headers: Sequence[ExpectedCookie] = (),
    scripted: Sequence[ExpectedCookie] = (),
    iframes: Sequence[str] = (),
    dated: Sequence[str] = (),
    top_level: bool = True,
) -> Page:
    """A page sending ``headers`` as ``Set-Cookie`` (those named in ``dated`` with an
    ``Expires`` date) and setting ``scripted`` from an inline script."""
    set_cookie = tuple(set_cookie_header(c, expires=c.name in dated) for c in headers)
    return Page(host, path, set_cookie, _html(title, text, scripted, iframes), top_level)


def _script(cookie: ExpectedCookie) -> ExpectedCookie:
    """The same cookie, marked as written by a page script."""
    return replace(cookie, set_by_script=True)


def _site(*pages_and_cookies: tuple[Page, Sequence[ExpectedCookie]]) -> _Site:
    """A site from (page, cookies that page leaves) pairs."""
    pages = tuple(page for page, _ in pages_and_cookies)
    cookies = tuple(cookie for _, found in pages_and_cookies for cookie in found)
    return _Site(pages, cookies)


# --------------------------------------------------------------------------- consent records


def _optanon(datestamp: str, consent_id: str, groups: str, version: str) -> str:
    """A OneTrust ``OptanonConsent`` value (percent-encoded query string)."""
    return (
        f"isGpcEnabled=0&datestamp={datestamp}&version={version}&browserGpcFlag=0"
        f"&isIABGlobal=false&hosts=&consentId={consent_id}&interactionCount=1&isAnonUser=1"
        f"&landingPath=NotLandingPage&groups={groups}&geolocation=GB%3BENG"
        "&AwaitingReconsent=false"
    )


#: The newspaper's OneTrust record: only strictly necessary cookies, Wed 25 Nov 2026 10:15:02
#: UTC, the same moment as the TCF string :data:`EUCONSENT_V2` (which refuses everything).
GAZETTE_OPTANON = _optanon(
    "Wed+Nov+25+2026+10%3A15%3A02+GMT%2B0000+(Greenwich+Mean+Time)",
    "3c9f1a7e-52b8-4d06-9e4a-b1d7c02f6e85",
    "C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0%2CC0005%3A0",
    "202411.2.0",
)
GAZETTE_ALERT_BOX_CLOSED = "2026-11-25T10:15:02.117Z"
#: The shop's OneTrust record: every group accepted, Sat 21 Nov 2026 14:32:18 UTC.
SHOP_OPTANON = _optanon(
    "Sat+Nov+21+2026+14%3A32%3A18+GMT%2B0000+(Greenwich+Mean+Time)",
    "7d3b9a1e-2f4c-4e8a-b6d0-5c1e9f3a7b24",
    "C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1",
    "202409.1.0",
)
SHOP_ALERT_BOX_CLOSED = "2026-11-21T14:32:18.604Z"
#: IAB TCF v2.2 TC string written by Didomi (CMP 7, version 2) on Sun 22 Nov 2026 19:04:11 UTC:
#: vendor list 152, policy 4, service-specific, language EN, publisher GB; consent to
#: purposes 1-11, legitimate interest for 2 and 7-11, no special features; consent and
#: legitimate interest for vendors 10, 11, 21, 25, 32, 42, 50, 52, 69, 76, 79, 91, 95, 97, 131,
#: 164, 755, 793 and 1126 (range encoding).
RECIPES_EUCONSENT_V2 = (
    "CQuIF6xQuIF6xAHACBENCYEgAP_gAEPgAAwIIzQEoAFAAWABUADIAIAAVAAyABoAEUAJgATwAtgBfADCAIMAUgC8"
    "wGMgRmBGaAlAAoACwAKgAZABAACoAGQANAAigBMACeAFsAL4AYQBBgCkAXmAxkCMwAA"
)
#: Didomi's own record of the same choice: custom purposes and vendors, all enabled.
RECIPES_DIDOMI_TOKEN = _b64json(
    {
        "user_id": "19c4e7a2-5d8b-6f31-a9e0-3b7c2d1f8e64",
        "created": "2026-11-22T19:04:11.318Z",
        "updated": "2026-11-22T19:04:11.318Z",
        "vendors": {
            "enabled": [
                "google",
                "c:youtube",
                "c:hotjar",
                "c:googleana-4TXnJigR",
                "c:pinterest-Ea2VkEdz",
            ]
        },
        "purposes": {
            "enabled": [
                "geolocation_data",
                "device_characteristics",
                "analytics-HpBJrrK7",
                "audiencem-hJxaeGrR",
            ]
        },
        "vendors_li": {"enabled": ["google", "c:hotjar"]},
        "purposes_li": {"enabled": ["audiencem-hJxaeGrR"]},
        "version": 2,
        "ac": "AkuAEAFkBJYA.AkuAEAFkBJYA",
    }
)
#: Google's SOCS, protobuf in base64url: choice 1 (rejected), server
#: boq_identityfrontenduiserver_20261117.06_p0, language en, chosen Mon 23 Nov 2026 20:41:07 UTC.
YOUTUBE_SOCS = (
    "CAESNQgBEitib3FfaWRlbnRpdHlmcm9udGVuZHVpc2VydmVyXzIwMjYxMTE3LjA2X3AwGgJlbiABGgYI48mS2AY"
)
#: Cookiebot's URL-encoded object literal: necessary only, Tue 24 Nov 2026 09:12:44.512 UTC.
COUNCIL_COOKIECONSENT = (
    "{stamp:%27Xp0Rt7vLqN2kD9wFhB4sJmY8cZ1eTgU6aK3oWiQ5nVrE0lHyMbC7dA==%27%2Cnecessary:true"
    "%2Cpreferences:false%2Cstatistics:false%2Cmarketing:false%2Cmethod:%27explicit%27"
    "%2Cver:2%2Cutc:1795511564512%2Cregion:%27gb%27}"
)
#: CookieYes: functional, analytics and performance accepted, advertisement refused.
LEISURE_COOKIEYES = (
    "consentid:WkR4dTJ2b0xyQ3NmNnBHbk1hVzhZcTNFcE9kSjFpS3U,consent:yes,action:yes,"
    "necessary:yes,functional:yes,analytics:yes,performance:yes,advertisement:no,other:no"
)


# --------------------------------------------------------------------------- the sites

SHOP = "shop.greenleaf-garden.com"
RECIPES = "www.thymeline-kitchen.com"
YOUTUBE = "www.youtube.com"
COUNCIL = "www.northbridge.gov.uk"
GAZETTE = "www.riverside-gazette.co.uk"
LEISURE = "www.ashgrove-leisure.co.uk"
BANK = "online.harbourside-bank.co.uk"
GAZETTE_SITE = "https://riverside-gazette.co.uk"
RECIPES_SITE = "https://thymeline-kitchen.com"

_SHOP_DOMAIN = ".greenleaf-garden.com"
_WOO_HASH = "5f2c1e8b0d9a4c7e3b6a1f0d2e4c8a7b"


def _shop() -> _Site:
    """Saturday: a product page, then the basket, on a WooCommerce shop (all accepted)."""
    on_product = (
        ExpectedCookie(
            SHOP,
            f"wp_woocommerce_session_{_WOO_HASH}",
            "t_8a1f3c7e2b9d4056e1a7c3b5d9f2e4%7C%7C1795444338%7C%7C1795440738%7C%7C"
            "9c2e6f1a8b3d7c5e0f4a2b6d8e1c3f5a",
            secure=True,
            http_only=True,
            same_site=LAX,
            max_age=2 * _DAY,
        ),
    )
    scripted = tuple(
        _script(c)
        for c in (
            ExpectedCookie(
                _SHOP_DOMAIN, "OptanonConsent", SHOP_OPTANON, same_site=LAX, max_age=_YEAR
            ),
            ExpectedCookie(
                _SHOP_DOMAIN,
                "OptanonAlertBoxClosed",
                SHOP_ALERT_BOX_CLOSED,
                same_site=LAX,
                max_age=_YEAR,
            ),
            ExpectedCookie(_SHOP_DOMAIN, "_ga", "GA1.1.1839204576.1795271541", max_age=2 * _YEAR),
            ExpectedCookie(
                _SHOP_DOMAIN,
                "_ga_9HXW2T4KQM",
                "GS2.1.s1795271541$o1$g1$t1795272012$j22$l0$h0",
                max_age=2 * _YEAR,
            ),
            ExpectedCookie(_SHOP_DOMAIN, "_gid", "GA1.2.604718392.1795271541", max_age=_DAY),
            ExpectedCookie(_SHOP_DOMAIN, "_gcl_au", "1.1.1627390518.1795271541", max_age=90 * _DAY),
            ExpectedCookie(
                _SHOP_DOMAIN,
                "_fbp",
                "fb.1.1795271541207.732190584",
                max_age=90 * _DAY,
                same_site=LAX,
            ),
            ExpectedCookie(
                _SHOP_DOMAIN, "_uetsid", "4b9f0e10c6d311f0a1e3f7b2c9d54a61", max_age=_DAY
            ),
            ExpectedCookie(
                _SHOP_DOMAIN, "_uetvid", "4b9f3c20c6d311f0b8d27d1e5a9c0f43", max_age=390 * _DAY
            ),
            ExpectedCookie(
                _SHOP_DOMAIN,
                "cto_bundle",
                "Xq7v9F9aTzRtdWZnJTJCb0NmWk9YT0h2N0xWQkclMkZkV3dhSkMyRXhIVHZkSjVwJTJGUGdVM0ElM0Q",
                max_age=390 * _DAY,
            ),
        )
    )
    in_basket = (
        ExpectedCookie(SHOP, "woocommerce_items_in_cart", "1", secure=True, same_site=LAX),
        ExpectedCookie(
            SHOP,
            "woocommerce_cart_hash",
            "e3a91c0f5b7d2468ac1e9f3b0d5c7a24",
            secure=True,
            same_site=LAX,
        ),
        ExpectedCookie(
            SHOP,
            f"wordpress_logged_in_{_WOO_HASH}",
            "sam.carter%7C1796481138%7CQ2xqN0pWb3dRbFh4Z3RmS0tM%7C"
            "0d8f3b6a1c9e7d2f4a5b8c0e3f6a9d1b2c4e7f0a3d6b9c1e4f7a0d3b6c9e2f5a8d",
            secure=True,
            http_only=True,
            same_site=LAX,
            max_age=14 * _DAY,
        ),
    )
    product = _page(
        SHOP,
        "/product/terracotta-pot-set/",
        "Terracotta pot set (3 sizes)",
        "Frost-proof terracotta pots, 12, 17 and 23 cm. In stock.",
        headers=on_product,
        scripted=scripted,
    )
    basket = _page(
        SHOP, "/basket/", "Your basket", "1 item: Terracotta pot set, £24.99.", headers=in_basket
    )
    return _site((product, on_product + scripted), (basket, in_basket))


def _recipes() -> _Site:
    """Sunday: a recipe with a YouTube embed; Didomi and TCF, everything accepted."""
    domain = ".thymeline-kitchen.com"
    headers = (ExpectedCookie(RECIPES, "wp-wpml_current_language", "en", max_age=_DAY),)
    scripted = tuple(
        _script(c)
        for c in (
            ExpectedCookie(
                domain, "didomi_token", RECIPES_DIDOMI_TOKEN, same_site=LAX, max_age=_YEAR
            ),
            ExpectedCookie(
                domain, "euconsent-v2", RECIPES_EUCONSENT_V2, same_site=LAX, max_age=_YEAR
            ),
            ExpectedCookie(
                domain,
                "_hjSessionUser_3471529",
                _b64json(
                    {
                        "id": "6f0b2c9e-41a7-5d3e-8c12-9a4e7b3f0d58",
                        "created": 1795374251842,
                        "existing": True,
                    }
                ),
                secure=True,
                same_site=NONE,
                max_age=_YEAR,
            ),
            ExpectedCookie(
                domain,
                "_hjSession_3471529",
                _b64json(
                    {
                        "id": "e2a71c4f-9b06-4d8e-a3f5-7c1b0e9d2a46",
                        "c": 1795374251843,
                        "s": 0,
                        "r": 0,
                        "sb": 0,
                        "sr": 0,
                        "se": 0,
                        "fs": 0,
                        "sp": 0,
                    }
                ),
                secure=True,
                same_site=NONE,
                max_age=30 * _MINUTE,
            ),
        )
    )
    embed = (
        ExpectedCookie(
            ".youtube.com",
            "YSC",
            "kT3pW9xQ_aE",
            secure=True,
            http_only=True,
            same_site=NONE,
            top_level_site=RECIPES_SITE,
            stored_by=FIREFOX_ONLY,
        ),
        ExpectedCookie(
            ".youtube.com",
            "VISITOR_INFO1_LIVE",
            "pV7nQ2sLx0c",
            secure=True,
            http_only=True,
            same_site=NONE,
            max_age=180 * _DAY,
            top_level_site=RECIPES_SITE,
            stored_by=FIREFOX_ONLY,
        ),
    )
    recipe = _page(
        RECIPES,
        "/recipes/slow-cooker-beef-stew/",
        "Slow-cooker beef stew",
        "Serves 4. Prep 20 min, cook 8 h. Watch the video first.",
        headers=headers,
        scripted=scripted,
        iframes=[_frame(YOUTUBE, "/embed/Lq3v8Xk2PzA")],
    )
    player = _page(
        YOUTUBE,
        "/embed/Lq3v8Xk2PzA",
        "Slow-cooker beef stew - YouTube",
        "Video player",
        headers=embed,
        top_level=False,
    )
    return _site((recipe, headers + scripted), (player, embed))


def _youtube() -> _Site:
    """Monday: a video on YouTube, after "Reject all" in Google's consent banner."""
    domain = ".youtube.com"
    cookies = (
        ExpectedCookie(
            domain, "SOCS", YOUTUBE_SOCS, secure=True, same_site=LAX, max_age=395 * _DAY
        ),
        ExpectedCookie(domain, "YSC", "Hc0vZ8rT3mU", secure=True, http_only=True, same_site=NONE),
        ExpectedCookie(
            domain,
            "VISITOR_INFO1_LIVE",
            "w4JkR1bXy9E",
            secure=True,
            http_only=True,
            same_site=NONE,
            max_age=180 * _DAY,
        ),
        ExpectedCookie(
            domain,
            "__Secure-ROLLOUT_TOKEN",
            "CKbJ9pTz0uHqARCo-ZLYBhiQwdHYBg%3D%3D",
            secure=True,
            http_only=True,
            same_site=NONE,
            max_age=180 * _DAY,
        ),
        ExpectedCookie(
            domain, "PREF", "f6=40000000&tz=Europe.London", secure=True, max_age=395 * _DAY
        ),
    )
    page = _page(
        YOUTUBE,
        "/watch",
        "Ten plants for a shady balcony - YouTube",
        "1,204 views. Gardening tips.",
        headers=cookies,
    )
    return _site((page, cookies))


def _council() -> _Site:
    """Tuesday: the council's bin-collection page (ASP.NET on Azure), necessary only."""
    affinity = "." + COUNCIL  # Azure names the full host in Domain=
    headers = (
        ExpectedCookie(
            COUNCIL,
            "ASP.NET_SessionId",
            "v2qk1xw0m5ctbh3yr4fjzsnd",
            secure=True,
            http_only=True,
            same_site=LAX,
        ),
        ExpectedCookie(
            COUNCIL,
            "__RequestVerificationToken",
            "CfDJ8Mx3kQ7vT1pZrW9yN0bE4aHsLgUc2dJf6iOqRtYwXeVmKnB5",
            secure=True,
            http_only=True,
            same_site=STRICT,
        ),
        ExpectedCookie(
            affinity,
            "ARRAffinity",
            "9d3c6f1a0b8e2d4c7f5a1e3b9c0d6f2a8e4b1c7d3f9a0e5b2c8d4f1a6e3b9c0d",
            secure=True,
            http_only=True,
        ),
        ExpectedCookie(
            affinity,
            "ARRAffinitySameSite",
            "9d3c6f1a0b8e2d4c7f5a1e3b9c0d6f2a8e4b1c7d3f9a0e5b2c8d4f1a6e3b9c0d",
            secure=True,
            http_only=True,
            same_site=NONE,
        ),
    )
    scripted = (
        _script(ExpectedCookie(COUNCIL, "CookieConsent", COUNCIL_COOKIECONSENT, max_age=_YEAR)),
    )
    page = _page(
        COUNCIL,
        "/bins-and-recycling/collection-days/",
        "Bin collection days",
        "Your next collection: recycling and garden waste, Thursday.",
        headers=headers,
        scripted=scripted,
    )
    return _site((page, headers + scripted))


def _gazette() -> _Site:
    """Wednesday: the local paper, everything refused, with a DoubleClick ad-slot iframe."""
    domain = ".riverside-gazette.co.uk"
    headers = (
        ExpectedCookie(
            GAZETTE,
            "rg_session",
            "s%3A0f7c2b9e4a1d6c3b8e5f",
            secure=True,
            http_only=True,
            same_site=LAX,
        ),
        ExpectedCookie(
            GAZETTE,
            "csrftoken",
            "Yb7Qk2mWx9LpR4sTv1NcZ8aHe3JfGu6D",
            secure=True,
            same_site=LAX,
            max_age=364 * _DAY,
        ),
        ExpectedCookie(domain, "gazette_region", "north-west", max_age=_YEAR),
        ExpectedCookie(
            domain,
            "rg_visitor_id",
            "v2.1795602902.5c8e1f0a",
            secure=True,
            same_site=LAX,
            max_age=2 * _YEAR,
        ),
    )
    scripted = tuple(
        _script(c)
        for c in (
            ExpectedCookie(domain, "OptanonConsent", GAZETTE_OPTANON, same_site=LAX, max_age=_YEAR),
            ExpectedCookie(
                domain,
                "OptanonAlertBoxClosed",
                GAZETTE_ALERT_BOX_CLOSED,
                same_site=LAX,
                max_age=_YEAR,
            ),
            ExpectedCookie(
                domain, "euconsent-v2", EUCONSENT_V2, secure=True, same_site=LAX, max_age=390 * _DAY
            ),
            ExpectedCookie(domain, "_ga", "GA1.1.1482736095.1795602930", max_age=2 * _YEAR),
            ExpectedCookie(
                domain,
                "_ga_R7KQ3N8ZPD",
                "GS2.1.s1795602930$o1$g1$t1795603187$j33$l0$h0",
                max_age=2 * _YEAR,
            ),
            ExpectedCookie(domain, "_gid", "GA1.2.903517264.1795602930", max_age=_DAY),
        )
    )
    slot = (
        # CHIPS: kept by both browsers, in the newspaper's partition.
        ExpectedCookie(
            ".doubleclick.net",
            "receive-cookie-deprecation",
            "1",
            secure=True,
            http_only=True,
            same_site=NONE,
            max_age=180 * _DAY,
            partitioned=True,
            top_level_site=GAZETTE_SITE,
        ),
        ExpectedCookie(
            ".doubleclick.net",
            "IDE",
            "AHWqTUn5xKc2Rf8LpV0sY3mQ9wBz",
            secure=True,
            http_only=True,
            same_site=NONE,
            max_age=395 * _DAY,
            top_level_site=GAZETTE_SITE,
            stored_by=FIREFOX_ONLY,
        ),
    )
    sync = (
        ExpectedCookie(
            ".criteo.com",
            "uid",
            "e6b1f4c2-93d7-4a85-b0c3-7f2d9e1a5c84",
            secure=True,
            same_site=NONE,
            max_age=395 * _DAY,
            top_level_site=GAZETTE_SITE,
            stored_by=FIREFOX_ONLY,
        ),
    )
    front = _page(
        GAZETTE,
        "/",
        "The Riverside Gazette",
        "Bridge closure: diversions from Monday. Weather: showers.",
        headers=headers,
        scripted=scripted,
        iframes=[
            _frame("googleads.g.doubleclick.net", "/pagead/ads"),
            _frame("gum.criteo.com", "/syncframe"),
        ],
        dated=("rg_visitor_id",),
    )
    ad_slot = _page(
        "googleads.g.doubleclick.net",
        "/pagead/ads",
        "Advertisement",
        "Ad",
        headers=slot,
        top_level=False,
    )
    criteo_sync = _page("gum.criteo.com", "/syncframe", "Criteo", "", headers=sync, top_level=False)
    return _site((front, headers + scripted), (ad_slot, slot), (criteo_sync, sync))


def _leisure() -> _Site:
    """Thursday: the swimming timetable (Laravel), CookieYes with advertising refused."""
    domain = ".ashgrove-leisure.co.uk"
    headers = (
        ExpectedCookie(
            LEISURE,
            "XSRF-TOKEN",
            "eyJpdiI6IlJ6a3BQd0FxN2V4dGdRPT0iLCJ2YWx1ZSI6IlR3b0xxbWQ5In0%3D",
            secure=True,
            same_site=LAX,
            max_age=2 * 3600,
        ),
        ExpectedCookie(
            LEISURE,
            "laravel_session",
            "eyJpdiI6Ik1oTjB4U1FnYm9yZz09IiwidmFsdWUiOiJqUkVhNmt4In0%3D",
            secure=True,
            http_only=True,
            same_site=LAX,
            max_age=2 * 3600,
        ),
    )
    scripted = tuple(
        _script(c)
        for c in (
            ExpectedCookie(
                LEISURE, "cookieyes-consent", LEISURE_COOKIEYES, same_site=STRICT, max_age=_YEAR
            ),
            ExpectedCookie(
                domain, "hubspotutk", "8c2f6d1e4b7a90c3e5f1a2b3c4d5e6f7", max_age=180 * _DAY
            ),
            ExpectedCookie(
                domain,
                "__hstc",
                "145883921.8c2f6d1e4b7a90c3e5f1a2b3c4d5e6f7.1795726511204."
                "1795726511204.1795726511204.1",
                max_age=180 * _DAY,
            ),
            ExpectedCookie(domain, "__hssc", "145883921.1.1795726511204", max_age=30 * _MINUTE),
            ExpectedCookie(domain, "__hssrc", "1"),
        )
    )
    page = _page(
        LEISURE,
        "/timetable/swimming/",
        "Swimming timetable",
        "Lane swimming 07:00-09:00 and 19:00-21:00. Book online.",
        headers=headers,
        scripted=scripted,
    )
    return _site((page, headers + scripted))


def _bank() -> _Site:
    """Friday: the bank's log-in page, strictly necessary cookies only."""
    headers = (
        ExpectedCookie(
            BANK,
            "JSESSIONID",
            "0000Qm7xK2vT9pLs4WnR8cYb1zE:1d2f6h8k0",
            secure=True,
            http_only=True,
            same_site=STRICT,
        ),
        ExpectedCookie(
            ".harbourside-bank.co.uk",
            "__cf_bm",
            "r9Xq2LmZ4tVb7NwK0pYs3cHf6jDg1aUe.Tk5oRi8-1795812407-1.0.1.1-"
            "Jv3Qw7XnB0zL4sKt9YpC2mFh6RdGa1Ue",
            secure=True,
            http_only=True,
            same_site=NONE,
            max_age=30 * _MINUTE,
        ),
        ExpectedCookie(
            BANK,
            "hb_remember_me",
            "cust-4821%2A%2A%2A%2A",
            secure=True,
            http_only=True,
            same_site=STRICT,
            max_age=90 * _DAY,
        ),
        ExpectedCookie(BANK, "hb_lang", "en-GB", secure=True, same_site=LAX, max_age=_YEAR),
    )
    page = _page(
        BANK,
        "/login",
        "Log in to online banking",
        "Enter your customer number and passcode.",
        headers=headers,
    )
    return _site((page, headers))


def _visit(
    host: str, path: str, title: str, text: str, *cookies: ExpectedCookie, dated: Sequence[str] = ()
) -> _Site:
    """One top-level visit to a tracker's own site (an ad click, a redirect, a search)."""
    return _site((_page(host, path, title, text, headers=cookies, dated=dated), cookies))


def _ad_click() -> _Site:
    """An ad click on the shop goes through DoubleClick."""
    return _visit(
        "ad.doubleclick.net",
        "/pcs/click",
        "Redirecting",
        "Redirecting...",
        ExpectedCookie(
            ".doubleclick.net",
            "IDE",
            "AHWqTUkP8vR3nL0xZ5cQ2yJ7mB",
            secure=True,
            http_only=True,
            same_site=NONE,
            max_age=395 * _DAY,
        ),
    )


def _facebook() -> _Site:
    """A link a friend shared, opened on Facebook's log-in page."""
    return _visit(
        "www.facebook.com",
        "/",
        "Facebook - log in or sign up",
        "Connect with friends and the world around you.",
        ExpectedCookie(
            ".facebook.com",
            "fr",
            "0Tq8vLmXw3ZbR1pK.AWXc9yN2hJ4sF7gD0eQ.BnR4tk..AAA.0.0.BnR4tk.AWVf3xKq8Lz",
            secure=True,
            http_only=True,
            same_site=NONE,
            max_age=90 * _DAY,
        ),
        ExpectedCookie(
            ".facebook.com",
            "datr",
            "kH9TZ2pW3xQmV1sLr7bN4cYd",
            secure=True,
            http_only=True,
            same_site=NONE,
            max_age=400 * _DAY,
        ),
    )


def _linkedin() -> _Site:
    """A job advert, opened on LinkedIn without signing in."""
    return _visit(
        "www.linkedin.com",
        "/",
        "LinkedIn: Log In or Sign Up",
        "Welcome to your professional community.",
        ExpectedCookie(
            ".linkedin.com",
            "bcookie",
            '"v=2&5b1c7f0e-3d2a-4c8e-9f61-2a7b8c4d0e13"',
            secure=True,
            same_site=NONE,
            max_age=_YEAR,
        ),
        ExpectedCookie(
            ".linkedin.com",
            "lidc",
            '"b=VGST04:s=V:r=V:a=V:p=V:g=3120:u=1:x=1:i=1795449002:t=1795535402:'
            'v=2:sig=AQHq4kXw9Zp2Lm"',
            secure=True,
            same_site=NONE,
            max_age=_DAY,
        ),
        ExpectedCookie(".linkedin.com", "lang", "v=2&lang=en-gb", secure=True, same_site=NONE),
    )


def _bing() -> _Site:
    """A web search on Bing."""
    return _visit(
        "www.bing.com",
        "/search",
        "frost proof garden pots - Search",
        "About 1,380,000 results",
        ExpectedCookie(
            ".bing.com",
            "MUID",
            "2F6B0C8E1D7A64B93C5E1F0A2B7D6C48",
            secure=True,
            same_site=NONE,
            max_age=390 * _DAY,
        ),
        ExpectedCookie(
            ".bing.com",
            "_EDGE_S",
            "SID=3A1E7C5B9D0F62A84C2B5E7D1F3A6C90",
            secure=True,
            http_only=True,
            same_site=NONE,
        ),
        ExpectedCookie(
            ".bing.com", "SRCHD", "AF=NOFORM", secure=True, same_site=NONE, max_age=395 * _DAY
        ),
    )


def _criteo_redirect() -> _Site:
    """A retargeting ad's click goes through Criteo."""
    return _visit(
        "gum.criteo.com",
        "/sync",
        "Criteo",
        "",
        ExpectedCookie(
            ".criteo.com",
            "uid",
            "a41c7e9b-2f08-4d63-9e5a-c1b7f0d3e826",
            secure=True,
            same_site=NONE,
            max_age=395 * _DAY,
        ),
    )


def _opt_out() -> _Site:
    """Friday evening: opting out of DoubleClick's personalised ads (a ten-year cookie)."""
    return _visit(
        "ad.doubleclick.net",
        "/ads/preferences/naioptout",
        "Opt-out",
        "You have opted out of personalised ads from DoubleClick.",
        ExpectedCookie(
            ".doubleclick.net", "id", "OPT_OUT", secure=True, same_site=NONE, max_age=3650 * _DAY
        ),
        dated=("id",),
    )


def _week() -> tuple[_Site, ...]:
    """Every visit of the week in order, trackers among the person's own sites."""
    return (
        _shop(),
        _ad_click(),
        _recipes(),
        _youtube(),
        _facebook(),
        _council(),
        _gazette(),
        _linkedin(),
        _leisure(),
        _bing(),
        _criteo_redirect(),
        _bank(),
        _opt_out(),
    )


def _scenario() -> Scenario:
    """The week as one lab scenario."""
    sites = _week()
    return Scenario(
        name="demo",
        sites=(
            "greenleaf-garden.com",
            "thymeline-kitchen.com",
            "youtube.com",
            "northbridge.gov.uk",
            "riverside-gazette.co.uk",
            "ashgrove-leisure.co.uk",
            "harbourside-bank.co.uk",
            "doubleclick.net",
            "criteo.com",
            "facebook.com",
            "linkedin.com",
            "bing.com",
        ),
        pages=tuple(page for site in sites for page in site.pages),
        expected=tuple(cookie for site in sites for cookie in site.cookies),
    )


#: A made-up person's week: 7 sites of their own, 5 tracker domains, consent records of six
#: platforms, a refusal that analytics ignored, a CHIPS cookie and an ad-network opt-out.
DEMO = _scenario()
