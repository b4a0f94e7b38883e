"""One Chromium store built in code and analysed: the fixture the report, summary, PDF and
contradiction tests share (one copy, not one per test module).

``NEWS_COOKIES`` is the small scene most of them use: a newspaper whose OneTrust record refuses
everything optional, yet holds a Google Analytics cookie created after the refusal (a strong
contradiction, kept 800 days) and a DoubleClick cookie older than it (a weaker one), an ad
network's opt-out, and a shop's session cart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from inspector.analysis import Analysis, analyse
from inspector.classify import Classifier
from inspector.model import Family, Store
from inspector.scan import scan
from tests.support.storefactory import NOW, FakeCookie, make_chromium_store

#: OneTrust ``OptanonConsent``: necessary on, performance, functional and targeting refused on
#: 2 November 2026.
REFUSAL = (
    "isGpcEnabled=0&datestamp=Mon+Nov+02+2026+10%3A00%3A00+GMT%2B0000&version=202409.1.0"
    "&interactionCount=1&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0"
)

NEWS_COOKIES: tuple[FakeCookie, ...] = (
    FakeCookie(
        ".news.example",
        "_ga",
        value="GA1.1.5.6",
        created=NOW + timedelta(days=2),
        expires=NOW + timedelta(days=800),
    ),
    FakeCookie(".news.example", "OptanonConsent", value=REFUSAL),
    FakeCookie(".doubleclick.net", "IDE", value="xyz"),
    FakeCookie(".doubleclick.net", "id", value="OPT_OUT"),
    FakeCookie("shop.example", "cart", value="2 items", expires=None),
)


def chromium_store(folder: Path, cookies: Sequence[FakeCookie], name: str = "chromium") -> Store:
    """A Chromium ``Default`` profile under ``folder/name`` holding ``cookies``."""
    path = make_chromium_store(folder / name / "Default" / "Cookies", list(cookies))
    return Store(
        "chromium",
        "Chromium",
        Family.CHROMIUM,
        "Default",
        path,
        path.parent,
        user_data_dir=path.parent.parent,
    )


def analyse_stores(*stores: Store) -> Analysis:
    """The stores read and analysed as the program does (values read where they matter)."""
    return analyse(scan(list(stores)), Classifier())


def analysis_of(
    folder: Path, cookies: Sequence[FakeCookie] = NEWS_COOKIES, name: str = "chromium"
) -> Analysis:
    """``cookies`` written by a Chromium store under ``folder``, read and analysed."""
    return analyse_stores(chromium_store(folder, cookies, name))
