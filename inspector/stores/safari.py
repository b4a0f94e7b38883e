"""Read Safari's ``Cookies.binarycookies`` into cookie records."""

from __future__ import annotations

from inspector.errors import StoreMissingError, StorePermissionError
from inspector.model import Cookie, SameSite, Source, Store, cookie_id
from inspector.stores import binarycookies
from inspector.timeconv import from_apple


def read(store: Store) -> tuple[list[Cookie], list[str]]:
    try:
        data = store.path.read_bytes()
    except FileNotFoundError:
        raise StoreMissingError(f"{store.path} does not exist.", path=store.path,
                                advice="Scan again to refresh the list.") from None
    except PermissionError:
        raise StorePermissionError(
            f"macOS refused access to Safari's cookies in {store.path}.", path=store.path,
            advice="Give Cookie Inspector Full Disk Access in System Settings → Privacy & "
            "Security → Full Disk Access, then scan again.") from None
    parsed = binarycookies.parse(data, path=store.path)
    store_path = str(store.path)
    cookies = []
    for record in parsed.records():
        row_key = (record.domain, record.name, record.path)
        expires = from_apple(record.expires)
        cookies.append(Cookie(
            id=cookie_id(store_path, Source.DATABASE, row_key),
            store=store,
            host=record.domain,
            name=record.name,
            path=record.path,
            created=from_apple(record.created),
            expires=expires,
            last_accessed=None,
            secure=record.secure,
            http_only=record.http_only,
            same_site=SameSite.UNSPECIFIED,
            partition_key=None,
            row_key=row_key,
        ))
    return cookies, []
