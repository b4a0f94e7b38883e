"""Collect the licences of every component Cookie Inspector ships into resources/licences/.

    python scripts/collect_licences.py           # rewrite resources/licences/
    python scripts/collect_licences.py --check   # exit 1 if it is out of date

The components are the runtime dependencies of the installed ``cookie-inspector`` distribution
(followed recursively, environment markers evaluated for this system), plus what those
distributions carry without declaring it: the Python interpreter (in the desktop bundle) and
Qt (inside PySide6). ``components.toml`` lists them for the About box; one text file per
component holds its licence. Run it again after changing dependencies; a test fails until then.
"""

from __future__ import annotations

import argparse
import re
import sys
import sysconfig
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "licences"
SYSTEM_LICENCES = Path("/usr/share/common-licenses")
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)

# Components that ship inside others, or whose wheels carry no licence file.
EXTRA = {
    "python": ("Python", sys.version.split()[0], "PSF-2.0", "https://www.python.org/"),
}
NO_FILE_IN_WHEEL = {  # distribution -> licence text used (its declared licence)
    "pyside6-essentials": "LGPL-3",
    "shiboken6": "LGPL-3",
}
LICENCE_NAMES = {  # where the metadata's own words are vague ("lgpl", "BSD License")
    "browser-cookie3": "LGPL-3.0",
    "lz4": "BSD-3-Clause",
    "pycryptodomex": "BSD-2-Clause AND Unlicense",
    # Qt for Python is offered under a choice of licences; Cookie Inspector uses it under LGPL.
    "pyside6-essentials": "LGPL-3.0-only",
    "shiboken6": "LGPL-3.0-only",
}
HOMEPAGES = {
    "pyside6-essentials": "https://wiki.qt.io/Qt_for_Python (Qt 6, LGPL-3.0)",
    "shiboken6": "https://wiki.qt.io/Qt_for_Python",
}


def runtime_distributions(root: str = "cookie-inspector") -> list[str]:
    """Names of the distributions ``root`` needs at run time on this system, sorted."""
    seen: set[str] = set()
    pending = [root]
    while pending:
        name = pending.pop()
        try:
            found = distribution(name)
        except PackageNotFoundError:
            continue
        key = found.metadata["Name"].lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        for text in found.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    seen.discard(root)
    return sorted(seen)


def licence_text(name: str) -> str:
    found = distribution(name)
    files = [f for f in found.files or [] if LICENCE_FILE.search(f.name)]
    texts = [Path(str(found.locate_file(f))).read_text("utf-8", "replace") for f in files]
    if not texts and name in NO_FILE_IN_WHEEL:
        texts = [(SYSTEM_LICENCES / NO_FILE_IN_WHEEL[name]).read_text("utf-8")]
    if not texts:
        raise SystemExit(f"collect_licences: {name} ships no licence file; add it to EXTRA.")
    return "\n\n".join(texts)


def licence_expression(name: str) -> str:
    if name in LICENCE_NAMES:
        return LICENCE_NAMES[name]
    metadata = distribution(name).metadata
    declared = metadata.get("License-Expression") or metadata.get("License") or ""
    if not declared or len(declared) > 80:
        classifiers = [c for c in metadata.get_all("Classifier") or [] if "License ::" in c]
        declared = classifiers[0].split("::")[-1].strip() if classifiers else "see file"
    return declared


def homepage(name: str) -> str:
    metadata = distribution(name).metadata
    urls = [u.split(",", 1)[-1].strip() for u in metadata.get_all("Project-URL") or []]
    return HOMEPAGES.get(name) or metadata.get("Home-page") or (urls[0] if urls else "")


def render() -> dict[str, str]:
    """File name -> content of everything resources/licences/ should hold."""
    files: dict[str, str] = {"cookie-inspector.txt": (ROOT / "LICENSE").read_text("utf-8")}
    rows = []
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    for key, (label, version, expression, url) in EXTRA.items():
        files[f"{key}.txt"] = python_licence.read_text("utf-8")
        rows.append((key, label, version, expression, url))
    for name in runtime_distributions():
        found = distribution(name)
        files[f"{name}.txt"] = licence_text(name)
        rows.append(
            (name, found.metadata["Name"], found.version, licence_expression(name), homepage(name))
        )
    lines = [
        "# Components shipped with Cookie Inspector (scripts/collect_licences.py writes this)."
    ]
    for key, label, version, expression, url in sorted(rows):
        lines += [
            "",
            "[[component]]",
            f'id = "{key}"',
            f'name = "{label}"',
            f'version = "{version}"',
            f'licence = "{expression}"',
            f'url = "{url}"',
            f'file = "{key}.txt"',
        ]
    files["components.toml"] = "\n".join(lines) + "\n"
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    arguments = parser.parse_args()
    wanted = render()
    present = {p.name: p.read_text("utf-8") for p in TARGET.glob("*") if p.is_file()}
    if arguments.check:
        stale = sorted(
            set(wanted) ^ set(present) | {n for n in wanted if present.get(n) != wanted[n]}
        )
        if stale:
            print("resources/licences/ is out of date:", ", ".join(stale), file=sys.stderr)
            print("Run: python scripts/collect_licences.py", file=sys.stderr)
            return 1
        return 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in set(present) - set(wanted):
        (TARGET / name).unlink()
    for name, text in wanted.items():
        (TARGET / name).write_text(text, "utf-8")
    print(f"resources/licences/: {len(wanted) - 2} components")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
