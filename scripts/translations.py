"""Translations: extract every user-visible string, update the catalogues, compile, check.

    python scripts/translations.py extract    # resources/locale/cookie-inspector.pot
    python scripts/translations.py update     # merge new strings into every <lang>.po
    python scripts/translations.py compile    # .po -> .mo (committed; a test checks the pair)
    python scripts/translations.py check      # what is missing, fuzzy or wrong; exit 1 if any

Strings come from two kinds of source:
- Python (inspector/, the window included): ``_()``, ``N_()``, ``ngettext()``,
  ``pgettext()``, ``npgettext()``; a ``# Translators:`` comment above goes to translators.
- Data files in resources/ (TOML_SOURCES below): the explanation building blocks, the
  name-only hints, the TCF purposes, and the catalogue's descriptions (message context
  "cookie:<id>" / "service:<id>") and organisations' data categories.

``tests/unit/test_translations.py`` runs :func:`problems` for every language in CI.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import io
import re
import string
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
_FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
DOMAIN = "cookie-inspector"
KEYWORDS = {
    "_": None,
    "N_": None,
    "N_plural": (1, 2),
    "NC_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("Translators:",)

# (one extracted text, its context or None, where it came from, a note for translators)
Found = tuple[str, str | None, str, str | None]


def _all_strings(data: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield data, path
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _all_strings(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for value in data:
            yield from _all_strings(value, path)


def _explanations(data: dict[str, Any], source: str) -> Iterator[Found]:
    for text, key in _all_strings(data, ""):
        yield text, None, source, f"explanations: {key}"


def _heuristics(data: dict[str, Any], source: str) -> Iterator[Found]:
    for entry in data.get("heuristic", []):
        note = "completes the sentence “Its name suggests that …”"
        yield entry["hint"], None, source, note


def _tcf(data: dict[str, Any], source: str) -> Iterator[Found]:
    for table in ("purpose", "special_feature"):
        for entry in data.get(table, []):
            if entry.get("name"):
                yield entry["name"], "tcf", source, f"TCF {table.replace('_', ' ')} {entry['id']}"


def _catalogue(data: dict[str, Any], source: str) -> Iterator[Found]:
    for kind in ("cookie", "service"):
        for entry in data.get(kind, []):
            if entry.get("description"):
                name = entry.get("name") or entry.get("prefix") or entry.get("id")
                yield entry["description"], f"{kind}:{entry['id']}", source, f"{kind} {name}"
    for service in data.get("service", []):
        if service.get("name"):
            yield service["name"], f"service-name:{service['id']}", source, "a service's name"
    for organization in data.get("organization", []):
        for phrase in organization.get("data_categories", []):
            yield phrase, "data-category", source, "what an organisation receives"
    for entry in data.get("cookie", []):
        for phrase in entry.get("data", []):
            yield phrase, "data-category", source, "what one cookie sends"


def _legal(data: dict[str, Any], source: str) -> Iterator[Found]:
    for key, text in data.get("transfer", {}).items():
        yield text, None, source, f"transfer of data outside the EU: {key}"


TOML_SOURCES: list[tuple[str, Callable[[dict[str, Any], str], Iterable[Found]]]] = [
    ("resources/explanations.toml", _explanations),
    ("resources/heuristics.toml", _heuristics),
    ("resources/consent/tcf.toml", _tcf),
    ("resources/catalogue/*.toml", _catalogue),
    ("resources/legal.toml", _legal),
]
PYTHON_SOURCES = ["inspector/**/*.py"]


def extract_template(root: Path = ROOT) -> Catalog:
    """Every marked string of the program, as a catalogue without translations."""
    # a fixed creation date: an update that finds nothing new leaves the .po unchanged
    template = Catalog(
        domain=DOMAIN, project="Cookie Inspector", fuzzy=False, creation_date=_FIXED_DATE
    )
    for pattern in PYTHON_SOURCES:
        for path in sorted(root.glob(pattern)):
            relative = path.relative_to(root).as_posix()
            with path.open("rb") as handle:
                for lineno, message, comments, context in extract(
                    "python",
                    handle,
                    keywords=KEYWORDS,
                    comment_tags=COMMENT_TAGS,
                    strip_comment_tags=True,
                ):
                    template.add(
                        message,
                        locations=[(relative, lineno)],
                        auto_comments=comments,
                        context=context,
                        flags=_flags(message),
                    )
            for lineno, found, found_context in _inside_fstrings(path):
                key = found if isinstance(found, str) else found[0]
                if template.get(key, found_context) is None:
                    template.add(
                        found,
                        locations=[(relative, lineno)],
                        context=found_context,
                        flags=_flags(found),
                    )
    for pattern, reader in TOML_SOURCES:
        for path in sorted(root.glob(pattern)):
            relative = path.relative_to(root).as_posix()
            data = tomllib.loads(path.read_text("utf-8"))
            for text, context, source, note in reader(data, relative):
                existing = template.get(text, context)
                if existing is not None:
                    existing.locations.append((source, 0))
                    continue
                template.add(
                    text,
                    locations=[(source, 0)],
                    auto_comments=[note] if note else [],
                    context=context,
                    flags=_flags(text),
                )
    return template


def _inside_fstrings(path: Path) -> Iterator[tuple[int, str | tuple[str, str], str | None]]:
    """Marked strings inside f-string expressions (``f"{_('text')}"``), which Babel's
    extractor does not see on Python 3.11: found with the syntax tree instead."""
    tree = ast.parse(path.read_text("utf-8"))
    for joined in ast.walk(tree):
        if not isinstance(joined, ast.JoinedStr):
            continue
        for node in ast.walk(joined):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            spec = KEYWORDS.get(node.func.id, "absent")
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if spec == "absent" or not all(isinstance(t, str) for t in texts) or not texts:
                continue
            if spec is None:
                yield node.lineno, texts[0], None
            elif spec == (1, 2) and len(texts) >= 2:
                yield node.lineno, (texts[0], texts[1]), None
            elif spec == ((1, "c"), 2) and len(texts) >= 2:
                yield node.lineno, texts[1], texts[0]
            elif spec == ((1, "c"), 2, 3) and len(texts) >= 3:
                yield node.lineno, (texts[1], texts[2]), texts[0]


def _flags(message: str | tuple[str, ...]) -> list[str]:
    texts = message if isinstance(message, tuple) else (message,)
    if any(placeholders(text) for text in texts if text):
        return ["python-brace-format"]
    if any(re.search(r"%(\([a-z_]+\))?[sdr]", text) for text in texts if text):
        return ["python-format"]
    return []


def placeholders(text: str) -> list[str]:
    """The names in a text's {placeholders} and %-conversions, sorted."""
    names: list[str] = []
    try:
        names += [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError:
        names.append("<unbalanced braces>")
    names += re.findall(r"%(?:\([a-z_]+\))?[sdr]", text)
    return sorted(names)


def po_path(language: str, root: Path = ROOT) -> Path:
    return root / "resources" / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(root: Path = ROOT) -> list[str]:
    return sorted(
        path.parent.parent.name for path in root.glob(f"resources/locale/*/LC_MESSAGES/{DOMAIN}.po")
    )


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def write_catalogue(catalogue: Catalog, path: Path, *, template: bool = False) -> None:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalogue,
        width=100,
        sort_output=False,
        omit_header=False,
        include_lineno=False,
        ignore_obsolete=True,
        include_previous=True,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def update(language: str, template: Catalog, root: Path = ROOT) -> Catalog:
    path = po_path(language, root)
    if path.exists():
        catalogue = read_catalogue(path)
    else:
        catalogue = Catalog(locale=language, domain=DOMAIN, project="Cookie Inspector")
    # no fuzzy guesses: a near match is more often wrong than helpful, and the check would
    # refuse it anyway
    catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
    write_catalogue(catalogue, path)
    return catalogue


def compile_mo(language: str, root: Path = ROOT) -> Path:
    catalogue = read_catalogue(po_path(language, root))
    target = po_path(language, root).with_suffix(".mo")
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    target.write_bytes(buffer.getvalue())
    return target


@dataclass(frozen=True)
class Problem:
    language: str
    message: str
    context: str | None
    what: str

    def __str__(self) -> str:
        where = f" [{self.context}]" if self.context else ""
        return f"{self.language}: {self.what}: {self.message!r}{where}"


def _as_tuple(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def problems(language: str, template: Catalog, catalogue: Catalog) -> list[Problem]:
    """Why ``catalogue`` does not translate every string of ``template`` (empty: it does)."""
    found: list[Problem] = []
    for message in template:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        translated = catalogue.get(
            message.id if isinstance(message.id, str) else key, message.context
        )

        def report(what: str, message: Message = message, key: str = key) -> None:
            found.append(Problem(language, key, message.context, what))

        if translated is None:
            report("missing")
            continue
        if translated.fuzzy:
            report("fuzzy (check it, then remove the fuzzy flag)")
        sources = _as_tuple(message.id)
        targets = _as_tuple(translated.string)
        if not all(targets):
            report("not translated")
            continue
        if isinstance(message.id, tuple) != isinstance(translated.id, tuple):
            report("singular/plural mismatch (run update)")
            continue
        expected = placeholders(sources[-1])
        for target in targets:
            # a singular form may leave out the count ("un cookie"); every other name stays
            got = placeholders(target)
            if got != expected and not (
                len(sources) > 1 and set(got) <= set(expected) and target is not targets[-1]
            ):
                report(f"placeholders differ: {expected} in English, {got} in {target!r}")
    return found


def mo_out_of_date(language: str, root: Path = ROOT) -> list[str]:
    """Messages whose compiled translation differs from the .po (empty: in step)."""
    path = po_path(language, root)
    mo = path.with_suffix(".mo")
    if not mo.exists():
        return [f"{mo} is missing: run scripts/translations.py compile"]
    with mo.open("rb") as handle:
        compiled_catalogue = gettext.GNUTranslations(handle)
    compiled: dict[Any, str] = dict(compiled_catalogue._catalog)  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(path), use_fuzzy=False)
    buffer.seek(0)
    expected_catalogue = gettext.GNUTranslations(buffer)
    expected: dict[Any, str] = dict(expected_catalogue._catalog)  # type: ignore[attr-defined]
    # the header ("") changes with every extraction date; its plural rule is checked apart
    differing = sorted(
        str(key)
        for key in expected.keys() | compiled.keys()
        if key != "" and expected.get(key) != compiled.get(key)
    )
    plural = [compiled_catalogue.plural(n) for n in range(4)]  # type: ignore[attr-defined]
    if plural != [expected_catalogue.plural(n) for n in range(4)]:  # type: ignore[attr-defined]
        differing.append("Plural-Forms")
    return differing


# Calls whose text argument the user reads: Qt setters and constructors, message boxes, the
# command line's output and help. A literal there must be wrapped in _() / ngettext().
SHOWN_METHODS = {
    "setText",
    "setToolTip",
    "setWindowTitle",
    "setPlaceholderText",
    "setStatusTip",
    "setWhatsThis",
    "setTitle",
    "addTab",
    "insertTab",
    "setTabText",
    "setTabToolTip",
    "addItem",
    "setItemText",
    "showMessage",
    "setLabelText",
    "setInformativeText",
    "setDetailedText",
    "addAction",
    "addMenu",
    "setAccessibleName",
    "setAccessibleDescription",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "information",
    "warning",
    "critical",
    "question",
    "getSaveFileName",
    "getOpenFileName",
    "getExistingDirectory",
    "write",
    "print_message",
}
SHOWN_CALLS = {
    "QLabel",
    "QPushButton",
    "QAction",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QMenu",
    "QToolButton",
    "QMessageBox",
    "QCommandLinkButton",
    "print",
    "InspectorError",
}
SHOWN_KEYWORDS = {"help", "description", "text", "title", "tooltip", "advice", "message"}
LINT_SOURCES = ["inspector/gui/**/*.py", "inspector/cli*.py", "inspector/report/command.py"]
_WORD = re.compile(r"[A-Za-z]{2,}")
_NOT_PROSE = re.compile(
    r"<[^>]*>|\{[^}]*\}|&[a-z]+;|https?://\S+|%\(?[a-z_]*\)?[sd]"  # markup, placeholders
    r"|cookie-inspector|Cookie Inspector|\b[A-Z][A-Z0-9]+\b"  # the program's name, UTC, JSON
)
IGNORE_MARK = "i18n: ignore"  # on the line, with the reason: a name, a format, a unit


@dataclass(frozen=True)
class Literal:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: not translated: {self.text!r}"


def _prose(node: ast.expr) -> str | None:
    """The words of a literal (a string or an f-string's literal parts), if it has any."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _prose(node.left) or _prose(node.right)
    elif isinstance(node, (ast.List, ast.Tuple)):  # header labels, list items
        return next((text for item in node.elts if (text := _prose(item))), None)
    else:
        return None
    return text if _WORD.search(_NOT_PROSE.sub(" ", text)) else None


def _called_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return ""


def unwrapped_literals(root: Path = ROOT, patterns: Iterable[str] = LINT_SOURCES) -> list[Literal]:
    """Literals with words passed straight to something the user reads."""
    found: list[Literal] = []
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            source = path.read_text("utf-8")
            lines = source.splitlines()
            relative = path.relative_to(root).as_posix()
            for node in ast.walk(ast.parse(source)):
                if not isinstance(node, ast.Call):
                    continue
                name = _called_name(node)
                candidates: list[ast.expr] = []
                if name in SHOWN_METHODS or name in SHOWN_CALLS:
                    candidates += node.args
                candidates += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
                for argument in candidates:
                    text = _prose(argument)
                    if text is None:
                        continue
                    line = lines[argument.lineno - 1] if argument.lineno <= len(lines) else ""
                    if IGNORE_MARK in line or IGNORE_MARK in lines[node.lineno - 1]:
                        continue
                    found.append(Literal(relative, argument.lineno, text))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["extract", "update", "compile", "check", "lint"])
    parser.add_argument("languages", nargs="*", help="default: every language with a .po")
    args = parser.parse_args(argv)
    wanted = args.languages or languages()
    if args.action == "lint":
        literals = unwrapped_literals()
        for literal in literals:
            print(literal)
        return bool(literals)
    template = extract_template()
    if args.action == "extract":
        write_catalogue(template, ROOT / "resources" / "locale" / f"{DOMAIN}.pot")
        print(f"{len(template)} messages")
        return 0
    if args.action == "update":
        for language in wanted:
            update(language, template)
        print(f"updated {', '.join(wanted)}: {len(template)} messages")
        return 0
    if args.action == "compile":
        for language in wanted:
            print(compile_mo(language))
        return 0
    status = 0
    for language in wanted:
        found = problems(language, template, read_catalogue(po_path(language)))
        stale = mo_out_of_date(language)
        for problem in found:
            print(problem)
        if stale:
            print(
                f"{language}: the compiled .mo is out of date ({len(stale)} messages): run compile"
            )
        done = len(template) - len({(p.message, p.context) for p in found})
        print(f"{language}: {done}/{len(template)} messages translated")
        status |= bool(found or stale)
    return status


if __name__ == "__main__":
    sys.exit(main())
