"""The tracker catalogue: facts about cookies, services and organisations."""

from inspector.catalogue.loader import load_catalogue
from inspector.catalogue.model import Catalogue, CookieRule, Organization, Rank, Service

__all__ = ["Catalogue", "CookieRule", "Organization", "Rank", "Service", "load_catalogue"]
