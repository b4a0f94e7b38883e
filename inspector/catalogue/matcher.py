"""Indexed lookup of catalogue rules: exact names, prefixes, and a walk up the domain.

Nothing here scans every rule for every cookie: a name is one dictionary look-up, a prefix
at most one look-up per distinct prefix length, a domain one per label.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from inspector.catalogue.model import Catalogue, CookieRule, Organization, Rank, Service
from inspector.catalogue.names import is_generic, prefix_boundary_ok
from inspector.psl import domain_suffixes


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: fast keys
class DomainOwner:
    domain: str
    organization: Organization | None
    service: Service | None


class Matcher:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        by_name: dict[str, list[CookieRule]] = defaultdict(list)
        by_prefix: dict[str, list[CookieRule]] = defaultdict(list)
        for rule in catalogue.rules:
            if rule.name is not None:
                by_name[rule.name].append(rule)
            elif rule.prefix is not None:
                by_prefix[rule.prefix].append(rule)
        self._by_name = dict(by_name)
        # prefixes grouped by their first two characters, longest first: a name is compared
        # only with the few prefixes that start like it
        self._prefixes: dict[str, list[tuple[str, list[CookieRule]]]] = defaultdict(list)
        for prefix, rules in sorted(by_prefix.items(), key=lambda item: -len(item[0])):
            self._prefixes[prefix[:2]].append((prefix, rules))
        self._site_bound_names = frozenset(
            r.name for r in catalogue.rules if r.name is not None and r.domains is not None
        )
        self._rules_by_name: dict[tuple[str, str], CookieRule | None] = {}
        self._site_dependent: dict[str, bool] = {}
        self.value_dependent_names = frozenset(
            r.name for r in catalogue.rules if r.name is not None and r.value_pattern is not None
        )
        self._owners = self._domain_index(catalogue)

    @staticmethod
    def _domain_index(catalogue: Catalogue) -> dict[str, DomainOwner]:
        """Domain → owner. The overlay beats the bundled catalogue beats imported lists;
        within one source a service's own domain beats its organisation's."""
        owners: dict[str, DomainOwner] = {}
        for source in sorted(
            {o.source for o in catalogue.organizations.values()}
            | {s.source for s in catalogue.services.values()},
            key=_rank,
        ):
            for service in catalogue.services.values():
                if service.source == source:
                    for domain in service.domains:
                        owners.setdefault(
                            domain, DomainOwner(domain, service.organization, service)
                        )
            for organization in catalogue.organizations.values():
                if organization.source == source:
                    for domain in organization.domains:
                        owners.setdefault(domain, DomainOwner(domain, organization, None))
        return owners

    @property
    def owners(self) -> dict[str, DomainOwner]:
        """Every domain the catalogue assigns to an owner."""
        return self._owners

    def owner(self, host: str) -> DomainOwner | None:
        """The organisation owning the host or one of its parent domains."""
        for suffix in domain_suffixes(host):
            found = self._owners.get(suffix)
            if found is not None:
                return found
        return None

    def rule_for(self, name: str, site: str, value: str | None = None) -> CookieRule | None:
        """The best catalogue rule for a cookie name on a registrable domain (memoised; the
        site is part of the key only for names whose rules depend on it)."""
        if value is not None:
            return self._rule_for(name, site, value)
        key = (name, site if self.depends_on_site(name) else "")
        try:
            return self._rules_by_name[key]
        except KeyError:
            found = self._rules_by_name[key] = self._rule_for(name, site, None)
            return found

    def depends_on_site(self, name: str) -> bool:
        """Whether a rule for this name applies only on some sites (memoised)."""
        dependent = self._site_dependent.get(name)
        if dependent is None:
            dependent = self._site_dependent[name] = self._scan_site_dependence(name)
        return dependent

    def _scan_site_dependence(self, name: str) -> bool:
        if name in self._site_bound_names:
            return True
        for prefix, candidates in self._prefixes.get(name[:2], ()):
            if name.startswith(prefix) and any(r.domains is not None for r in candidates):
                return True
        return False

    def _rule_for(self, name: str, site: str, value: str | None) -> CookieRule | None:
        # our own entries (the overlay and the bundled catalogue), exact names before
        # prefixes, are all tried before any imported entry: an import never overrides them
        imported: list[CookieRule] = []
        exact = self._by_name.get(name)
        if exact:
            best = _best(exact, name, site, value, imported)
            if best is not None:
                return best
        for prefix, candidates in self._prefixes.get(name[:2], ()):
            if name.startswith(prefix):
                best = _best(candidates, name, site, value, imported)
                if best is not None:
                    return best
        return _best(imported, name, site, value, None) if imported else None


def _rank(source: str) -> int:
    return {"overlay": 0, "bundled": 1}.get(source, 2)


def _applies(rule: CookieRule, name: str, site: str, value: str | None) -> bool:
    if rule.domains is not None and site not in rule.domains:
        return False
    if (
        rule.prefix is not None
        and rule.pattern is None
        and rule.domains is None
        and not prefix_boundary_ok(name, rule.prefix)
    ):
        return False  # a short prefix names a vendor only up to a word's end
    if rule.rank is Rank.IMPORTED and rule.domains is None and is_generic(name):
        return False  # a common name names no vendor on a site that vendor does not use
    if rule.value_pattern is not None and (value is None or not rule.value_pattern.search(value)):
        return False
    return rule.pattern is None or rule.pattern.fullmatch(name) is not None


def _best(
    rules: list[CookieRule],
    name: str,
    site: str,
    value: str | None,
    imported: list[CookieRule] | None,
) -> CookieRule | None:
    """The best of our own rules; imported ones are set aside in ``imported`` for later
    (or, with ``imported=None``, considered now)."""
    fitting = []
    for rule in rules:
        if imported is not None and rule.rank is Rank.IMPORTED:
            imported.append(rule)
        elif _applies(rule, name, site, value):
            fitting.append(rule)
    if not fitting:
        return None
    # the person's overlay beats the bundled catalogue; then a rule that looked at the
    # value beats one that did not, and a domain-bound rule beats a general one
    return min(fitting, key=lambda r: (r.rank, r.value_pattern is None, r.domains is None))
