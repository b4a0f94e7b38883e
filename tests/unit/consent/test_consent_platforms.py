"""Every platform decoder on real-format values: accepted, refused, mixed, old and new forms.

Values are in the formats seen in public cookie dumps and documentation (identifiers and
hashes shortened or replaced); the expected meaning of each case is stated in its reason.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

import pytest

from inspector.consent import (
    ConsentRecord,
    Role,
    TCString,
    VendorSection,
    decode_consent,
    encode_tc_string,
)

ACCEPTED, REFUSED = "accepted", "refused"
OPTIONAL_REFUSED = {
    "requested_service": REFUSED,
    "analytics": REFUSED,
    "advertising": REFUSED,
    "interactive": REFUSED,
}

# A Google Funding Choices "accept all" TC string (TCF 2.2, CMP 300), as stored in FCCDCF.
FC_ACCEPT = (
    "CQUY0gAQUY0gAEsACBENBzFoAP_gAEPgABpwLItD_C7dbWFDyL53absEeIhHx_hjasQwAAbBA2AFTBqQsJQWwmE4N"
    "AyCtCACGAAAKmTBIQIkCAAAAUAAIIAVIADMAAyQIBAIICBAiAEBAEBIAEACCoAgUQCIgIJEFEQAmAwEQJKAWFCAiAAAA"
    "EChKAAAABAYAYKIAAEAZAAAEQIAUCgAEQIAiAjAAAEIABAIAAgAAAQAIBEABAgAABAQQAgBAAADgoQGABAOMBABIcgEAg"
    "ACCyLQfwu3W1hR8i4V2G7BDiIV8f4A2rEMAAGwQNgBUwakLCEFtJhMiRIgjAgABgAACJkQSAAKAAIAABAAQCAFSAAzAAM"
    "ECAQCCBgQIAhAUBAQABAAgqAIFEAiYCCRBREAIkMBECSgFhQgAgAICBAoSgAAAAQGAGCAAABAGAAAAAiANAAAhACAIgIw"
    "AAAAAAQCBAIAAAEACARAAQIAAAQMEAAAQAAA4KEBgAACjAQACDIAAIAAgAA.cAAAD_wAAAAA"
)
# uBlock Origin Lite's "reject all" euconsent-v2 value (see test_consent_tcf.py).
UBOL_REJECT = "CPt3fQAPt3fQACNAFAENDLCgAAAAAAAAACiQAAAOCgDAB-AIsAZ8A6QDBAHBAAAA.YAAAAAAAAAAA"
# A TCF 2.0 (policy 2) "accept all" string from an older Funding Choices FCCDCF cookie.
FC_OLD_ACCEPT = (
    "CPFxK7bPFxK7bEsABBENBYCoAP_AAE_AAAwIGWQHgAFAAMAAqABwAEAAKgAZAA0gCIAIsATABPAC-AIEAQgAlABLACk"
    "AHsATQAnYBSIC0ALSAXUA4gB-wFkALeAXmAvcBjIDLAMsgIgAVAA4ACAAGkARABFACYAE8AL4AhABLAD2AJ3AWgBaQC6"
    "gHEAXmAywAAA"
)


def _tc(**changes: object) -> str:
    base = TCString(
        created=datetime(2024, 5, 1, tzinfo=UTC),
        last_updated=datetime(2024, 5, 1, tzinfo=UTC),
        cmp_id=7,
        cmp_version=1,
        consent_screen=1,
        consent_language="EN",
        vendor_list_version=50,
        tcf_policy_version=4,
        is_service_specific=True,
        use_non_standard_texts=False,
        special_feature_opt_ins=frozenset(),
        purpose_consents=frozenset(),
        purpose_legitimate_interests=frozenset(),
        purpose_one_treatment=False,
        publisher_cc="FR",
        vendor_consents=VendorSection(0),
        vendor_legitimate_interests=VendorSection(0),
    )
    from dataclasses import replace

    return encode_tc_string(replace(base, **changes))  # type: ignore[arg-type]


def _b64json(data: object) -> str:
    return base64.b64encode(json.dumps(data).encode()).decode()


def _onetrust(groups: str, extra: str = "") -> str:
    return (
        "isGpcEnabled=0&datestamp=Tue+Oct+19+2021+11%3A31%3A41+GMT%2B0800+(Taipei+Standard+Time)"
        "&version=6.20.0&isIABGlobal=false&hosts=&consentId=0c737b02&interactionCount=1"
        f"&landingPath=NotLandingPage&groups={quote(groups, safe='')}{extra}"
    )


@dataclass(frozen=True)
class Case:
    reason: str
    name: str
    value: str | None
    role: Role
    decisions: dict[str, str] = field(default_factory=dict)
    platform: str | None = None
    readable: bool = True
    expect_platform: str | None = None


def case(case_id: str, *args: object, **kwargs: object) -> object:
    """A table row: the id, the reason for the case, then the remaining Case fields."""
    return pytest.param(Case(*args, **kwargs), id=case_id)  # type: ignore[arg-type]


CASES = [
    # ---------------------------------------------------------------- IAB TCF
    case("tcf-accept-all", "FC string with purposes 1-11 consented", "euconsent-v2", FC_ACCEPT,
         Role.CONSENT, {"advertising": ACCEPTED, "analytics": ACCEPTED}),
    case("tcf-reject-all", "purpose 1 refused refuses every optional purpose", "euconsent-v2",
         UBOL_REJECT, Role.REFUSAL, OPTIONAL_REFUSED),
    case("tcf-2.0-accept", "policy 2 has no purpose 11; 1-10 is everything", "euconsent-v2",
         FC_OLD_ACCEPT, Role.CONSENT, {"advertising": ACCEPTED, "analytics": ACCEPTED}),
    case("tcf-mixed", "ads purposes consented, measurement not", "eupubconsent-v2",
         _tc(purpose_consents=frozenset({1, 2, 3, 4, 7})), Role.MIXED,
         {"advertising": ACCEPTED, "analytics": REFUSED}),
    case("tcf-purpose-one-not-asked", "PurposeOneTreatment: purpose 1 absent is no refusal",
         "euconsent-v2", _tc(purpose_one_treatment=True, purpose_consents=frozenset({2, 8})),
         Role.MIXED, {"advertising": ACCEPTED, "analytics": ACCEPTED}),
    case("tcf-dm-cookie-name", "Dailymotion's own name for the TC string", "dm-euconsent-v2",
         _tc(purpose_consents=frozenset(range(1, 12))), Role.CONSENT,
         {"advertising": ACCEPTED, "analytics": ACCEPTED}),
    case("tcf-v1-string", "a TCF v1 string is not read as v2", "euconsent",
         "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASAAAAAAAAAA", Role.UNKNOWN, readable=False),
    case("tcf-percent-encoded", "a URL-encoded TC string still decodes", "euconsent-v2",
         UBOL_REJECT.replace(".", "%2E"), Role.REFUSAL, OPTIONAL_REFUSED),
    case("tcf-quoted", "RFC 6265 quoted cookie value", "euconsent-v2", f'"{UBOL_REJECT}"',
         Role.REFUSAL, OPTIONAL_REFUSED),
    case("ac-none", "addtl_consent 1~: no Google ad-tech provider", "addtl_consent", "1~",
         Role.REFUSAL, {"advertising": REFUSED}),
    case("ac-v1-some", "AC v1 with providers", "addtl_consent", "1~1843.202.780", Role.CONSENT,
         {"advertising": ACCEPTED}),
    case("ac-v2", "AC v2 with consented and disclosed lists", "addtl_consent",
         "2~61.70.89~dv.93.108", Role.CONSENT, {"advertising": ACCEPTED}),
    case("ac-v2-none", "AC v2, nothing consented", "addtl_consent", "2~~dv.61.70", Role.REFUSAL,
         {"advertising": REFUSED}),
    case("ac-garbage", "unknown AC version", "addtl_consent", "3~1.2", Role.UNKNOWN,
         readable=False),
    # ---------------------------------------------------------------- OneTrust
    case("onetrust-accept", "all standard groups on", "OptanonConsent",
         _onetrust("C0001:1,C0003:1,C0002:1,C0004:1"), Role.CONSENT,
         {"analytics": ACCEPTED, "requested_service": ACCEPTED, "advertising": ACCEPTED}),
    case("onetrust-reject", "every non-C0001 group off, custom groups too", "OptanonConsent",
         _onetrust("C0001:1,C0002:0,C0003:0,C0004:0,C0005:0,V2STACK42:0,C0015:0"), Role.REFUSAL,
         OPTIONAL_REFUSED),
    case("onetrust-mixed", "performance on, targeting off", "OptanonConsent",
         _onetrust("C0001:1,C0002:1,C0004:0"), Role.MIXED,
         {"analytics": ACCEPTED, "advertising": REFUSED}),
    case("onetrust-old-numeric", "old numeric ids 1-4", "OptanonConsent",
         _onetrust("1:1,2:0,3:1,4:0"), Role.MIXED,
         {"analytics": REFUSED, "requested_service": ACCEPTED, "advertising": REFUSED}),
    case("onetrust-custom-group-only-on", "unknown groups are kept raw and count", "OptanonConsent",
         _onetrust("C0001:1,C0004:0,STACK42:1"), Role.MIXED, {"advertising": REFUSED}),
    case("onetrust-no-groups", "no groups: present, no choice", "OptanonConsent",
         "isGpcEnabled=0&datestamp=x&groups=", Role.UNKNOWN),
    case("onetrust-not-query", "not a key=value list", "OptanonConsent", "hello world",
         Role.UNKNOWN, readable=False),
    case("onetrust-bad-state", "group state must be 0 or 1", "OptanonConsent",
         _onetrust("C0002:yes"), Role.UNKNOWN, readable=False),
    case("onetrust-alert-closed", "only the dismissal date", "OptanonAlertBoxClosed",
         "2021-10-19T03:31:41.236Z", Role.UNKNOWN),
    case("onetrust-alert-not-date", "the dismissal cookie must hold a date",
         "OptanonAlertBoxClosed", "yesterday", Role.UNKNOWN, readable=False),
    # ---------------------------------------------------------------- Cookiebot
    case("cookiebot-accept", "all categories true", "CookieConsent",
         "{stamp:%27hJEdgU/jEFEJFFhX0xA2+tJffzrTG9PBRXlVW8uhbrskpnk5ALWObw==%27%2Cnecessary:true"
         "%2Cpreferences:true%2Cstatistics:true%2Cmarketing:true%2Cmethod:%27explicit%27%2Cver:1"
         "%2Cutc:1741859336134%2Cregion:%27ca%27}", Role.CONSENT,
         {"requested_service": ACCEPTED, "analytics": ACCEPTED, "advertising": ACCEPTED}),
    case("cookiebot-reject-with-iab2", "all optional false, TCF string attached", "CookieConsent",
         "{stamp:%27ALwlL4byOChi7fogrtFyNc54Vru1aALhfZsUHdzXartA1rx9BIvH+g==%27%2Cnecessary:true"
         "%2Cpreferences:false%2Cstatistics:false%2Cmarketing:false%2Cmethod:%27explicit%27%2C"
         "ver:1%2Cutc:1707240048272%2Ciab2:%27CP5jqEAP5jqEACGABBENAmEgAAAAAAAAAAAAAAAAAAAA"
         ".YAAAAAAAAAAA%27}", Role.REFUSAL,
         {"requested_service": REFUSED, "analytics": REFUSED, "advertising": REFUSED}),
    case("cookiebot-mixed", "statistics refused, the rest accepted", "CookieConsent",
         "{stamp:'x',necessary:true,preferences:true,statistics:false,marketing:true,"
         "method:'explicit',ver:3,utc:1700000000000}", Role.MIXED,
         {"requested_service": ACCEPTED, "analytics": REFUSED, "advertising": ACCEPTED}),
    case("cookiebot-old-no-method", "older cookie without method", "CookieConsent",
         "{stamp:%27oJ35SLjkzW4RaUoGqC9nv0TjIDn9KP4raUYB5i2R9p0pT/40h2LtBg==%27%2Cnecessary:true"
         "%2Cpreferences:false%2Cstatistics:false%2Cmarketing:false%2Cver:1%2Cutc:1666875104776"
         "%2Cregion:%27gb%27}", Role.REFUSAL,
         {"requested_service": REFUSED, "analytics": REFUSED, "advertising": REFUSED}),
    case("cookiebot-minus-one", "-1: no consent asked in this region", "CookieConsent", "-1",
         Role.UNKNOWN),
    case("cookiebot-stamp-minus-one", "implied, region without consent", "CookieConsent",
         "{stamp:%27-1%27%2Cnecessary:true%2Cpreferences:true%2Cstatistics:true%2Cmarketing:true"
         "%2Cmethod:%27implied%27%2Cver:1%2Cutc:1695456095624%2Cregion:%27CN%27}", Role.CONSENT,
         {"requested_service": ACCEPTED, "analytics": ACCEPTED, "advertising": ACCEPTED}),
    case("cookiebot-json-quoted-keys", "quoted keys are also a valid literal", "CookieConsent",
         '{"necessary":true,"marketing":false}', Role.REFUSAL, {"advertising": REFUSED}),
    case("cookiebot-string-state", "a category must be true/false", "CookieConsent",
         "{necessary:true,marketing:'yes'}", Role.UNKNOWN, readable=False),
    case("cookiebot-unclosed", "an unclosed literal", "CookieConsent", "{necessary:true",
         Role.UNKNOWN, readable=False),
    case("cookiebot-code", "code is not data", "CookieConsent", "alert(document.cookie)",
         Role.UNKNOWN, readable=False),
    # ---------------------------------------------------------------- Didomi
    case("didomi-vendors-only", "TCF v2 token: only custom vendors, all enabled", "didomi_token",
         "eyJ1c2VyX2lkIjoiMTg0MTcxZTItZTI3OC02MzM5LTgxYzgtNzVlOWNiNzUwYTk4IiwiY3JlYXRlZCI6IjIw"
         "MjItMTAtMjdUMDQ6MDY6MjkuNzUzWiIsInVwZGF0ZWQiOiIyMDIyLTEwLTI3VDA0OjA2OjI5Ljc1M1oiLCJ2ZX"
         "JzaW9uIjoyLCJ2ZW5kb3JzIjp7ImVuYWJsZWQiOlsiYzpjb250ZW50c3F1YXJlIiwiYzpnb29nbGVhbmEtUkVV"
         "eXFXRHciXX0sInZlbmRvcnNfbGkiOnsiZW5hYmxlZCI6WyJjOmdvb2dsZWFuYS1SRVV5cVdEdyJdfX0=",
         Role.CONSENT),
    case("didomi-mixed", "fixed ids map; disabled ad profile and research", "didomi_token",
         _b64json({"purposes": {"enabled": ["select_basic_ads", "measure_content_performance"],
                                "disabled": ["create_ads_profile", "market_research"]},
                   "updated": "2024-01-02T03:04:05.000Z"}),
         Role.MIXED, {"advertising": ACCEPTED, "analytics": ACCEPTED}),
    case("didomi-refuse", "custom purposes disabled; custom ids stay unmapped", "didomi_token",
         _b64json({"purposes": {"enabled": [], "disabled": ["select_basic_ads", "analytics-X1"]},
                   "vendors": {"enabled": [], "disabled": ["google"]}}),
         Role.REFUSAL, {"advertising": REFUSED}),
    case("didomi-old-ids", "pre-TCF v2 Didomi purpose ids", "didomi_token",
         _b64json({"purposes": {"enabled": ["cookies", "analytics"],
                                "disabled": ["advertising_personalization"]}}),
         Role.MIXED, {"analytics": ACCEPTED, "advertising": REFUSED}),
    case("didomi-empty", "version null, nothing chosen", "didomi_token",
         "eyJ1c2VyX2lkIjoiMTlhMWMzODAtOGRkYy02NTI3LWE0OTItODMwNTI4YjczMWMyIiwiY3JlYXRlZCI6IjIwMj"
         "UtMTAtMjVUMTY6MzM6NDUuNjkzWiIsInVwZGF0ZWQiOiIyMDI1LTEwLTI1VDE2OjMzOjQ1LjY5NFoiLCJ2ZXJz"
         "aW9uIjpudWxsfQ==", Role.UNKNOWN),
    case("didomi-url-encoded", "padding percent-encoded", "didomi_token",
         quote(_b64json({"purposes": {"enabled": ["analytics"]}})), Role.CONSENT,
         {"analytics": ACCEPTED}),
    case("didomi-not-base64", "not base64", "didomi_token", "{not base64}", Role.UNKNOWN,
         readable=False),
    case("didomi-truncated", "truncated base64", "didomi_token", "eyJ1c2VyX2lkIjoiMTk",
         Role.UNKNOWN, readable=False),
    case("didomi-list", "JSON but not an object", "didomi_token", _b64json([1, 2]), Role.UNKNOWN,
         readable=False),
    # ---------------------------------------------------------------- CookieYes
    case("cookieyes-accept", "every category yes", "cookieyes-consent",
         "consentid:abc,consent:yes,action:yes,necessary:yes,functional:yes,analytics:yes,"
         "performance:yes,advertisement:yes,other:yes", Role.CONSENT,
         {"requested_service": ACCEPTED, "analytics": ACCEPTED, "advertising": ACCEPTED}),
    case("cookieyes-reject", "every optional category no", "cookieyes-consent",
         "consentid:diatom,consent:no,action:yes,necessary:yes,functional:no,analytics:no,"
         "performance:no,advertisement:no,other:no", Role.REFUSAL,
         {"requested_service": REFUSED, "analytics": REFUSED, "advertising": REFUSED}),
    case("cookieyes-mixed", "analytics yes, advertisement no", "cookieyes-consent",
         "consentid:abc,consent:yes,action:yes,necessary:yes,functional:no,analytics:yes,"
         "performance:no,advertisement:no,other:no", Role.MIXED,
         {"requested_service": REFUSED, "analytics": ACCEPTED, "advertising": REFUSED}),
    case("cookieyes-legacy-checkbox-yes", "one legacy category cookie",
         "cookielawinfo-checkbox-analytics", "yes", Role.CONSENT, {"analytics": ACCEPTED}),
    case("cookieyes-legacy-checkbox-no", "advertisement refused",
         "cookielawinfo-checkbox-advertisement", "no", Role.REFUSAL, {"advertising": REFUSED}),
    case("cookieyes-legacy-necessary", "necessary is no choice", "cookielawinfo-checkbox-necessary",
         "yes", Role.UNKNOWN),
    case("cookieyes-viewed", "banner seen, no choice", "viewed_cookie_policy", "yes", Role.UNKNOWN),
    case("cookieyes-garbage", "not key:value pairs", "cookieyes-consent", "garbage", Role.UNKNOWN,
         readable=False),
    case("cookieyes-checkbox-garbage", "neither yes nor no", "cookielawinfo-checkbox-analytics",
         "maybe", Role.UNKNOWN, readable=False),
    # ---------------------------------------------------------------- Complianz
    case("complianz-marketing-allow", "one category cookie", "cmplz_marketing", "allow",
         Role.CONSENT, {"advertising": ACCEPTED}),
    case("complianz-statistics-deny", "one category cookie", "cmplz_statistics", "deny",
         Role.REFUSAL, {"analytics": REFUSED}),
    case("complianz-functional", "functional is always on", "cmplz_functional", "allow",
         Role.UNKNOWN),
    case("complianz-banner", "banner dismissed only", "cmplz_banner-status", "dismissed",
         Role.UNKNOWN),
    case("complianz-bookkeeping", "policy id", "cmplz_policy_id", "14", Role.UNKNOWN),
    case("complianz-bad", "known category, bad state", "cmplz_marketing", "maybe", Role.UNKNOWN,
         readable=False),
    # ---------------------------------------------------------------- Borlabs
    case("borlabs-accept", "all standard groups listed", "borlabs-cookie",
         quote(json.dumps({"consents": {"essential": ["borlabs-cookie"],
                                        "statistics": ["google-analytics"],
                                        "marketing": ["facebook-pixel"],
                                        "external-media": ["youtube"]},
                           "domainPath": "example.com/", "expires": "Tue, 01 Jul 2025 10:00:00 GMT",
                           "uid": "abc", "version": "1"})), Role.CONSENT,
         {"analytics": ACCEPTED, "advertising": ACCEPTED, "interactive": ACCEPTED}),
    case("borlabs-essential-only", "only essential: a refusal", "borlabs-cookie",
         json.dumps({"consents": {"essential": ["borlabs-cookie"]}, "version": "1"}),
         Role.REFUSAL, {"analytics": REFUSED, "advertising": REFUSED, "interactive": REFUSED}),
    case("borlabs-statistics", "statistics only", "borlabs-cookie",
         json.dumps({"consents": {"essential": [], "statistics": ["matomo"]}}), Role.MIXED,
         {"analytics": ACCEPTED, "advertising": REFUSED, "interactive": REFUSED}),
    case("borlabs-no-consents", "no consents object", "borlabs-cookie", '{"uid":"x"}',
         Role.UNKNOWN, readable=False),
    # ---------------------------------------------------------------- TrustArc
    case("trustarc-pref-0", "0: required only", "notice_preferences", "0:", Role.REFUSAL,
         {"requested_service": REFUSED, "analytics": REFUSED, "advertising": REFUSED}),
    case("trustarc-pref-1", "1: adds functional", "notice_preferences", "1:", Role.MIXED,
         {"requested_service": ACCEPTED, "analytics": ACCEPTED, "advertising": REFUSED}),
    case("trustarc-pref-2", "2: everything", "notice_preferences", "2:", Role.CONSENT,
         {"requested_service": ACCEPTED, "analytics": ACCEPTED, "advertising": ACCEPTED}),
    case("trustarc-gdpr-all", "0,1,2: all", "notice_gdpr_prefs", "0,1,2:", Role.CONSENT,
         {"requested_service": ACCEPTED, "analytics": ACCEPTED, "advertising": ACCEPTED}),
    case("trustarc-gdpr-required", "0: required only", "notice_gdpr_prefs", "0:", Role.REFUSAL,
         {"requested_service": REFUSED, "analytics": REFUSED, "advertising": REFUSED}),
    case("trustarc-cmapi-required", "permit 1 required", "cmapi_cookie_privacy",
         "permit 1 required", Role.REFUSAL,
         {"requested_service": REFUSED, "analytics": REFUSED, "advertising": REFUSED}),
    case("trustarc-cmapi-all", "permit 1,2,3", "cmapi_cookie_privacy", "permit 1,2,3",
         Role.CONSENT,
         {"requested_service": ACCEPTED, "analytics": ACCEPTED, "advertising": ACCEPTED}),
    case("trustarc-behavior", "region rule only", "notice_behavior", "expressed,eu", Role.UNKNOWN),
    case("trustarc-bad", "not a level", "notice_preferences", "all", Role.UNKNOWN, readable=False),
    # ---------------------------------------------------------------- Google
    case("google-consent-yes", "YES+ accepted", "CONSENT", "YES+cb.20210328-17-p0.fr+FX+667",
         Role.CONSENT, {"advertising": ACCEPTED}),
    case("google-consent-no", "NO+ refused", "CONSENT", "NO+cb.20210328-17-p0.en+FX",
         Role.REFUSAL, {"advertising": REFUSED}),
    case("google-consent-pending", "PENDING+ undecided", "CONSENT", "PENDING+999", Role.UNKNOWN),
    case("google-consent-garbage", "unknown word", "CONSENT", "MAYBE+1", Role.UNKNOWN,
         readable=False),
    case("socs-reject", "field 1 = 1 (CAE...)", "SOCS",
         "CAESHAgBEhJnd3NfMjAyNDAxMDEtMF9SQzEaAmZyIAEaBgiA_LyaBg", Role.REFUSAL,
         {"advertising": REFUSED}),
    case("socs-accept", "field 1 = 2 (CAI...)", "SOCS",
         "CAISNQgDEitib3FfaWRlbnRpdHlmcm9udGVuZHVpc2VydmVyXzIwMjMwODA4LjA3X3AwGgJlbiACGgYIgLC_pwY",
         Role.CONSENT, {"advertising": ACCEPTED}),
    case("socs-short-accept", "the bare CAI form", "SOCS", "CAI", Role.CONSENT,
         {"advertising": ACCEPTED}),
    case("socs-unknown-choice", "field 1 = 3 is no known choice", "SOCS", "CAM", Role.UNKNOWN,
         readable=False),
    case("socs-truncated", "a key without its value", "SOCS", "CA", Role.UNKNOWN, readable=False),
    case("socs-truncated-length", "a length beyond the data", "SOCS", "CAESHAgB", Role.UNKNOWN,
         readable=False),
    case("fccdcf-new", "TC string at [3][0], URL-encoded", "FCCDCF",
         quote(json.dumps([None, None, None, [FC_ACCEPT, "2~61.70~dv.", "A4040322"]])),
         Role.CONSENT, {"advertising": ACCEPTED, "analytics": ACCEPTED}),
    case("fccdcf-old", "2021 layout", "FCCDCF",
         json.dumps([["AKsRol_BwEkc3ASfKEKVPeyMAwqICoHzH8NxlVr=="], None,
                     ["[[],[],[],[],null,null,true]", 1620291054220],
                     [FC_OLD_ACCEPT, "1~1843.202.780", "B6F8AF01"], None]),
         Role.CONSENT, {"advertising": ACCEPTED, "analytics": ACCEPTED}),
    case("fccdcf-us", "outside Europe: no TC string", "FCCDCF",
         "%5Bnull%2Cnull%2Cnull%2Cnull%2Cnull%2Cnull%2C%5B%5B32%2C%22%5B%5C%22df36341f-1d8a-4dfd"
         "-96f5-50ac2b45ddac%5C%22%2C%5B1768980468%2C518000000%5D%5D%22%5D%5D%5D",
         Role.UNKNOWN, readable=False),
    case("fccdcf-damaged-tc", "a damaged TC string is reported", "FCCDCF",
         json.dumps([None, None, None, [FC_ACCEPT[:60]]]), Role.UNKNOWN, readable=False),
    # ---------------------------------------------------------------- Klaro, cc_cookie
    case("klaro-mixed", "well-known services map, others stay raw", "klaro",
         '{"google-analytics":false,"youtube":true,"custom-chat":false}', Role.MIXED,
         {"analytics": REFUSED, "interactive": ACCEPTED}),
    case("klaro-url-encoded", "URL-encoded JSON", "klaro", "%7B%22matomo%22%3Atrue%7D",
         Role.CONSENT, {"analytics": ACCEPTED}),
    case("klaro-refuse", "klaro itself is necessary", "klaro", '{"klaro":true,"matomo":false}',
         Role.REFUSAL, {"analytics": REFUSED}),
    case("klaro-non-bool", "service state must be true/false", "klaro", '{"matomo":"yes"}',
         Role.UNKNOWN, readable=False),
    case("cc3-reject", "v3 only necessary; services list every category", "cc_cookie",
         json.dumps({"categories": ["necessary"], "revision": 0, "data": None,
                     "consentTimestamp": "2024-05-01T10:00:00.000Z", "consentId": "x",
                     "services": {"necessary": [], "analytics": []},
                     "lastConsentTimestamp": "2024-05-01T10:00:00.000Z"}),
         Role.REFUSAL, {"analytics": REFUSED}),
    case("cc3-accept", "v3 all categories", "cc_cookie",
         json.dumps({"categories": ["necessary", "analytics", "marketing"],
                     "services": {"necessary": [], "analytics": [], "marketing": []}}),
         Role.CONSENT, {"analytics": ACCEPTED, "advertising": ACCEPTED}),
    case("cc2-level", "v2 level lists what was accepted", "cc_cookie",
         '{"level":["necessary","analytics"],"revision":0,"data":null,"rfc_cookie":false}',
         Role.CONSENT, {"analytics": ACCEPTED}),
    case("cc2-necessary-only", "v2 refusal = only necessary", "cc_cookie",
         '{"level":["necessary"],"revision":0,"data":null,"rfc_cookie":false}', Role.REFUSAL),
    case("cc-neither", "neither categories nor level", "cc_cookie", '{"foo":1}', Role.UNKNOWN,
         readable=False),
    # ---------------------------------------------------------------- iubenda, Civic
    case("iubenda-reject", "purposes 2-5 false", "_iub_cs-123456",
         json.dumps({"timestamp": "2023-03-01T10:00:00.000Z", "version": "1.45.0",
                     "purposes": {"1": True, "2": False, "3": False, "4": False, "5": False},
                     "id": 123456, "cons": {"rand": "abc"}}),
         Role.REFUSAL, {"requested_service": REFUSED, "interactive": REFUSED,
                        "analytics": REFUSED, "advertising": REFUSED}),
    case("iubenda-measure-only", "measurement only, URL-encoded", "_iub_cs-s98765",
         quote(json.dumps({"purposes": {"1": True, "4": True, "5": False}})), Role.MIXED,
         {"analytics": ACCEPTED, "advertising": REFUSED}),
    case("iubenda-legacy", "older all-or-nothing consent", "_iub_cs-123",
         '{"consent":true,"timestamp":"2020-01-01T00:00:00.000Z"}', Role.CONSENT),
    case("civic-mixed", "optionalCookies accepted/revoked", "CookieControl",
         json.dumps({"necessaryCookies": [], "optionalCookies": {"analytics": "accepted",
                                                                 "marketing": "revoked"},
                     "statement": {}, "consentDate": 1690000000000, "consentExpiry": 90,
                     "interactedWith": True, "user": "abc"}),
         Role.MIXED, {"analytics": ACCEPTED, "advertising": REFUSED}),
    case("civic-essentials-only", "only essentials accepted", "CookieControl",
         '{"interactedWith":true,"acceptedCategories":["essentials"]}', Role.REFUSAL),
    case("civic-bad-state", "state must be accepted/revoked", "CookieControl",
         '{"optionalCookies":{"analytics":"yes"}}', Role.UNKNOWN, readable=False),
    # ---------------------------------------------------------------- opt-outs, presence only
    case("doubleclick-opt-out", "id=OPT_OUT is an opt-out", "id", "OPT_OUT", Role.REFUSAL,
         {"advertising": REFUSED}),
    case("anid-opt-out", "ANID=OPT_OUT", "ANID", "OPT_OUT", Role.REFUSAL,
         {"advertising": REFUSED}),
    case("xandr-opt-out", "uuid2=-1 with the catalogue's hint", "uuid2", "-1", Role.REFUSAL,
         {"advertising": REFUSED}, platform="opt-out"),
    case("opt-out-hint-plain-id", "hint, but a normal id value", "id", "22a1c2b3d4",
         Role.UNKNOWN, platform="opt-out"),
    case("osano-blob", "opaque", "osano_consentmanager", "ZXhhbXBsZQ==", Role.UNKNOWN,
         readable=False),
    case("osano-status-allow", "cookieconsent_status=allow", "cookieconsent_status", "allow",
         Role.CONSENT),
    case("osano-status-deny", "cookieconsent_status=deny", "cookieconsent_status", "deny",
         Role.REFUSAL),
    case("osano-status-dismiss", "dismissed only", "cookieconsent_status", "dismiss",
         Role.UNKNOWN),
    case("usercentrics-settings", "choice lives in local storage", "uc_settings", "abc",
         Role.UNKNOWN, readable=False),
    case("usercentrics-interaction", "answered, no details", "uc_user_interaction", "true",
         Role.UNKNOWN),
    case("sourcepoint-uuid", "an identifier only", "consentUUID",
         "e5f2a0b4-1c2d-4e5f-8a9b-0c1d2e3f4a5b_28", Role.UNKNOWN, readable=False),
    case("sourcepoint-v1", "_sp_v1_* bookkeeping", "_sp_v1_consent", "1!1:1:-1:-1:-1:-1",
         Role.UNKNOWN, readable=False),
    case("consentmanager-tc", "a TC string from CMP 31", "__cmpconsentx17155",
         "CO90wgOO90wgOAfSDBRUBCCgAAAAAAAAAAigAAANzgAgNzAA", Role.REFUSAL, OPTIONAL_REFUSED),
    case("consentmanager-old", "an old v1-style value is not read", "__cmpconsentx40263",
         "BPuKNGaPuKNGaAfEHBFIABAAAAA_mABAfyA", Role.UNKNOWN, readable=False),
    case("consentmanager-private", "private format", "__cmpcvcx12345", "__s94_s40_U__",
         Role.UNKNOWN, readable=False),
    case("quantcast-tc", "hint with a TC string", "euconsent-v2", FC_ACCEPT, Role.CONSENT,
         {"advertising": ACCEPTED, "analytics": ACCEPTED}, platform="quantcast"),
    case("other-hint", "generic fallback", "my_consent", "a=1&b=2", Role.UNKNOWN,
         platform="other", readable=False),
    case("value-unavailable", "an encrypted value", "OptanonConsent", None, Role.UNKNOWN,
         readable=False),
    case("value-empty", "an empty value", "didomi_token", "", Role.UNKNOWN, readable=False),
    case("value-huge", "a huge value", "CookieConsent", "{" + "a:1," * 10_000 + "}",
         Role.UNKNOWN, readable=False),
]  # fmt: skip


def _expected_platform(c: Case) -> str:
    if c.expect_platform:
        return c.expect_platform
    if c.platform:
        return c.platform
    from inspector.consent import recognise

    found = recognise(c.name, c.value)
    assert found is not None
    return found


@pytest.mark.parametrize("c", CASES)
def test_platform_values(c: Case) -> None:
    record = decode_consent(c.name, c.value, platform=c.platform)
    assert isinstance(record, ConsentRecord), c.reason
    assert record.platform == _expected_platform(c), c.reason
    assert record.readable is c.readable, f"{c.reason}: {record.reason}"
    assert record.role is c.role, f"{c.reason}: {record.summary()}"
    assert {str(k): str(v) for k, v in record.decisions.items()} == c.decisions, c.reason
    if not c.readable:
        assert record.reason and not record.decisions
    summary = record.summary()
    assert summary.endswith(".") and summary.count(". ") == 0, summary


# ------------------------------------------------------------------------------ details


def test_unknown_name_is_not_a_consent_record() -> None:
    # Reason: None means "not a consent record this program knows".
    assert decode_consent("_ga", "GA1.2.3.4") is None
    assert decode_consent("id", "22a1c2b3d4") is None  # DoubleClick id without the marker
    assert decode_consent("id", None) is None


def test_onetrust_details() -> None:
    # Reason: datestamp in JavaScript's Date form becomes UTC; GPC and interaction are read.
    value = _onetrust("C0001:1,C0002:0", "&isGpcEnabled=1").replace(
        "interactionCount=1", "interactionCount=0"
    )
    record = decode_consent("OptanonConsent", value)
    assert record is not None
    assert record.choice_time == datetime(2021, 10, 19, 3, 31, 41, tzinfo=UTC)
    assert record.interacted is False
    assert "Global Privacy Control" in record.note
    assert record.raw_categories == {"C0001 strictly necessary": True, "C0002 performance": False}


def test_onetrust_alert_box_date() -> None:
    # Reason: the dismissal cookie gives the time of the choice.
    record = decode_consent("OptanonAlertBoxClosed", "2024-04-03T05:46:58.824Z")
    assert record is not None
    assert record.choice_time == datetime(2024, 4, 3, 5, 46, 58, 824000, tzinfo=UTC)


def test_cookiebot_details() -> None:
    # Reason: utc is the choice time in ms; method explicit means answered; iab2 is decoded.
    record = decode_consent(
        "CookieConsent",
        "{stamp:'x',necessary:true,preferences:false,statistics:false,marketing:false,"
        f"method:'explicit',ver:1,utc:1707240048272,iab2:'{UBOL_REJECT}'}}",
    )
    assert record is not None
    assert record.choice_time == datetime(2024, 2, 6, 17, 20, 48, 272000, tzinfo=UTC)
    assert record.interacted is True
    assert record.tcf is not None and record.tcf.cmp_id == 141


def test_socs_time_and_tcf_vendor_note() -> None:
    # Reason: the SOCS timestamp is the varint in field 3.1; TCF notes name known vendors.
    socs = decode_consent("SOCS", "CAESHAgBEhJnd3NfMjAyNDAxMDEtMF9SQzEaAmZyIAEaBgiA_LyaBg")
    assert socs is not None and socs.choice_time == datetime(2022, 10, 19, tzinfo=UTC)
    tcf = decode_consent("euconsent-v2", FC_ACCEPT)
    assert tcf is not None and "Google (Funding Choices)" in tcf.note
    assert tcf.tcf is not None and 755 in tcf.tcf.vendor_consents.vendor_ids


def test_didomi_time_and_raw_ids() -> None:
    # Reason: "updated" is the choice time; custom ids are listed raw.
    record = decode_consent(
        "didomi_token",
        _b64json({"purposes": {"enabled": ["analytics-NGqxWbmn"]},
                  "created": "2024-10-15T11:50:06.819Z", "updated": "2024-10-15T11:50:32.408Z"}),
    )  # fmt: skip
    assert record is not None
    assert record.choice_time == datetime(2024, 10, 15, 11, 50, 32, 408000, tzinfo=UTC)
    assert record.raw_categories == {"purpose analytics-NGqxWbmn": True}
    assert record.decisions == {}


def test_tcf_purpose_labels_and_special_features_do_not_decide() -> None:
    # Reason: special features are shown but never make an accept-all string "mixed".
    record = decode_consent("euconsent-v2", _tc(purpose_consents=frozenset(range(1, 12))))
    assert record is not None and record.role is Role.CONSENT
    assert record.raw_categories["Special feature 1: Use your precise location"] is False
    assert record.raw_categories["Purpose 1: Store or read information on your device"] is True
