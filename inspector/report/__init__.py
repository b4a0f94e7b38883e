"""Reports a person can read and a program can parse: HTML, JSON and CSV (PDF is drawn by
:mod:`inspector.gui.pdf_report` from the same HTML).

This package is part of the core and never imports Qt.
"""

from inspector.report.csv_report import render_csv
from inspector.report.html import render_html
from inspector.report.json_report import REPORT_SCHEMA_VERSION, render_json, report_document
from inspector.report.model import Report, build_report

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "Report",
    "build_report",
    "render_csv",
    "render_html",
    "render_json",
    "report_document",
]
