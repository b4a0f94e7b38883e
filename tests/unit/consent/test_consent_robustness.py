"""Values come from websites: every decoder must take any string without crashing or guessing.

Property tests feed arbitrary text and arbitrary bytes (as base64, percent-encoded and as
JSON-ish text) to every platform decoder; a table of hostile values covers the classic
attacks: huge strings, deep nesting, prototype-pollution keys, broken escapes, truncation.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.consent import (
    DECODERS,
    PLATFORM_NAMES,
    ConsentRecord,
    Role,
    decode_consent,
    load_vocabulary,
)
from inspector.errors import ConsentFormatError

# One cookie name per sub-decoder of each platform.
TARGETS = [
    ("tcf", "euconsent-v2"),
    ("tcf", "addtl_consent"),
    ("onetrust", "OptanonConsent"),
    ("onetrust", "OptanonAlertBoxClosed"),
    ("cookiebot", "CookieConsent"),
    ("didomi", "didomi_token"),
    ("cookieyes", "cookieyes-consent"),
    ("cookieyes", "cookielawinfo-checkbox-analytics"),
    ("cookieyes", "viewed_cookie_policy"),
    ("complianz", "cmplz_marketing"),
    ("complianz", "cmplz_banner-status"),
    ("borlabs", "borlabs-cookie"),
    ("trustarc", "notice_preferences"),
    ("trustarc", "notice_gdpr_prefs"),
    ("trustarc", "cmapi_cookie_privacy"),
    ("trustarc", "notice_behavior"),
    ("sourcepoint", "consentUUID"),
    ("consentmanager", "__cmpconsentx12345"),
    ("funding-choices", "FCCDCF"),
    ("klaro", "klaro"),
    ("cc-cookie", "cc_cookie"),
    ("google-consent", "CONSENT"),
    ("google-socs", "SOCS"),
    ("opt-out", "id"),
    ("osano", "osano_consentmanager"),
    ("osano", "cookieconsent_status"),
    ("usercentrics", "uc_user_interaction"),
    ("quantcast", "euconsent-v2"),
    ("iubenda", "_iub_cs-123"),
    ("civic", "CookieControl"),
    ("other", "some_consent"),
]
TARGET_IDS = [f"{platform}:{name}" for platform, name in TARGETS]
VOCAB = load_vocabulary()


def test_every_platform_has_a_decoder_and_a_target() -> None:
    # Reason: the property tests below must cover every platform the catalogue can name.
    assert set(DECODERS) == set(PLATFORM_NAMES)
    assert {platform for platform, _ in TARGETS} == set(DECODERS)


def check_record(record: ConsentRecord | None, platform: str) -> None:
    """The invariants every record keeps, whatever the input."""
    assert isinstance(record, ConsentRecord)
    assert record.platform == platform
    if not record.readable:
        assert record.reason
        assert record.role is Role.UNKNOWN
        assert not record.decisions and record.tcf is None
    summary = record.summary()
    assert isinstance(summary, str) and summary.endswith(".")


def check_decoder(platform: str, name: str, value: str) -> None:
    """Both layers: the platform decoder raises only ConsentFormatError; the public entry
    point never raises and always returns a record for a hinted platform."""
    try:
        direct = DECODERS[platform](name, value, VOCAB)
    except ConsentFormatError:
        pass
    else:
        check_record(direct, platform)
    check_record(decode_consent(name, value, platform=platform, vocabulary=VOCAB), platform)


@pytest.mark.parametrize(("platform", "name"), TARGETS, ids=TARGET_IDS)
@given(value=st.text(max_size=200))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_text(platform: str, name: str, value: str) -> None:
    # Reason: any Unicode text, including control characters and surrogates.
    check_decoder(platform, name, value)


@pytest.mark.parametrize(("platform", "name"), TARGETS, ids=TARGET_IDS)
@given(data=st.binary(max_size=200), urlsafe=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_bytes_as_base64(platform: str, name: str, data: bytes, urlsafe: bool) -> None:
    # Reason: base64-shaped values reach the binary layers (protobuf, TC strings, JSON).
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    check_decoder(platform, name, encode(data).decode())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.parametrize(("platform", "name"), TARGETS, ids=TARGET_IDS)
@given(value=json_values, encoded=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_json(platform: str, name: str, value: object, encoded: bool) -> None:
    # Reason: well-formed JSON of the wrong shape must not be guessed into a choice.
    text = json.dumps(value)
    check_decoder(platform, name, quote(text) if encoded else text)


HOSTILE = [
    pytest.param("A" * 100_000, id="huge-plain"),
    pytest.param("%41" * 20_000, id="huge-percent"),
    pytest.param("[" * 50_000 + "]" * 50_000, id="deep-json-array"),
    pytest.param('{"a":' * 5_000 + "1" + "}" * 5_000, id="deep-json-object"),
    pytest.param("{a:" * 5_000 + "1" + "}" * 5_000, id="deep-js-literal"),
    pytest.param("[" * 10, id="unclosed-json"),
    pytest.param(
        '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}',
        id="prototype-pollution-json",
    ),
    pytest.param(
        "{__proto__:{polluted:true},constructor:{prototype:{}},necessary:true}",
        id="prototype-pollution-literal",
    ),
    pytest.param(
        quote('{"consents":{"__proto__":["x"]},"__proto__":{"consents":1}}'),
        id="prototype-pollution-encoded",
    ),
    pytest.param("%E0%A4%A", id="percent-truncated"),
    pytest.param("%zz%", id="percent-not-hex"),
    pytest.param("%C0%AF", id="percent-overlong-utf8"),
    pytest.param("%00%00", id="percent-nul"),
    pytest.param("\x00\x01\x02", id="control-characters"),
    pytest.param("\ud800\udfff", id="lone-surrogates"),
    pytest.param("eyJ1c2VyX2lkIjoiMTk", id="truncated-base64"),
    pytest.param("eyJ=1c2V", id="padding-in-the-middle"),
    pytest.param("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASAAAAAAAAAA", id="tcf-version-1"),
    pytest.param("DOEFEAyOEFEAyAHABDENAI4AAAB9vABAASAAAAAAAAAA", id="tcf-version-3"),
    pytest.param("C" + "A" * 40, id="tcf-zeros"),
    pytest.param("1" * 5_000, id="huge-integer"),
    pytest.param("[1e999999, -1e999999]", id="json-infinity"),
    pytest.param("[NaN]", id="json-nan"),
    pytest.param('{"categories": "necessary", "level": 7}', id="wrong-json-types"),
    pytest.param("{stamp:'\\u12'}", id="bad-js-escape"),
    pytest.param("groups=" + ",".join(f"C{i}:1" for i in range(5_000)), id="many-groups"),
    pytest.param("YES+" + "x" * 100, id="google-yes-prefix"),
    pytest.param("/" * 64, id="slashes"),
    pytest.param("=", id="lone-equals"),
    pytest.param("  ", id="blank"),
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("platform", "name"), TARGETS, ids=TARGET_IDS)
def test_hostile_values(platform: str, name: str, value: str) -> None:
    # Reason: each hostile value gives a record (readable or not) and never an exception.
    check_decoder(platform, name, value)


def test_prototype_pollution_keys_stay_plain_data() -> None:
    # Reason: such keys are ordinary names here; they neither crash nor change other entries.
    record = decode_consent("klaro", '{"__proto__":true,"constructor":false,"matomo":true}')
    assert record is not None and record.readable
    assert record.raw_categories == {"__proto__": True, "constructor": False, "matomo": True}
    assert record.decisions == {"analytics": "accepted"}


def test_recognition_needs_no_value() -> None:
    # Reason: an unreadable value still yields a present record for a known name.
    for name in ("euconsent-v2", "OptanonConsent", "CookieConsent", "SOCS", "_iub_cs-1"):
        record = decode_consent(name, None)
        assert record is not None and not record.readable
