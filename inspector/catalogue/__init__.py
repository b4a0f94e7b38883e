"""The tracker catalogue: facts about cookies, services and organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.catalogue.model import Catalogue, CookieRule, Organization, Rank, Service

if TYPE_CHECKING:
    from pathlib import Path


def load_catalogue(data_dir: Path | None = None) -> Catalogue:
    """The bundled catalogue, with the person's overlay and imports when ``data_dir`` is given
    (then compiled and kept in its cache folder for the next run: inspector.catalogue.compiled).

    The reader of the sources (inspector.catalogue.loader: TOML, checks) is imported only when
    they are read, not when the compiled catalogue is still current."""
    if data_dir is None:
        from inspector.catalogue.loader import build, bundled_documents

        return build(bundled_documents())
    from inspector.catalogue import compiled

    return compiled.load(data_dir)


__all__ = ["Catalogue", "CookieRule", "Organization", "Rank", "Service", "load_catalogue"]
