"""Read Safari's ``Cookies.binarycookies`` into cookie records."""

from __future__ import annotations

from inspector.errors import StoreMissingError, StorePermissionError
from inspector.model import Cookie, SameSite, Store
from inspector.stores import binarycookies
from inspector.timeconv import from_apple, to_unix_micro


def read(store: Store) -> tuple[list[Cookie], list[str]]:
    try:
        data = store.path.read_bytes()
    except FileNotFoundError:
        raise StoreMissingError(
            f"{store.path} does not exist.",
            path=store.path,
            advice="Scan again to refresh the list.",
        ) from None
    except PermissionError:
        raise StorePermissionError(
            f"macOS refused access to Safari's cookies in {store.path}.",
            path=store.path,
            advice="Give Cookie Inspector Full Disk Access in System Settings → Privacy & "
            "Security → Full Disk Access, then scan again.",
        ) from None
    parsed = binarycookies.parse(data, path=store.path)
    cookies = []
    for record in parsed.records():
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
    return cookies, []


def _micro(apple_seconds: float) -> int | None:
    moment = from_apple(apple_seconds)
    return None if moment is None else to_unix_micro(moment)
