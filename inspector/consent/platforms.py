"""One decoder per consent platform, and the table that finds it."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from inspector.consent.borlabs import decode_borlabs
from inspector.consent.complianz import decode_complianz
from inspector.consent.cookiebot import decode_cookiebot
from inspector.consent.cookieyes import decode_cookieyes
from inspector.consent.didomi import decode_didomi
from inspector.consent.google import decode_fccdcf, decode_google_consent, decode_socs
from inspector.consent.onetrust import decode_onetrust
from inspector.consent.opaque import (
    decode_consentmanager,
    decode_opt_out,
    decode_osano,
    decode_other,
    decode_quantcast,
    decode_sourcepoint,
    decode_usercentrics,
)
from inspector.consent.platform_base import PLATFORM_NAMES, Decoder, run_decoder
from inspector.consent.site_json import (
    decode_cc_cookie,
    decode_civic,
    decode_iubenda,
    decode_klaro,
)
from inspector.consent.tcf_cookies import decode_tcf_cookie
from inspector.consent.trustarc import decode_trustarc

#: Platform id -> its decoder. Every id in PLATFORM_NAMES has one.
DECODERS: Mapping[str, Decoder] = MappingProxyType(
    {
        "tcf": decode_tcf_cookie,
        "onetrust": decode_onetrust,
        "cookiebot": decode_cookiebot,
        "didomi": decode_didomi,
        "cookieyes": decode_cookieyes,
        "complianz": decode_complianz,
        "borlabs": decode_borlabs,
        "trustarc": decode_trustarc,
        "sourcepoint": decode_sourcepoint,
        "consentmanager": decode_consentmanager,
        "funding-choices": decode_fccdcf,
        "klaro": decode_klaro,
        "cc-cookie": decode_cc_cookie,
        "google-consent": decode_google_consent,
        "google-socs": decode_socs,
        "opt-out": decode_opt_out,
        "osano": decode_osano,
        "usercentrics": decode_usercentrics,
        "quantcast": decode_quantcast,
        "iubenda": decode_iubenda,
        "civic": decode_civic,
        "other": decode_other,
    }
)

__all__ = ["DECODERS", "PLATFORM_NAMES", "Decoder", "run_decoder"]
