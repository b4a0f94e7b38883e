"""Registrable domains from the Public Suffix List shipped with ``publicsuffixlist`` (offline)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from publicsuffixlist import PublicSuffixList


@lru_cache(maxsize=1)
def _list() -> PublicSuffixList:
    return PublicSuffixList()  # reads the bundled copy; never fetches


class _Shortcut:
    """Which hosts the list can only give a one-label public suffix, so that their
    registrable domain is their last two labels without walking the list's rules.

    A rule can make a suffix longer than one label only if its own last two labels are the
    host's last two (``co.uk``, ``github.io``, ``*.compute.amazonaws.com``), or if it is a
    wildcard or exception right under the top-level label (``*.ck``). Every other host gets
    what ``privatesuffix`` would give, in one set look-up instead of one per depth.
    """

    def __init__(self, rules: frozenset[str]) -> None:
        deep_tails, wild_tops = set(), set()
        for rule in rules:
            labels = rule.lstrip("!").split(".")
            if len(labels) >= 2 and labels[-2] == "*":
                wild_tops.add(labels[-1])
            elif rule.startswith("!") and len(labels) == 1:
                wild_tops.add(labels[0])
            if len(labels) >= 2:
                deep_tails.add(".".join(labels[-2:]))
        self.deep_tails = frozenset(deep_tails)
        self.wild_tops = frozenset(wild_tops)

    def site(self, host: str) -> str | None:
        """The last two labels when no rule can reach deeper; None to ask the list."""
        last = host.rfind(".")
        if last <= 0 or last == len(host) - 1:
            return None
        second = host.rfind(".", 0, last)
        tail = host[second + 1 :]
        if not tail.split(".")[0] or tail in self.deep_tails:
            return None
        if host[last + 1 :] in self.wild_tops or ".." in host:
            return None
        return tail


@lru_cache(maxsize=1)
def _shortcut() -> _Shortcut:
    return _Shortcut(_list()._publicsuffix)


@lru_cache(maxsize=262144)
def registrable_domain(host: str) -> str:
    """``news.bbc.co.uk`` → ``bbc.co.uk``; ``user.github.io`` stays whole; an IP stays itself."""
    host = host.strip().lstrip(".").rstrip(".").lower()
    if not host:
        return host
    if host.startswith("[") or _is_ip(host):
        return host
    site = _shortcut().site(host) or _list().privatesuffix(host)
    return site if site else host


def _is_ip(host: str) -> bool:
    if not (host[-1].isdigit() or ":" in host):
        return False  # a name ends in a letter: skip the slow parser
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


#: The longest name DNS allows. A longer parent domain cannot be anyone's domain, so it is
#: never listed: a crafted host of 100,000 labels would otherwise give 100,000 suffixes of
#: up to 200 KB each (quadratic work and memory).
MAX_NAME_LENGTH = 253


def domain_suffixes(host: str) -> list[str]:
    """The host and each parent domain down to its registrable domain, longest first.

    Parents longer than a DNS name can be are left out (the host itself is always first),
    so the work is linear in the host's length.
    """
    host = host.strip().lstrip(".").rstrip(".").lower()
    site = registrable_domain(host)
    suffixes = [host]
    if host == site:
        return suffixes
    start = host.find(".") + 1
    if len(host) > MAX_NAME_LENGTH:
        start = max(start, host.find(".", len(host) - MAX_NAME_LENGTH - 1) + 1)
    while 0 < start < len(host):
        candidate = host[start:]
        suffixes.append(candidate)
        if candidate == site:
            break
        start = host.find(".", start) + 1
    return suffixes


@lru_cache(maxsize=65536)
def site_of_origin(origin: str) -> str:
    """``https://www.example.co.uk:8443`` → ``example.co.uk``."""
    rest = origin.split("://", 1)[-1]
    host = rest.split("/", 1)[0]
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return registrable_domain(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)
