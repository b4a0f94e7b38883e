"""Owning the decryption step: Chromium's own value formats, per-value reasons, and a contract
test against browser-cookie3's public API on the same store."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.keys import KeyProblem, KeyRing, crypto
from inspector.model import Family, Store
from inspector.stores import read_store
from inspector.values import read_values
from tests.support.storefactory import FakeCookie, encrypt_v10, make_chromium_store


def _encrypt_cbc(password: bytes, plain: bytes, prefix: bytes, iterations: int = 1) -> bytes:
    from Cryptodome.Cipher import AES
    from Cryptodome.Util.Padding import pad

    key = crypto.cbc_key(password, iterations)
    return prefix + AES.new(key, AES.MODE_CBC, crypto.CBC_IV).encrypt(pad(plain, 16))


@pytest.mark.parametrize("version", [23, 24], ids=["no-host-hash", "host-hash-from-24"])
def test_linux_v10(version: int) -> None:
    sealed = encrypt_v10("a.example", "hello", version=version)
    ring = KeyRing(allow_keyring=False, platform="linux")
    assert ring.open("chromium", None, "a.example", sealed, version).text == "hello"


def test_linux_v11_uses_the_keyring_password_and_falls_back_to_the_empty_one() -> None:
    ring = KeyRing(allow_keyring=True, platform="linux")
    ring._passwords["chromium"] = b"from-the-keyring"
    sealed = _encrypt_cbc(b"from-the-keyring", b"choice", b"v11")
    assert ring.open("chromium", None, "a.example", sealed, 23).text == "choice"
    empty = _encrypt_cbc(b"", b"old", b"v11")  # written when the keyring gave an empty password
    assert ring.open("chromium", None, "a.example", empty, 23).text == "old"
    wrong = _encrypt_cbc(b"another", b"x" * 20, b"v11")
    opened = ring.open("chromium", None, "a.example", wrong, 23)
    assert opened.text is None and opened.problem is KeyProblem.FAILED


def test_macos_uses_1003_iterations() -> None:
    ring = KeyRing(allow_keyring=True, platform="darwin")
    ring._passwords["chrome"] = b"keychain"
    sealed = _encrypt_cbc(b"keychain", b"mac", b"v10", iterations=1003)
    assert ring.open("chrome", None, "a.example", sealed, 23).text == "mac"


def test_windows_gcm_and_v20_named(tmp_path: Path) -> None:
    from Cryptodome.Cipher import AES

    key, nonce = bytes(range(32)), b"\x07" * 12
    host_hash = hashlib.sha256(b"a.example").digest()
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    body, tag = cipher.encrypt_and_digest(host_hash + b"win")
    ring = KeyRing(allow_keyring=False, platform="win32")
    ring._aes[tmp_path] = key
    assert ring.open("edge", tmp_path, "a.example", b"v10" + nonce + body + tag, 24).text == "win"
    v20 = ring.open("edge", tmp_path, "a.example", b"v20" + b"\x01" * 60, 24)
    assert v20.text is None and v20.problem is KeyProblem.APP_BOUND
    assert v20.reason and "v20" in v20.reason
    no_state = KeyRing(allow_keyring=False, platform="win32")
    missing = no_state.open("edge", tmp_path, "a.example", b"v10" + nonce + body + tag, 24)
    assert missing.problem is KeyProblem.NOT_FOUND  # no Local State: named, nothing crashes


def test_keyring_not_asked_without_permission() -> None:
    ring = KeyRing(allow_keyring=False, platform="linux")
    opened = ring.open("chromium", None, "a.example", b"v11" + b"\x00" * 32, 24)
    assert opened.problem is KeyProblem.NOT_ASKED


def test_no_session_bus_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    ring = KeyRing(allow_keyring=True, platform="linux")
    opened = ring.open("chromium", None, "a.example", b"v11" + b"\x00" * 32, 24)
    assert opened.problem is KeyProblem.NO_SESSION_BUS


ONETRUST = "groups=C0001%3A1%2CC0002%3A0%2CC0004%3A0&datestamp=Wed+Nov+25+2026"


def _v11_store(tmp_path: Path) -> Path:
    path = make_chromium_store(
        tmp_path / "chromium" / "Default" / "Cookies",
        [
            FakeCookie("www.news.example", "OptanonConsent", value=ONETRUST),
            FakeCookie("www.shop.example", "OptanonConsent", value=ONETRUST),
            FakeCookie("www.news.example", "_ga", value="GA1.1.1.1"),
        ],
    )
    with sqlite3.connect(path) as connection:
        sealed = _encrypt_cbc(b"secret", hashlib.sha256(b"x").digest() + b"y", b"v11")
        connection.execute("UPDATE cookies SET value = '', encrypted_value = ?", (sealed,))
    return path


def _scan(path: Path, *extra: str, env: dict[str, str] | None = None) -> dict[str, object]:
    command = [sys.executable, "-m", "inspector", "scan", "--json", "--store", str(path), *extra]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    document: dict[str, object] = json.loads(done.stdout)
    return document


def test_scan_warns_how_many_consent_records_were_not_read(tmp_path: Path) -> None:
    path = _v11_store(tmp_path)
    document = _scan(path)
    (store,) = document["stores"]  # type: ignore[misc]
    (warning,) = store["warnings"]
    assert "2 records" in warning and "--decrypt" in warning
    assert "news.example" in warning and "shop.example" in warning
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    asked = _scan(path, "--decrypt", env=env)
    (store,) = asked["stores"]  # type: ignore[misc]
    (warning,) = store["warnings"]
    assert "--decrypt" not in warning and "D-Bus" in warning  # the reason, not the hint


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="needs dbus-run-session")
def test_contract_with_browser_cookie3(tmp_path: Path) -> None:
    """browser-cookie3's public API and this package read the same values from one store."""
    fakes = [FakeCookie("a.example", f"c{i}", value=f"value {i} é") for i in range(5)]
    path = make_chromium_store(tmp_path / "Default" / "Cookies", fakes, encrypt=True)
    script = (
        "import json, sys, browser_cookie3\n"
        "jar = browser_cookie3.chromium(cookie_file=sys.argv[1])\n"
        "print(json.dumps({c.name: c.value for c in jar}))\n"
    )
    home = tmp_path / "home"  # a keyring the bus may start must not touch the real home
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home),
    }
    home.mkdir(mode=0o700)
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    theirs = json.loads(done.stdout.strip().splitlines()[-1])
    store = Store("chromium", "Chromium", Family.CHROMIUM, "Default", path, path.parent)
    cookies = read_store(store).cookies
    values = read_values(cookies, allow_keyring=False)
    ours = {cookie.name: values[cookie.id].value for cookie in cookies}
    assert ours == theirs == {fake.name: fake.value for fake in fakes}


def test_a_store_held_open_by_its_browser_on_windows_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses even a copy of Cookies while Chrome runs (a sharing violation)."""
    from inspector.stores import chromium as chromium_reader

    path = make_chromium_store(tmp_path / "Default" / "Cookies", [FakeCookie("a.example", "x")])
    store = Store("chrome", "Google Chrome", Family.CHROMIUM, "Default", path, path.parent)

    def sharing_violation(_store: Store) -> None:
        error = PermissionError(13, "The process cannot access the file")
        error.winerror = 32  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(chromium_reader, "read", sharing_violation)
    result = read_store(store)
    assert result.error_type == "StoreLockedError"
    assert result.error and "Google Chrome" in result.error and "as soon as" in result.error


def test_report_says_which_consent_choices_could_not_be_read(tmp_path: Path) -> None:
    path = _v11_store(tmp_path)
    target = tmp_path / "report.html"
    command = [
        sys.executable,
        "-m",
        "inspector",
        "report",
        "--format",
        "html",
        "-o",
        str(target),
        "--store",
        str(path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    page = target.read_text("utf-8")
    section = page[page.index('id="contradictions"') :]
    assert "The consent choices on 2 sites could not be read." in section
    assert "--decrypt" in section
