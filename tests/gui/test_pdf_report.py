"""The PDF report, drawn by Qt under QT_QPA_PLATFORM=offscreen, read back with poppler's
pdftotext and pdftoppm: a few readable pages, whole column headers, every site and
contradiction, the purposes and rights said once."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from inspector.analysis import Analysis, analyse
from inspector.classify import Classifier
from inspector.cli import main
from inspector.document import load
from inspector.explain import purpose_reason
from inspector.gui.pdf_report import render_pdf
from inspector.report.model import build_report
from tests.support.analysis import NEWS_COOKIES, analysis_of, chromium_store
from tests.support.storefactory import FakeCookie

PDFTOPPM, PDFTOTEXT = shutil.which("pdftoppm"), shutil.which("pdftotext")
SAMPLE = Path(__file__).parents[2] / "resources" / "sample"
LONG_HOST = "a" * 90 + ".example"  # wider than its column: wrapped inside the word
COOKIES = [*NEWS_COOKIES, FakeCookie(LONG_HOST, "x")]
PAGE = re.compile(rb"/Type\s*/Page[^s]")


def poppler(tool: str | None) -> str:
    if tool is None:
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed; .ci/run installs it")
    return tool


def text_of(pdf: bytes, folder: Path, *, layout: bool = False) -> str:
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    options = ["-layout"] if layout else []
    command = [poppler(PDFTOTEXT), *options, str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout


def squeeze(text: str) -> str:
    """Without spaces, hyphens and ligatures: a name may wrap at a hyphen (which pdftotext
    then drops) or, wider than its column, inside a word; "fi" may be drawn as one glyph."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("-", "")


@pytest.fixture(scope="module")
def sample() -> Analysis:
    stores = [str(SAMPLE / "chromium"), str(next((SAMPLE / "firefox").glob("*.sample")))]
    return analyse(load(stores), Classifier())


def test_the_sample_fits_in_a_few_pages(sample: Analysis, tmp_path: Path) -> None:
    pdf = render_pdf(build_report(sample))
    assert pdf.startswith(b"%PDF")
    assert 2 <= len(PAGE.findall(pdf)) <= 6  # 81 pages when every cookie was explained
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [poppler(PDFTOPPM), "-png", "-r", "30", str(path), str(tmp_path / "page")],
        check=True,
        timeout=120,
    )
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == len(PAGE.findall(pdf))
    assert all(image.read_bytes().startswith(b"\x89PNG") for image in images)


def test_column_headers_are_whole_words(sample: Analysis, tmp_path: Path) -> None:
    """The Cookies header was once drawn huge and split "Coo" / "kies"."""
    text = text_of(render_pdf(build_report(sample)), tmp_path, layout=True)
    header = next(line for line in text.splitlines() if re.search(r"\bSite\s+Cookies\b", line))
    assert "Purposes" in header and "Companies" in header
    assert not re.search(r"^\s*Coo\s*$", text, re.MULTILINE)


def test_every_site_and_contradiction_is_printed(sample: Analysis, tmp_path: Path) -> None:
    report = build_report(sample)
    text = text_of(render_pdf(report), tmp_path)
    squeezed = squeeze(text)
    for site in report.summary.sites:
        assert squeeze(site.site) in squeezed
    assert report.contradictions  # the sample has refusals not respected
    for violation in report.contradictions:
        assert squeeze(violation.cookie_name) in squeezed
    assert "Where your refusals were not respected" in " ".join(text.split())


def test_purposes_and_rights_are_printed_once(tmp_path: Path) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES))
    text = squeeze(text_of(render_pdf(report), tmp_path))
    for purpose in {f.info.purpose for f in report.analysis.findings}:
        assert text.count(squeeze(purpose_reason(purpose))) == 1, purpose
    assert text.count("UndertheGDPR") == 1


def test_a_word_wider_than_its_column_is_wrapped_not_lost(tmp_path: Path) -> None:
    report = build_report(analysis_of(tmp_path, COOKIES))
    text = text_of(render_pdf(report), tmp_path)
    assert LONG_HOST in squeeze(text)


def test_cli_writes_a_pdf(tmp_path: Path) -> None:
    store = chromium_store(tmp_path, COOKIES)
    target = tmp_path / "report.pdf"
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["report", "--store", str(store.path), "--format", "pdf", "-o", str(target)])
    assert code == 0, err.getvalue()
    assert target.read_bytes().startswith(b"%PDF")
    assert "news.example" in text_of(target.read_bytes(), tmp_path)
