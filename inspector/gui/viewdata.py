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
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from inspector.analysis import Analysis, Finding
from inspector.classify import Party
from inspector.gui.jobs import JobContext
from inspector.gui.models import site_search_keys
from inspector.purposes import Purpose
from inspector.summary import (
    CookieKeys,
    Figures,
    LifetimeBucket,
    SiteSummary,
    Summary,
    by_browser,
    cookie_keys,
    kept_too_long,
    lifetime_bucket,
    receiving_organization,
    summarise,
)


def overview_summary(analysis: Analysis) -> Summary:
    """The figures and the charts' counts of ``summarise(analysis)``, without the per-site
    summaries (``sites`` is empty)."""
    tally = OverviewTally()
    tally.add(analysis.findings)
    return tally.summary(analysis)


class OverviewTally:
    """The counts of ``overview_summary``, added to as cookies are classified: the figures
    of a scan part-way cost only the cookies classified since the last ones. One thread at a
    time (the scan's chain of jobs)."""

    def __init__(self) -> None:
        self.count = 0  # findings added
        self.purposes: Counter[Purpose] = Counter()
        self.organizations: Counter[str] = Counter()
        self.lifetimes: Counter[LifetimeBucket] = Counter()
        self.sites: set[str] = set()
        self.past_13_months = 0
        self.third_party = 0

    def add(self, findings: Sequence[Finding]) -> None:
        infos = [finding.info for finding in findings]
        self.count += len(infos)
        self.purposes.update(map(attrgetter("purpose"), infos))
        self.organizations.update(filter(None, map(receiving_organization, infos)))
        self.lifetimes.update(map(lifetime_bucket, infos))
        self.sites.update(map(attrgetter("site"), infos))
        self.past_13_months += sum(map(kept_too_long, infos))
        self.third_party += Counter(map(attrgetter("party"), infos))[Party.THIRD]

    def summary(self, analysis: Analysis) -> Summary:
        """The figures so far (contradictions: those of ``analysis``); copies, so that
        adding more later changes nothing shown."""
        purposes = self.purposes
        figures = Figures(
            cookies=self.count,
            sites=len(self.sites),
            trackers=purposes[Purpose.ANALYTICS] + purposes[Purpose.ADVERTISING],
            organizations=len(self.organizations),
            consent_records=purposes[Purpose.CONSENT],
            past_13_months=self.past_13_months,
            contradictions=len(analysis.violations),
            contradiction_sites=len({violation.site for violation in analysis.violations}),
            third_party=self.third_party,
            stores=len(analysis.scan.results),
            failed_stores=len(analysis.scan.failed),
        )
        return Summary(
            figures,
            Counter(purposes),
            Counter(self.organizations),
            Counter(self.lifetimes),
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
    cookie_keys: CookieKeys


def prepare_lists(context: JobContext, analysis: Analysis) -> Lists:
    """The job after a scan: the lists' data, off the GUI thread."""
    keys = cookie_keys(analysis.findings)
    context.check()
    sites = summarise(analysis).sites
    context.check()
    return Lists(analysis, sites, tuple(site_search_keys(sites)), keys)


__all__ = ["Lists", "OverviewTally", "overview_summary", "prepare_lists"]
