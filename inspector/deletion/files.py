"""Deleting from (and restoring to) the whole-file stores: Firefox's session store files and
Safari's ``Cookies.binarycookies``. Each file is rewritten atomically (a new file renamed over
the old one), with the old bytes kept in memory to put back if a later step fails."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from inspector.atomic import write_atomically
from inspector.errors import CorruptStoreError, StoreError
from inspector.i18n import N_, _
from inspector.model import Cookie
from inspector.stores import binarycookies, mozlz4, origin_attributes
from inspector.stores.binarycookies import SafariRecord

SESSION_FILES = (
    "sessionstore.jsonlz4",
    "sessionstore-backups/recovery.jsonlz4",
    "sessionstore-backups/recovery.baklz4",
    "sessionstore-backups/previous.jsonlz4",
)
SAFARI_NOTE = N_(
    "Safari's cookie file is rewritten by Cookie Inspector; this has been tested "
    "against the file format but not yet against Safari itself."
)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` over ``path`` atomically, keeping the file's permissions."""
    write_atomically(path, data, mode=path.stat().st_mode & 0o777 if path.exists() else 0o600)


def _entry_key(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (
        entry.get("name"),
        entry.get("host"),
        entry.get("path", "/"),
        origin_attributes.to_suffix(entry.get("originAttributes")),
    )


@dataclass
class SessionFile:
    path: Path
    original: bytes
    document: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> SessionFile:
        original = path.read_bytes()
        try:
            document = json.loads(mozlz4.decompress(original, path=path))
        except (ValueError, RecursionError):
            raise CorruptStoreError(
                _("{path} does not hold a readable Firefox session.").format(path=path),
                path=path,
                advice=_("Open and close Firefox, then try again."),
            ) from None
        if not isinstance(document, dict):
            raise CorruptStoreError(
                _("{path} does not hold a Firefox session.").format(path=path),
                path=path,
                advice=_("Open and close Firefox, then try again."),
            )
        return cls(path, original, document)

    def _lists(self) -> list[list[Any]]:
        lists = []
        if isinstance(self.document.get("cookies"), list):
            lists.append(self.document["cookies"])
        for window in self.document.get("windows") or []:
            if isinstance(window, dict) and isinstance(window.get("cookies"), list):
                lists.append(window["cookies"])
        return lists

    def remove(self, keys: set[tuple[Any, ...]]) -> list[dict[str, Any]]:
        removed: list[dict[str, Any]] = []
        for entries in self._lists():
            kept = []
            for entry in entries:
                if isinstance(entry, dict) and _entry_key(entry) in keys:
                    removed.append(entry)
                else:
                    kept.append(entry)
            entries[:] = kept
        return removed

    def add(self, entries: Iterable[dict[str, Any]]) -> tuple[int, int]:
        if not isinstance(self.document.get("cookies"), list):
            self.document["cookies"] = []
        target: list[Any] = self.document["cookies"]
        present = {_entry_key(e) for lst in self._lists() for e in lst if isinstance(e, dict)}
        added = skipped = 0
        for entry in entries:
            if _entry_key(entry) in present:
                skipped += 1
            else:
                target.append(entry)
                added += 1
        return added, skipped

    saved: bool = False

    def save(self) -> None:
        payload = json.dumps(self.document, ensure_ascii=False, separators=(",", ":"))
        replace_file(self.path, mozlz4.compress(payload.encode("utf-8")))
        self.saved = True

    def put_back(self) -> None:
        replace_file(self.path, self.original)


def session_files(profile_dir: Path) -> list[Path]:
    return [profile_dir / name for name in SESSION_FILES if (profile_dir / name).is_file()]


def firefox_keys(cookies: Iterable[Cookie]) -> set[tuple[Any, ...]]:
    return {tuple(cookie.row_key) for cookie in cookies}


@dataclass
class SafariFile:
    path: Path
    original: bytes
    parsed: binarycookies.BinaryCookies

    @classmethod
    def load(cls, path: Path) -> SafariFile:
        try:
            original = path.read_bytes()
        except OSError as error:
            raise StoreError(
                _("{path} cannot be read ({strerror}).").format(path=path, strerror=error.strerror),
                path=path,
            ) from None
        # Lenient text: a record whose strings are not UTF-8 (written by a website) is kept byte
        # for byte by the rewrite instead of making the whole file undeletable.
        parsed = binarycookies.parse(original, path=path, verify_checksum=True, strict_text=False)
        return cls(path, original, parsed)

    def remove(self, keys: set[tuple[str, str, str]]) -> list[SafariRecord]:
        removed = [r for r in self.parsed.records() if (r.domain, r.name, r.path) in keys]
        self._written = None
        self.parsed = binarycookies.without(
            self.parsed, lambda r: (r.domain, r.name, r.path) in keys
        )
        return removed

    def add(self, records: Iterable[SafariRecord]) -> tuple[int, int]:
        wanted = list(records)
        present = {(r.domain, r.name, r.path) for r in self.parsed.records()}
        new = [r for r in wanted if (r.domain, r.name, r.path) not in present]
        if new:
            self._written = None
            self.parsed = _with_pages(self.parsed, (*self.parsed.pages, tuple(new)))
        return len(new), len(wanted) - len(new)

    saved: bool = False
    _written: bytes | None = None

    def new_bytes(self) -> bytes:
        """The file as the deletion (or undo) writes it; computed once, before any change."""
        if self._written is None:
            self._written = binarycookies.serialize(self.parsed)
        return self._written

    def save(self) -> None:
        replace_file(self.path, self.new_bytes())
        self.saved = True

    def put_back(self) -> None:
        replace_file(self.path, self.original)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _with_pages(
    parsed: binarycookies.BinaryCookies, pages: tuple[Any, ...]
) -> binarycookies.BinaryCookies:
    from dataclasses import replace

    return replace(parsed, pages=pages)


def record_to_json(record: SafariRecord) -> dict[str, Any]:
    data = asdict(record)
    data["value"] = {"$b64": _b64(record.value.encode("utf-8", "surrogateescape"))}
    return data


def record_from_json(data: dict[str, Any]) -> SafariRecord:
    import base64

    fields = dict(data)
    raw = fields["value"]
    if isinstance(raw, dict):
        raw = base64.b64decode(raw["$b64"])
    if isinstance(raw, bytes):
        fields["value"] = raw.decode("utf-8", "surrogateescape")
    for name, value in list(fields.items()):
        if isinstance(value, dict) and set(value) == {"$b64"}:
            fields[name] = base64.b64decode(value["$b64"])
    return SafariRecord(**fields)


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")
