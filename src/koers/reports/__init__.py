"""The monthly report: a model built from the monitoring results, rendered to HTML and PDF,
stored, scheduled and e-mailed; and the export of KPI values as CSV and Excel.

::

    from koers.reports import gather, build_report, render, ReportFormat

    inputs = gather(workspace, engine, date(2023, 3, 1), today=date.today())
    report = build_report(inputs, "nl")
    pdf = render(report, ReportFormat.PDF)

The model (:mod:`koers.reports.model`) is pure; :mod:`koers.reports.gather` reads the data,
:mod:`koers.reports.render` makes HTML and PDF, :mod:`koers.reports.store` keeps the history
in the application database, :mod:`koers.reports.schedule` sends on the first working day,
and :mod:`koers.reports.export` writes CSV and Excel.
"""

from __future__ import annotations

from koers.reports.gather import gather
from koers.reports.model import Report, ReportInputs, build_report, month_label, report_as_of
from koers.reports.render import ReportFormat, render, render_html, render_pdf

__all__ = [
    "Report",
    "ReportFormat",
    "ReportInputs",
    "build_report",
    "gather",
    "month_label",
    "render",
    "render_html",
    "render_pdf",
    "report_as_of",
]
