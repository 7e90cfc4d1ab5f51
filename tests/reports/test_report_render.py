"""The report on paper: the PDF renders (pdftoppm), has its pages, and reads right (pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from koers.reports import ReportInputs, build_report, render_html, render_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="needs poppler-utils (pdftoppm, pdftotext): apt-get install poppler-utils",
)


@pytest.fixture(scope="module")
def pdf_nl(february: ReportInputs, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report-nl.pdf"
    path.write_bytes(render_pdf(build_report(february, "nl")))
    return path


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_pdf_renders_to_a4_pages(pdf_nl: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf_nl), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    # a summary page, the KPIs (those needing attention take a page each), the funnel and tests
    assert 5 <= len(pages) <= 12
    info = subprocess.run(["pdfinfo", str(pdf_nl)], check=True, capture_output=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    assert re.search(rf"^Pages:\s+{len(pages)}$", info, re.MULTILINE)


def test_the_first_page_is_the_summary_in_dutch_with_dutch_formats(pdf_nl: Path) -> None:
    text = _text(pdf_nl)
    first = text.split("\f")[0]
    assert "Maandrapportage februari 2023" in first
    assert "Vraagt aandacht" in first
    assert "KPI's per fase" in first
    assert "1.451" in first  # 1,451 new visitors, in Dutch
    assert "Funnelplan tegen realisatie" in text
    assert "Pagina 1 / " in first
    # the whole summary on its one page, down to the last goal; the KPIs start on the next
    assert "Loyale klanten" in first
    assert text.split("\f")[1].strip().startswith("De KPI's")


def test_english_reads_english(february: ReportInputs, tmp_path: Path) -> None:
    started = time.perf_counter()
    pdf = render_pdf(build_report(february, "en"))
    assert time.perf_counter() - started < 30
    path = tmp_path / "en.pdf"
    path.write_bytes(pdf)
    text = _text(path)
    assert "Monthly report February 2023" in text
    assert "1,451" in text
    assert "Needs attention" in text


def test_the_html_is_one_file_with_its_charts_inline(february: ReportInputs) -> None:
    html = render_html(build_report(february, "nl"))
    assert html.count("<svg") == len(february.evaluations)
    assert "<link" not in html
    assert "<script" not in html
