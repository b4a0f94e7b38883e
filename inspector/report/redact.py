"""Keep the person's home folder out of shared reports: ``/home/ana/x`` becomes ``~/x``."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Fields of the ``scan --json`` shapes whose text may name a file (a cookie's own ``path``
#: is part of a web address, not a file, and is left alone).
STORE_KEYS = frozenset({"path", "error", "warnings"})
COOKIE_KEYS = frozenset({"store"})


@lru_cache(maxsize=8)
def _pattern(home: str) -> re.Pattern[str] | None:
    home = home.rstrip("/\\")
    if len(home) < 2:  # a home of "/" would turn every path into "~"
        return None
    # the home folder itself, followed by a separator, the end, or punctuation around a path
    return re.compile(re.escape(home) + r"(?=[/\\\s'\"),;:]|$)")


def home_folder() -> str:
    """The home folder as the system spells it (empty when there is none)."""
    try:
        return str(Path.home())
    except RuntimeError:  # no home can be determined
        return ""


def tilde(text: str, home: str | None = None) -> str:
    """``text`` with every mention of the home folder replaced by ``~``."""
    pattern = _pattern(home_folder() if home is None else home)
    return pattern.sub("~", text) if pattern is not None else text


def tilde_fields(
    entry: dict[str, Any], keys: frozenset[str], home: str | None = None
) -> dict[str, Any]:
    """A copy of a JSON entry with the home folder hidden in the fields ``keys``."""
    home = home_folder() if home is None else home
    result = dict(entry)
    for key in keys & result.keys():
        value = result[key]
        if isinstance(value, str):
            result[key] = tilde(value, home)
        elif isinstance(value, list):
            result[key] = [tilde(v, home) if isinstance(v, str) else v for v in value]
    return result
