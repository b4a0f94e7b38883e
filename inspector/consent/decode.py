"""The entry point: recognise a consent cookie and decode its value into a ConsentRecord."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from inspector.consent.model import ConsentRecord
from inspector.consent.opaque import is_opt_out
from inspector.consent.parsing import MAX_VALUE_LENGTH
from inspector.consent.platform_base import unreadable
from inspector.consent.platforms import DECODERS, run_decoder
from inspector.consent.vendorlist import TcfVocabulary, load_vocabulary

#: Exact cookie names of consent records -> platform id.
COOKIE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "euconsent-v2": "tcf",
        "eupubconsent-v2": "tcf",
        "dm-euconsent-v2": "tcf",
        "euconsent": "tcf",
        "addtl_consent": "tcf",
        "OptanonConsent": "onetrust",
        "OptanonAlertBoxClosed": "onetrust",
        "CookieConsent": "cookiebot",
        "didomi_token": "didomi",
        "cookieyes-consent": "cookieyes",
        "viewed_cookie_policy": "cookieyes",
        "borlabs-cookie": "borlabs",
        "notice_preferences": "trustarc",
        "notice_gdpr_prefs": "trustarc",
        "cmapi_cookie_privacy": "trustarc",
        "notice_behavior": "trustarc",
        "consentUUID": "sourcepoint",
        "FCCDCF": "funding-choices",
        "klaro": "klaro",
        "cc_cookie": "cc-cookie",
        "CONSENT": "google-consent",
        "SOCS": "google-socs",
        "osano_consentmanager": "osano",
        "osano_consentmanager_uuid": "osano",
        "cookieconsent_status": "osano",
        "uc_settings": "usercentrics",
        "uc_user_interaction": "usercentrics",
        "CookieControl": "civic",
    }
)

#: Cookie name prefixes of consent records -> platform id.
COOKIE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("cookielawinfo-checkbox-", "cookieyes"),
    ("cmplz_", "complianz"),
    ("_sp_v1_", "sourcepoint"),
    ("__cmp", "consentmanager"),
    ("_iub_cs-", "iubenda"),
)

#: Ad-network cookies that are an opt-out record only when they hold the opt-out marker.
OPT_OUT_NAMES = frozenset({"id", "ANID", "uuid2"})

VALUE_UNAVAILABLE = "The value could not be read (for example, the browser keeps it encrypted)."


def recognise(name: str, value: str | None = None) -> str | None:
    """The platform id for a cookie name, or None when it is no consent record we know."""
    if name in COOKIE_NAMES:
        return COOKIE_NAMES[name]
    for prefix, platform in COOKIE_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return platform
    if name in OPT_OUT_NAMES and value is not None and is_opt_out(name, value):
        return "opt-out"
    return None


def decode_consent(
    name: str,
    value: str | None,
    *,
    platform: str | None = None,
    vocabulary: TcfVocabulary | None = None,
) -> ConsentRecord | None:
    """Decode a consent-management cookie.

    ``platform`` is the catalogue's hint (a platform id); without it the cookie is recognised
    by its name. Returns None when the name is no consent record this program knows.
    ``value=None`` means the value could not be read: the record is present, not readable.
    Malformed values give an unreadable record with a reason; nothing is raised for them.
    """
    platform_id = platform if platform in DECODERS else recognise(name, value)
    if platform_id is None:
        return None
    if value is None:
        return unreadable(platform_id, VALUE_UNAVAILABLE)
    if not value.strip():
        return unreadable(platform_id, "The value is empty.")
    if len(value) > MAX_VALUE_LENGTH:
        return unreadable(platform_id, "The value is far longer than any real consent record.")
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    return run_decoder(DECODERS[platform_id], platform_id, name, value, vocab)
