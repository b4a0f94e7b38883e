"""Read Safari's ``Cookies.binarycookies`` into cookie records."""

from __future__ import annotations

from inspector.errors import StoreMissingError, StorePermissionError
from inspector.i18n import _, ngettext
from inspector.model import Cookie, SameSite, Store
from inspector.safefile import read_regular
from inspector.stores import binarycookies
from inspector.timeconv import from_apple, to_unix_micro

#: Safari keeps a few thousand cookies, a few MB; a bigger file is damage.
MAX_FILE_BYTES = 256 * 1024 * 1024


def read_file(store: Store) -> binarycookies.BinaryCookies:
    """The parsed file; a record whose text is not UTF-8 is kept with surrogate escapes."""
    try:
        data = read_regular(store.path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise StoreMissingError(
            _("{path} does not exist.").format(path=store.path),
            path=store.path,
            advice=_("Scan again to refresh the list."),
        ) from None
    except PermissionError:
        raise StorePermissionError(
            _("macOS refused access to Safari's cookies in {path}.").format(path=store.path),
            path=store.path,
            advice=_(
                "Give Cookie Inspector Full Disk Access in System Settings → "
                "Privacy & Security → Full Disk Access, then scan again."
            ),
        ) from None
    return binarycookies.parse(data, path=store.path, strict_text=False)


def is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # surrogate escapes: the bytes were not UTF-8
        return False
    return True


def read(store: Store) -> tuple[list[Cookie], list[str]]:
    parsed = read_file(store)
    cookies = []
    undecodable = 0
    for record in parsed.records():
        if not (is_text(record.domain) and is_text(record.name) and is_text(record.path)):
            undecodable += 1
            continue
        row_key = (record.domain, record.name, record.path)
        cookies.append(
            Cookie(
                store,
                record.domain,
                record.name,
                record.path,
                _micro(record.created),
                _micro(record.expires),
                None,
                record.secure,
                record.http_only,
                SameSite.UNSPECIFIED,
                None,
                row_key,
                stored_value=record.value,
            )
        )
    warnings = []
    if undecodable:
        warnings.append(
            ngettext(
                "{count} cookie was left out because its text is not valid UTF-8.",
                "{count} cookies were left out because their text is not valid UTF-8.",
                undecodable,
            ).format(count=undecodable)
        )
    return cookies, warnings


def _micro(apple_seconds: float) -> int | None:
    moment = from_apple(apple_seconds)
    return None if moment is None else to_unix_micro(moment)
