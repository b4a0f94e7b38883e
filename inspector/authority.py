"""Which data-protection authority the person complains to: the one of their country.

The country is :func:`inspector.i18n.user_country` (the Country setting, else the locale's
territory: fr_FR → France → the CNIL); the authorities are data in
``resources/authorities.toml``. Unknown countries get the European Data Protection Board's
list of every national authority.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from inspector.i18n import user_country
from inspector.localeformat import territory_name
from inspector.resources import resource


@dataclass(frozen=True, slots=True)
class Authority:
    country: str | None  # ISO 3166-1 alpha-2; None for the EDPB fallback
    name: str
    url: str
    complaint: str  # where to complain (the home page when we know no better page)


@lru_cache(maxsize=1)
def _authorities() -> tuple[dict[str, Authority], Authority]:
    data = tomllib.loads(resource("authorities.toml").read_text("utf-8"))
    table = {
        code: Authority(code, entry["name"], entry["url"], entry.get("complaint", entry["url"]))
        for code, entry in data["authority"].items()
    }
    fallback = data["fallback"]
    return table, Authority(None, fallback["name"], fallback["url"], fallback["url"])


def authority_for(country_setting: str | None = None) -> Authority:
    """The authority for the person's country (the setting wins over the locale)."""
    table, fallback = _authorities()
    country = user_country(country_setting)
    return table.get(country or "", fallback)


def authority_countries() -> list[tuple[str, str]]:
    """The countries that have an authority here, as (code, name in the user's language),
    sorted by name: the choices of the Country setting."""
    table, _fallback = _authorities()
    return sorted(((code, territory_name(code)) for code in table), key=lambda item: item[1])
