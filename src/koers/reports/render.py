"""The report on screen and on paper: HTML from Jinja2 templates, PDF from that HTML (WeasyPrint).

Charts are inlined as SVG, rendered from the same Vega-Lite specifications as the web app's
(:mod:`koers.charts`), so the HTML is one self-contained file and the PDF needs no browser.
The stylesheet (``templates/report.css``) sets the page (A4, page numbers, a running footer)
and keeps each KPI's section together on a page.
"""

from __future__ import annotations

import json
from enum import StrEnum
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from koers.charts import chart_svg
from koers.reports.model import Report


class ReportFormat(StrEnum):
    """The forms a report is made in."""

    HTML = "html"
    PDF = "pdf"

    @property
    def media_type(self) -> str:
        return "text/html; charset=utf-8" if self is ReportFormat.HTML else "application/pdf"


_environment = Environment(
    loader=PackageLoader("koers.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(report: Report, *, charts: dict[str, str] | None = None) -> str:
    """The report as one HTML document (stylesheet and SVG charts inline); ``charts`` maps KPI ids
    to SVG already rendered (else each chart is rendered here)."""
    if charts is None:
        charts = {
            detail.line.kpi_id: chart_svg(detail.chart) for detail in report.kpis if detail.chart is not None
        }
    css = (files("koers.reports") / "templates" / "report.css").read_text(encoding="utf-8")
    # a margin box cannot read a custom property: the page label goes in as a CSS string
    css = css.replace("var(--page-label)", json.dumps(report.labels["page"]))
    template = _environment.get_template("report.html")
    page: str = template.render(report=report, charts=_with_defaults(report, charts), css=css)
    return page


def render_pdf(report: Report, *, html: str | None = None) -> bytes:
    """The report as an A4 PDF (from :func:`render_html`'s document, or ``html`` when given)."""
    from weasyprint import HTML  # imported here: it loads Pango and fonts, which the web pages do not need

    document = html if html is not None else render_html(report)
    pdf: bytes | None = HTML(string=document, base_url=None).write_pdf()
    assert pdf is not None  # write_pdf without a target returns the bytes
    return pdf


def render(report: Report, format: ReportFormat | str) -> bytes:
    """The report in ``format``, as the bytes of a file."""
    if ReportFormat(format) is ReportFormat.PDF:
        return render_pdf(report)
    return render_html(report).encode("utf-8")


def _with_defaults(report: Report, charts: dict[str, str]) -> dict[str, Any]:
    return {detail.line.kpi_id: charts.get(detail.line.kpi_id) for detail in report.kpis}
