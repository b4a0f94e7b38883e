"""Registrable domains from the Public Suffix List shipped with ``publicsuffixlist`` (offline)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from publicsuffixlist import PublicSuffixList


@lru_cache(maxsize=1)
def _list() -> PublicSuffixList:
    return PublicSuffixList()  # reads the bundled copy; never fetches


@lru_cache(maxsize=262144)
def registrable_domain(host: str) -> str:
    """``news.bbc.co.uk`` → ``bbc.co.uk``; ``user.github.io`` stays whole; an IP stays itself."""
    host = host.strip().lstrip(".").rstrip(".").lower()
    if not host:
        return host
    if host.startswith("[") or _is_ip(host):
        return host
    site = _list().privatesuffix(host)
    return site if site else host


def _is_ip(host: str) -> bool:
    if not (host[-1].isdigit() or ":" in host):
        return False  # a name ends in a letter: skip the slow parser
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def domain_suffixes(host: str) -> list[str]:
    """The host and each parent domain down to its registrable domain, longest first."""
    host = host.strip().lstrip(".").rstrip(".").lower()
    site = registrable_domain(host)
    labels = host.split(".")
    suffixes = []
    for index in range(len(labels)):
        candidate = ".".join(labels[index:])
        suffixes.append(candidate)
        if candidate == site:
            break
    return suffixes


@lru_cache(maxsize=65536)
def site_of_origin(origin: str) -> str:
    """``https://www.example.co.uk:8443`` → ``example.co.uk``."""
    rest = origin.split("://", 1)[-1]
    host = rest.split("/", 1)[0]
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return registrable_domain(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)
