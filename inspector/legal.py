"""Legal facts for explanations (``resources/legal.toml``): which countries are in the EEA, and
the basis on which data may leave it. (The authority to complain to: ``inspector.authority``.)"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

from inspector.i18n import _
from inspector.resources import resource


@lru_cache(maxsize=1)
def _legal() -> dict[str, Any]:
    return tomllib.loads(resource("legal.toml").read_text("utf-8"))


def in_eea(country: str | None) -> bool:
    return bool(country) and str(country).upper() in _legal()["eea"]


def transfer_text(organization: str, country_code: str, country: str) -> str | None:
    """Whether and on what basis data sent to a company in ``country_code`` leaves the EEA;
    None inside the EEA."""
    code = country_code.upper()
    if not code or in_eea(code):
        return None
    legal = _legal()
    key = "us" if code == "US" else "adequate" if code in legal["adequate"] else "other"
    text: str = _(legal["transfer"][key])
    return text.format(organization=organization, country=country)
