"""What the window shows of an analysis, computed off the GUI thread in two steps.

The overview needs only counts: ``overview_summary`` takes them in a few passes over the
findings (about a quarter of ``summarise``'s time at 100,000 cookies, which builds a summary
per site). The scan job ends with it, so the overview and the cookie list appear at once;
then ``prepare_lists`` (a job of its own) builds the per-site summaries and the search keys,
and the site list fills when it ends. The figures are the ones ``summarise`` counts (a test
compares the two); ``summarise`` stays the one definition the reports use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from inspector.analysis import Analysis
from inspector.classify import Party
from inspector.gui.jobs import JobContext
from inspector.gui.models import site_search_keys
from inspector.purposes import Purpose
from inspector.summary import (
    Figures,
    SiteSummary,
    Summary,
    by_browser,
    kept_too_long,
    lifetime_bucket,
    receiving_organization,
    search_key,
    summarise,
)


def overview_summary(analysis: Analysis) -> Summary:
    """The figures and the charts' counts of ``summarise(analysis)``, without the per-site
    summaries (``sites`` is empty)."""
    infos = [finding.info for finding in analysis.findings]
    purposes: Counter[Purpose] = Counter(map(attrgetter("purpose"), infos))
    organizations: Counter[str] = Counter(filter(None, map(receiving_organization, infos)))
    contradiction_sites = len({violation.site for violation in analysis.violations})
    figures = Figures(
        cookies=len(infos),
        sites=len(set(map(attrgetter("site"), infos))),
        trackers=purposes[Purpose.ANALYTICS] + purposes[Purpose.ADVERTISING],
        organizations=len(organizations),
        consent_records=purposes[Purpose.CONSENT],
        past_13_months=sum(map(kept_too_long, infos)),
        contradictions=len(analysis.violations),
        contradiction_sites=contradiction_sites,
        third_party=Counter(map(attrgetter("party"), infos))[Party.THIRD],
        stores=len(analysis.scan.results),
        failed_stores=len(analysis.scan.failed),
    )
    return Summary(
        figures,
        purposes,
        organizations,
        Counter(map(lifetime_bucket, infos)),
        by_browser(analysis),
        (),
    )


@dataclass(frozen=True)
class Lists:
    """What the site and cookie lists need beyond the findings: the per-site summaries and
    what search-as-you-type compares against (lowercase, one string per row)."""

    analysis: Analysis
    sites: tuple[SiteSummary, ...]
    site_keys: tuple[str, ...]
    cookie_keys: tuple[str, ...]


def prepare_lists(context: JobContext, analysis: Analysis) -> Lists:
    """The job after a scan: the lists' data, off the GUI thread."""
    cookie_keys = tuple(map(search_key, analysis.findings))
    context.check()
    sites = summarise(analysis).sites
    context.check()
    return Lists(analysis, sites, tuple(site_search_keys(sites)), cookie_keys)


__all__ = ["Lists", "overview_summary", "prepare_lists"]
