"""How much of a documented cookie set the classifier knows, and how often it is right.

    python benchmarks/eval_catalogue.py                 # the documented evaluation set
    python benchmarks/eval_catalogue.py --ocd FILE.csv  # also: coverage of an OCD CSV
    python benchmarks/eval_catalogue.py --model OLD.json  # the guess section with another model

The evaluation set (``benchmarks/data/eval_documented.csv``) lists cookies with the purpose
that websites' own cookie policies document for them, one row per cookie with the page it
comes from. Those pages were not used to write the catalogue. Purposes are compared in the
cookie policy's groups: "necessary" (``communication`` and ``requested_service``, which the
sites' tables do not tell apart), ``analytics``, ``advertising``, ``interactive``, ``consent``.

Printed: coverage (share not ``unknown``) by kind of answer (catalogue, known domain, name
heuristic, learnt guess), accuracy where answered, and what ``delete --trackers`` would take
among the cookies documented as consent records or necessary (must be none). Then the learnt
guess alone, on the rows whose name no catalogue entry knows (cookies it was not trained on):
with the name only, and with "sites sharing the name" (a name documented by at least two
sites of the set). The set has no lifetimes, values or scopes, so those are not measured here.
Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.analysis import Analysis, Finding  # noqa: E402
from inspector.catalogue.model import Catalogue  # noqa: E402
from inspector.classify import Classifier  # noqa: E402
from inspector.deletion.plan import Selection, make_plan  # noqa: E402
from inspector.guess import SHARED_SITES, GuessModel, load_guess_model  # noqa: E402
from inspector.model import Cookie, Family, SameSite, Store  # noqa: E402
from inspector.psl import registrable_domain  # noqa: E402
from inspector.purposes import Purpose  # noqa: E402
from inspector.scan import ScanResult  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "eval_documented.csv"
STORE = Store("chromium", "Chromium", Family.CHROMIUM, "eval", Path("eval"), Path())
GROUP = {
    Purpose.COMMUNICATION: "necessary",
    Purpose.REQUESTED_SERVICE: "necessary",
    Purpose.ANALYTICS: "analytics",
    Purpose.ADVERTISING: "advertising",
    Purpose.INTERACTIVE: "interactive",
    Purpose.CONSENT: "consent",
    Purpose.UNKNOWN: "unknown",
}


def make_cookie(host: str, name: str, index: int) -> Cookie:
    return Cookie(
        STORE, host, name, "/", None, None, None, True, False, SameSite.UNSPECIFIED, None,
        (host, name, str(index)),
    )  # fmt: skip


def evaluate(rows: list[dict[str, str]], classifier: Classifier) -> None:
    cookies = [make_cookie(r["host"], r["name"], i) for i, r in enumerate(rows)]
    started = time.perf_counter()
    classifier.note_visits(cookies)  # as a scan does: visited sites, names several sites hold
    findings = [Finding(c, classifier.classify(c)) for c in cookies]
    elapsed = time.perf_counter() - started
    kinds: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong_rows = []
    for row, finding in zip(rows, findings, strict=True):
        info = finding.info
        kind = "unknown" if info.purpose is Purpose.UNKNOWN else info.confidence.value
        kinds[kind] += 1
        if kind != "unknown":
            if GROUP[info.purpose] == row["purpose"]:
                right[kind] += 1
            else:
                wrong_rows.append((row, info))
    total = len(rows)
    answered = total - kinds["unknown"]
    print(f"evaluation set: {total} documented cookies from {len({r['source'] for r in rows})}")
    print(f"  classified in {elapsed * 1000:.1f} ms")
    print(f"  unknown: {kinds['unknown']} ({100 * kinds['unknown'] / total:.1f} %)")
    for kind in ("catalogue", "domain", "heuristic", "guess"):
        if kinds[kind]:
            share = 100 * right[kind] / kinds[kind]
            print(f"  {kind:9}: {kinds[kind]:4} answered, purpose right {share:5.1f} %")
    firm = kinds["catalogue"] + kinds["domain"]
    firm_right = right["catalogue"] + right["domain"]
    print(
        f"  purpose right where answered: {100 * sum(right.values()) / max(1, answered):.1f} %"
        f" (catalogue and known domains alone: {100 * firm_right / max(1, firm):.1f} %)"
    )
    analysis = Analysis(ScanResult(()), tuple(findings), classifier.catalogue.version)
    plan = make_plan(analysis, Selection(trackers=True))
    protected = {
        id(f.cookie)
        for row, f in zip(rows, findings, strict=True)
        if row["purpose"] in ("consent", "necessary")
    }
    harmful = [f for f in plan.delete if id(f.cookie) in protected]
    print(
        f"  delete --trackers would take {len(plan.delete)}; of the documented consent and "
        f"necessary cookies: {len(harmful)}"
    )
    for finding in harmful:
        print(f"    HARM {finding.cookie.name} @ {finding.cookie.host}")
    if wrong_rows:
        print("  wrong answers:")
        for row, info in wrong_rows:
            print(
                f"    {row['name']} @ {row['host']}: documented {row['purpose']}, "
                f"answered {info.purpose.value} ({info.confidence.value}, {info.rule})"
            )


def unseen_rows(rows: list[dict[str, str]], catalogue: Catalogue) -> list[dict[str, str]]:
    """Rows whose name no catalogue entry names or prefixes: the guess never saw them."""
    names = {r.name for r in catalogue.rules if r.name is not None}
    prefixes = tuple(r.prefix for r in catalogue.rules if r.prefix is not None)
    return [r for r in rows if r["name"] not in names and not r["name"].startswith(prefixes)]


def guess_alone(rows: list[dict[str, str]], catalogue: Catalogue, model: GuessModel) -> None:
    unseen = unseen_rows(rows, catalogue)
    sites: dict[str, set[str]] = {}
    for row in rows:
        sites.setdefault(row["name"], set()).add(registrable_domain(row["host"].lstrip(".")))
    print(f"learnt guess alone, on {len(unseen)} rows whose name no catalogue entry knows:")
    for label, use_shared in (("name only", False), ("name + sites sharing it", True)):
        answered = right = 0
        for row in unseen:
            shared = use_shared and len(sites[row["name"]]) >= SHARED_SITES
            found = model.guess(row["name"], None, shared)
            if found is not None:
                answered += 1
                right += GROUP[found.purpose] == row["purpose"]
        print(
            f"  {label:24}: answers {answered} ({100 * answered / max(1, len(unseen)):.1f} %), "
            f"purpose right {right} ({100 * right / max(1, answered):.1f} %)"
        )


def ocd_coverage(path: Path, classifier: Classifier) -> None:
    """Share of an Open Cookie Database CSV the classifier knows (the bundled catalogue is
    partly derived from it: this measures coverage, not independent accuracy)."""
    from inspector.catalogue.importers import ocd_domains

    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    known: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for index, row in enumerate(rows):
        name = row["Cookie / Data Key name"].strip() + (
            "x1" if row["Wildcard match"].strip() == "1" else ""
        )
        domains = ocd_domains(row["Domain"])
        cookie = make_cookie("." + (domains[0] if domains else "shop-example.com"), name, index)
        info = classifier.classify(cookie)
        for key in ("all", row["Data Controller"].strip()):
            total[key] += 1
            known[key] += info.purpose is not Purpose.UNKNOWN
    print(f"Open Cookie Database {path.name}: {len(rows)} entries")
    for key in ("all", "Microsoft", "Adobe", "Salesforce", "Google", "Yandex"):
        if total[key]:
            print(f"  {key:10}: {100 * known[key] / total[key]:5.1f} % classified")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--ocd", type=Path, help="an Open Cookie Database CSV")
    parser.add_argument("--model", type=Path, help="a guess model JSON (default: the shipped one)")
    args = parser.parse_args()
    with args.data.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    classifier = Classifier()
    evaluate(rows, classifier)
    model = (
        GuessModel(json.loads(args.model.read_text("utf-8"))) if args.model else load_guess_model()
    )
    if model is not None:
        guess_alone(rows, classifier.catalogue, model)
    if args.ocd:
        ocd_coverage(args.ocd, classifier)


if __name__ == "__main__":
    main()
