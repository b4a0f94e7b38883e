"""The PDF report, drawn by Qt under QT_QPA_PLATFORM=offscreen and turned back into pages."""

from __future__ import annotations

import io
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path

import pytest

from inspector.analysis import Analysis, analyse
from inspector.classify import Classifier
from inspector.cli import main
from inspector.gui.pdf_report import chart_image, render_pdf, text_document
from inspector.model import Family, Store
from inspector.report.charts import report_charts
from inspector.report.model import Report, build_report
from inspector.scan import scan
from tests.support.storefactory import NOW, FakeCookie, make_chromium_store

REFUSAL = (
    "isGpcEnabled=0&datestamp=Mon+Nov+02+2026+10%3A00%3A00+GMT%2B0000&version=202409.1.0"
    "&interactionCount=1&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0"
)
COOKIES = [
    FakeCookie(
        ".news.example",
        "_ga",
        value="GA1.1.5.6",
        created=NOW + timedelta(days=2),
        expires=NOW + timedelta(days=800),
    ),
    FakeCookie(".news.example", "OptanonConsent", value=REFUSAL),
    FakeCookie(".doubleclick.net", "IDE", value="xyz"),
    FakeCookie("shop.example", "cart", value="2 items", expires=None),
    FakeCookie(".news.example", "<script>alert('x')</script>", value="v"),
]
PDFTOPPM = shutil.which("pdftoppm")


def analysis_of(folder: Path) -> Analysis:
    path = make_chromium_store(folder / "chromium" / "Default" / "Cookies", COOKIES)
    store = Store(
        "chromium",
        "Chromium",
        Family.CHROMIUM,
        "Default",
        path,
        path.parent,
        user_data_dir=path.parent.parent,
    )
    return analyse(scan([store]), Classifier())


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return build_report(analysis_of(tmp_path))


def pages(pdf: Path, into: Path) -> list[Path]:
    if PDFTOPPM is None:
        pytest.skip(
            "pdftoppm (Debian package poppler-utils) is not installed, so the PDF "
            "cannot be turned into page images"
        )
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "50", str(pdf), str(into / "page")], check=True, timeout=120
    )
    return sorted(into.glob("page*.png"))


def test_pdf_is_a_pdf_with_pages(report: Report, tmp_path: Path) -> None:
    data = render_pdf(report)
    assert len(data) > 1000 and data.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    images = pages(pdf, tmp_path)
    assert images and all(image.stat().st_size > 0 for image in images)
    assert images[0].read_bytes().startswith(b"\x89PNG")


def test_the_pdf_is_laid_out_from_the_report_html(report: Report) -> None:
    document = text_document(report)
    text = document.toPlainText()
    assert "The cookies in your browsers" in text
    for item in report.cookies:
        assert item.finding.cookie.name in text  # the hostile name too, as plain text
    assert document.pageCount() >= 1


@pytest.mark.parametrize("index", [0, 1, 2], ids=["purposes", "organisations", "lifetimes"])
def test_charts_are_drawn_as_images(report: Report, index: int) -> None:
    chart = report_charts(report)[index]
    image = chart_image(chart)
    assert (image.width(), image.height()) == (chart.width * 4, chart.titled_height * 4)
    assert not image.isNull()


def test_cli_writes_a_pdf(tmp_path: Path) -> None:
    store = make_chromium_store(tmp_path / "chromium" / "Default" / "Cookies", COOKIES)
    target = tmp_path / "report.pdf"
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["report", "--store", str(store), "--format", "pdf", "-o", str(target)])
    assert code == 0, err.getvalue()
    assert target.read_bytes().startswith(b"%PDF")
    assert pages(target, tmp_path)
