"""The reports page: make the monthly report (PDF or HTML, Dutch or English) for a month, its
history with view and download, the monthly e-mail's recipients, and the export of KPI values as
CSV and Excel.

Every member may look, view and download; editors and owners make reports; owners change the
monthly e-mail. Making a report takes seconds (reading the warehouse, then the PDF), so the page
starts it in a background thread and polls a small status fragment (htmx, every second) until it
is done; the jobs live in a small registry on ``app.state``, each under a random id and scoped to
its workspace. The JSON API makes a report synchronously and answers with the stored report.

A report's HTML is served with a Content-Security-Policy that allows no script and no request at
all: it is a document to read, and nothing in it (a KPI name, say) can run.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from koers.domain.period import Grain, add
from koers.domain.workspace import ReportSettings
from koers.errors import KoersError, MessageError
from koers.i18n import LOCALES, Lang, Msg, msg
from koers.reports import ReportFormat, build_report, gather, month_label, render
from koers.reports.export import export_table, to_csv, to_xlsx
from koers.reports.gather import previous_month
from koers.reports.model import month_last_day
from koers.reports.store import StoredReport, get_report, list_reports, save_report
from koers.web.deps import EditorAccess, NotFound, OwnerAccess, SiteDep, ViewerAccess, WorkspaceAccess
from koers.web.site import Site, WorkspaceHandle
from koers.web.templating import page

log = logging.getLogger("koers.web")

router = APIRouter(tags=["reports"])
api = APIRouter(prefix="/api", tags=["reports"])

REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""For a report's HTML: styles and inline images only, no script, no request."""
MONTHS_OFFERED = 24
FIRST_MONTH = date(2000, 1, 1)
HISTORY_LIMIT = 100
MAX_RECIPIENTS = 50
MAX_RUNNING = 3
"""Reports made at once per workspace (each holds a CPU for seconds)."""
KEEP_JOBS_SECONDS = 3600

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+\.[^@\s<>()\[\],;:\"\\.]{2,}$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class ReportInputError(MessageError):
    """A choice on the reports page that cannot be used; :attr:`field` names the one at fault."""

    def __init__(self, message: Msg, field: str) -> None:
        super().__init__(message)
        self.field = field


# --- choosing and making a report ---------------------------------------------------------------


def default_month(as_of: date) -> date:
    """The last month complete on ``as_of`` (the month itself when ``as_of`` is its last day)."""
    return previous_month(as_of + timedelta(days=1))


def default_lang(access: WorkspaceAccess) -> Lang:
    workspace = access.workspace
    return workspace.reports.language or workspace.language


def parse_month(value: str | None, as_of: date) -> date:
    """The first day of ``value`` (``2026-10``), a month from :data:`FIRST_MONTH` to ``as_of``'s;
    the default month when empty."""
    text = (value or "").strip()
    if not text:
        return default_month(as_of)
    found = _MONTH.match(text)
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ReportInputError(msg("web.reports.bad_month", value=text[:40]), "month")
    month = date(int(found.group(1)), int(found.group(2)), 1)
    if month > as_of.replace(day=1):
        raise ReportInputError(
            msg("web.reports.future_month", month=f"{month:%Y-%m}", last=f"{as_of:%Y-%m}"), "month"
        )
    if month < FIRST_MONTH:
        raise ReportInputError(msg("web.reports.old_month", first=f"{FIRST_MONTH:%Y-%m}"), "month")
    return month


def parse_lang(value: str | None, default: Lang) -> Lang:
    text = (value or "").strip().lower()
    if not text:
        return default
    if text not in {lang.value for lang in Lang}:
        raise ReportInputError(msg("web.reports.bad_lang", value=text[:40]), "lang")
    return Lang(text)


def parse_format(value: str | None) -> ReportFormat:
    text = (value or "").strip().lower()
    if not text:
        return ReportFormat.PDF
    if text not in {kind.value for kind in ReportFormat}:
        raise ReportInputError(msg("web.reports.bad_format", value=text[:40]), "format")
    return ReportFormat(text)


def make_report(
    site: Site, handle: WorkspaceHandle, month: date, lang: Lang, kind: ReportFormat
) -> StoredReport:
    """Make and keep the report of ``month`` as of the site's day: the warehouse is read under
    the handle's lock, the rendering (the slow part of a PDF) happens outside it."""
    workspace = handle.current()
    today = site.as_of(workspace) + timedelta(days=1)
    with handle.engine() as engine:
        inputs = gather(workspace, engine, month, today=today)
    report = build_report(inputs, lang)
    content = render(report, kind)
    with site.database.begin() as session:
        return save_report(session, workspace.id, month, report.as_of, lang.value, kind, content)


@dataclass(eq=False)
class ReportJob:
    """A report being made in the background for the page."""

    id: str
    workspace_id: str
    month: date
    lang: Lang
    format: ReportFormat
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    report: StoredReport | None = None
    error: KoersError | None = None

    @property
    def state(self) -> Literal["running", "done", "failed"]:
        if self.finished is None:
            return "running"
        return "done" if self.report is not None else "failed"

    @property
    def seconds(self) -> int:
        return round((self.finished or time.monotonic()) - self.started)


class ReportJobs:
    """The reports being made (and made in the last hour), by random id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, ReportJob] = {}

    def start(
        self, workspace_id: str, month: date, lang: Lang, kind: ReportFormat, work: Callable[[], StoredReport]
    ) -> ReportJob:
        """Run ``work`` in a thread; the same report still being made is not started twice."""
        with self._lock:
            now = time.monotonic()
            for key in [
                key for key, job in self._jobs.items() if (job.finished or now) < now - KEEP_JOBS_SECONDS
            ]:
                del self._jobs[key]
            running = [
                job for job in self._jobs.values() if job.workspace_id == workspace_id and not job.finished
            ]
            for job in running:
                if (job.month, job.lang, job.format) == (month, lang, kind):
                    return job
            if len(running) >= MAX_RUNNING:
                raise ReportInputError(msg("web.reports.busy", count=len(running)), "month")
            job = ReportJob(secrets.token_urlsafe(16), workspace_id, month, lang, kind)
            self._jobs[job.id] = job
        threading.Thread(
            target=self._run, args=(job, work), name=f"koers-report-{job.id}", daemon=True
        ).start()
        return job

    @staticmethod
    def _run(job: ReportJob, work: Callable[[], StoredReport]) -> None:
        try:
            job.report = work()
        except KoersError as error:
            job.error = error
        except Exception:
            log.exception(
                "could not make the %s report of %s for %s", job.format, job.month, job.workspace_id
            )
            job.error = MessageError(msg("web.reports.failed"))
        finally:
            job.finished = time.monotonic()

    def get(self, workspace_id: str, job_id: str) -> ReportJob | None:
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.workspace_id == workspace_id else None


_REGISTRY_LOCK = threading.Lock()


def report_jobs(request: Request) -> ReportJobs:
    """The app's registry of report jobs (made on first use)."""
    state = request.app.state
    with _REGISTRY_LOCK:
        jobs = getattr(state, "report_jobs", None)
        if not isinstance(jobs, ReportJobs):
            jobs = ReportJobs()
            state.report_jobs = jobs
        return jobs


# --- the monthly e-mail ---------------------------------------------------------------------------


def parse_recipients(text: str) -> tuple[str, ...]:
    """E-mail addresses from a text, one per line (commas and semicolons also separate them)."""
    found: list[str] = []
    for part in re.split(r"[\s,;]+", text):
        address = part.strip()
        if not address:
            continue
        if len(address) > 254 or not _EMAIL.match(address):
            raise ReportInputError(msg("web.reports.bad_recipient", value=address[:80]), "recipients")
        if address.lower() not in {known.lower() for known in found}:
            found.append(address)
    if len(found) > MAX_RECIPIENTS:
        raise ReportInputError(msg("web.reports.too_many_recipients", count=MAX_RECIPIENTS), "recipients")
    return tuple(found)


def save_schedule(
    access: WorkspaceAccess, site: Site, recipients: tuple[str, ...], monthly: bool, language: Lang | None
) -> ReportSettings:
    """Change the workspace's report settings and save the workspace."""
    try:
        settings = ReportSettings(recipients=recipients, monthly=monthly, language=language)
    except ValidationError:
        raise ReportInputError(
            msg("web.reports.bad_recipient", value=", ".join(recipients)[:80]), "recipients"
        ) from None
    with access.handle.lock:
        current = access.handle.current()
        if current.reports != settings:
            access.handle.save(current.model_copy(update={"reports": settings}), site.database)
    return settings


# --- files ------------------------------------------------------------------------------------------


def _file_name(name: str) -> str:
    return _SAFE_NAME.sub("-", name).strip("-") or "koers"


def report_file(stored: StoredReport, *, download: bool) -> Response:
    """A stored report as a response: inline to view (HTML under a strict CSP) or as a download."""
    assert stored.content is not None
    disposition = "attachment" if download else "inline"
    headers = {
        "content-disposition": f'{disposition}; filename="{_file_name(stored.file_name)}"',
        "cache-control": "private, no-cache",
    }
    if stored.format is ReportFormat.HTML:
        headers["content-security-policy"] = REPORT_CSP
    return Response(stored.content, media_type=stored.media_type, headers=headers)


def stored_report(site: Site, workspace_id: str, report_id: int) -> StoredReport:
    """A report of this workspace with its file; :class:`NotFound` for any other id."""
    with site.database.begin() as session:
        found = get_report(session, report_id, workspace_id=workspace_id)
    if found is None or found.content is None:
        raise NotFound
    return found


def export_file(access: WorkspaceAccess, site: Site, kind: str, as_of: date | None) -> Response:
    """The KPI values and their monthly series as CSV or Excel, as of the dashboard's day."""
    if kind not in EXPORT_TYPES:
        raise ReportInputError(msg("web.reports.bad_export", value=kind[:40]), "format")
    workspace = access.workspace
    day = as_of or site.as_of(workspace)
    table = export_table(workspace, access.handle.evaluations(day), access.lang)
    content = to_csv(table) if kind == "csv" else to_xlsx(table, access.lang)
    name = _file_name(f"koers-{workspace.id}-kpis-{day.isoformat()}.{kind}")
    return Response(
        content,
        media_type=EXPORT_TYPES[kind],
        headers={
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "private, no-cache",
        },
    )


# --- the page ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One made report as the history table shows it."""

    report: StoredReport
    month: str
    created: str
    sent: str | None
    kilobytes: int


def _moment(moment: datetime, workspace_zone: str, lang: Lang) -> str:
    return format_datetime(moment, "d MMM y, HH:mm", tzinfo=ZoneInfo(workspace_zone), locale=LOCALES[lang])


def history(site: Site, access: WorkspaceAccess) -> list[HistoryLine]:
    workspace = access.workspace
    with site.database.begin() as session:
        stored = list_reports(session, workspace.id, limit=HISTORY_LIMIT)
    return [
        HistoryLine(
            report=item,
            month=month_label(item.month, access.lang),
            created=_moment(item.created_at, workspace.timezone, access.lang),
            sent=_moment(item.sent_at, workspace.timezone, access.lang) if item.sent_at else None,
            kilobytes=max(1, round(item.size / 1024)),
        )
        for item in stored
    ]


def month_choices(as_of: date, lang: Lang) -> list[tuple[str, str]]:
    """The months offered: ``as_of``'s month and the ones before it, newest first."""
    current = as_of.replace(day=1)
    choices = []
    for back in range(MONTHS_OFFERED):
        month = add(current, Grain.MONTH, -back)
        label = month_label(month, lang)
        if month_last_day(month) > as_of:
            label = msg("web.reports.running_month", month=label).render(lang)
        choices.append((f"{month:%Y-%m}", label))
    return choices


def _context(request: Request, access: WorkspaceAccess, site: Site, **extra: Any) -> dict[str, Any]:
    workspace = access.workspace
    as_of = site.as_of(workspace)
    settings = workspace.reports
    context: dict[str, Any] = {
        "access": access,
        "workspace": workspace,
        "section": "reports",
        "as_of": as_of,
        "months": month_choices(as_of, access.lang),
        "langs": list(Lang),
        "formats": [ReportFormat.PDF, ReportFormat.HTML],
        "form": {
            "month": f"{default_month(as_of):%Y-%m}",
            "lang": default_lang(access).value,
            "format": ReportFormat.PDF.value,
        },
        "history": history(site, access),
        "settings": settings,
        "schedule": {
            "recipients": "\n".join(settings.recipients),
            "monthly": settings.monthly,
            "language": settings.language.value if settings.language else "",
        },
        "job": None,
        "job_error": None,
    }
    context.update(extra)
    return context


def _job_context(job: ReportJob | None, lang: Lang) -> dict[str, Any]:
    if job is None:
        return {"job": None, "job_unknown": True}
    return {
        "job": job,
        "job_month": month_label(job.month, lang),
        "job_error": job.error.render(lang) if job.error is not None else None,
    }


@router.get("/w/{workspace_id}/reports", include_in_schema=False)
def reports_page(
    request: Request, access: ViewerAccess, site: SiteDep, job: str | None = None, saved: bool = False
) -> Response:
    extra: dict[str, Any] = {"notice": msg("web.reports.schedule_saved") if saved else None}
    if job:
        extra |= _job_context(report_jobs(request).get(access.workspace.id, job[:100]), access.lang)
    return page(request, "reports.html", _context(request, access, site, **extra))


@router.post("/w/{workspace_id}/reports", include_in_schema=False)
def generate(
    request: Request,
    access: EditorAccess,
    site: SiteDep,
    month: Annotated[str | None, Form(max_length=100)] = None,
    lang: Annotated[str | None, Form(max_length=100)] = None,
    format: Annotated[str | None, Form(max_length=100)] = None,
) -> Response:
    """Start making a report; htmx gets the status fragment, a plain form a redirect to the page."""
    workspace = access.workspace
    by_htmx = bool(request.headers.get("hx-request"))
    try:
        chosen_month = parse_month(month, site.as_of(workspace))
        chosen_lang = parse_lang(lang, default_lang(access))
        kind = parse_format(format)
        handle = access.handle
        job = report_jobs(request).start(
            workspace.id,
            chosen_month,
            chosen_lang,
            kind,
            lambda: make_report(site, handle, chosen_month, chosen_lang, kind),
        )
    except ReportInputError as error:
        failure = {"form_error": error.render(access.lang), "error_field": error.field}
        if by_htmx:  # htmx swaps only a 2xx answer
            return page(request, "_reports_job.html", {"workspace": workspace, "job": None, **failure})
        form = {"month": month or "", "lang": lang or "", "format": format or ""}
        return page(
            request, "reports.html", _context(request, access, site, form=form, **failure), status_code=422
        )
    if by_htmx:  # the address keeps the job, so that a reload still shows it
        response = page(
            request, "_reports_job.html", {"workspace": workspace, **_job_context(job, access.lang)}
        )
        response.headers["hx-replace-url"] = f"/w/{workspace.id}/reports?job={job.id}"
        return response
    return RedirectResponse(f"/w/{workspace.id}/reports?job={job.id}", status_code=303)


@router.get("/w/{workspace_id}/reports/jobs/{job_id}", include_in_schema=False)
def job_status(request: Request, access: ViewerAccess, job_id: str) -> Response:
    """The status fragment the page polls; when done it tells the history to refresh."""
    job = report_jobs(request).get(access.workspace.id, job_id)
    response = page(
        request, "_reports_job.html", {"workspace": access.workspace, **_job_context(job, access.lang)}
    )
    if job is not None and job.state == "done":
        response.headers["hx-trigger"] = "reports-changed"
    return response


@router.get("/w/{workspace_id}/reports/history", include_in_schema=False)
def history_fragment(request: Request, access: ViewerAccess, site: SiteDep) -> Response:
    return page(
        request, "_reports_history.html", {"workspace": access.workspace, "history": history(site, access)}
    )


@router.get("/w/{workspace_id}/reports/export.csv", include_in_schema=False)
def export_csv(access: ViewerAccess, site: SiteDep, as_of: date | None = Query(None)) -> Response:
    return export_file(access, site, "csv", as_of)


@router.get("/w/{workspace_id}/reports/export.xlsx", include_in_schema=False)
def export_xlsx(access: ViewerAccess, site: SiteDep, as_of: date | None = Query(None)) -> Response:
    return export_file(access, site, "xlsx", as_of)


@router.post("/w/{workspace_id}/reports/schedule", include_in_schema=False)
def change_schedule(
    request: Request,
    access: OwnerAccess,
    site: SiteDep,
    recipients: Annotated[str, Form(max_length=20_000)] = "",
    monthly: Annotated[str | None, Form(max_length=10)] = None,
    language: Annotated[str | None, Form(max_length=100)] = None,
) -> Response:
    workspace = access.workspace
    try:
        addresses = parse_recipients(recipients)
        chosen = parse_lang(language, Lang.NL) if (language or "").strip() else None
        save_schedule(access, site, addresses, monthly is not None, chosen)
    except ReportInputError as error:
        schedule = {"recipients": recipients, "monthly": monthly is not None, "language": language or ""}
        return page(
            request,
            "reports.html",
            _context(
                request,
                access,
                site,
                schedule=schedule,
                schedule_error=error.render(access.lang),
                error_field=error.field,
            ),
            status_code=422,
        )
    return RedirectResponse(f"/w/{workspace.id}/reports?saved=true#schedule", status_code=303)


def _report_id(value: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise NotFound
    return int(value)


@router.get("/w/{workspace_id}/reports/{report_id}", include_in_schema=False)
def view_report(access: ViewerAccess, site: SiteDep, report_id: str) -> Response:
    return report_file(stored_report(site, access.workspace.id, _report_id(report_id)), download=False)


@router.get("/w/{workspace_id}/reports/{report_id}/download", include_in_schema=False)
def download_report(access: ViewerAccess, site: SiteDep, report_id: str) -> Response:
    return report_file(stored_report(site, access.workspace.id, _report_id(report_id)), download=True)


# --- the JSON API -------------------------------------------------------------------------------------


class ReportOut(BaseModel):
    """A report made for the workspace (without its file: see ``download_url``)."""

    id: int
    workspace: str
    month: str = Field(description="The month reported on, YYYY-MM.")
    as_of: date = Field(description="The day the KPIs were judged at: the month's last day, or yesterday.")
    lang: Lang
    format: ReportFormat
    scheduled: bool = Field(description="Made by the monthly schedule (else by hand).")
    created_at: datetime
    size: int = Field(description="The file's size in bytes.")
    sent_to: list[str] = Field(description="Whom the monthly e-mail reached.")
    sent_at: datetime | None
    error: str | None = Field(description="Why the e-mail did not reach a recipient, if it did not.")
    file_name: str
    view_url: str
    download_url: str

    @classmethod
    def of(cls, stored: StoredReport) -> ReportOut:
        base = f"/api/workspaces/{stored.workspace_id}/reports/{stored.id}"
        return cls.model_validate(
            stored.to_dict()
            | {"view_url": f"/w/{stored.workspace_id}/reports/{stored.id}"}
            | {"download_url": f"{base}/download"}
        )


class ReportIn(BaseModel):
    """The report to make; left out: the last complete month, the workspace's report language, PDF."""

    model_config = ConfigDict(extra="forbid")

    month: str | None = Field(None, max_length=7, description="YYYY-MM, at most the current month.")
    lang: Lang | None = None
    format: ReportFormat = ReportFormat.PDF


class ScheduleOut(BaseModel):
    """The monthly e-mail: on the first working day, last month's report as PDF to the recipients."""

    recipients: list[str]
    monthly: bool
    language: Lang | None = Field(description="The report's language; none: the workspace's.")


class ScheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipients: list[str] = Field(max_length=MAX_RECIPIENTS)
    monthly: bool = True
    language: Lang | None = None


def _schedule_out(settings: ReportSettings) -> ScheduleOut:
    return ScheduleOut(
        recipients=list(settings.recipients), monthly=settings.monthly, language=settings.language
    )


@api.get("/workspaces/{workspace_id}/reports", response_model=list[ReportOut])
def api_reports(access: ViewerAccess, site: SiteDep, limit: int = Query(HISTORY_LIMIT, ge=1, le=1000)) -> Any:
    """The reports made for the workspace, newest first."""
    with site.database.begin() as session:
        stored = list_reports(session, access.workspace.id, limit=limit)
    return [ReportOut.of(item) for item in stored]


@api.post("/workspaces/{workspace_id}/reports", response_model=ReportOut, status_code=201)
def api_generate(access: EditorAccess, site: SiteDep, body: ReportIn) -> Any:
    """Make the report now (a PDF takes a few seconds) and keep it in the history."""
    workspace = access.workspace
    month = parse_month(body.month, site.as_of(workspace))
    stored = make_report(site, access.handle, month, body.lang or default_lang(access), body.format)
    return ReportOut.of(stored)


@api.get("/workspaces/{workspace_id}/reports/schedule", response_model=ScheduleOut)
def api_schedule(access: ViewerAccess) -> Any:
    return _schedule_out(access.workspace.reports)


@api.put("/workspaces/{workspace_id}/reports/schedule", response_model=ScheduleOut)
def api_change_schedule(access: OwnerAccess, site: SiteDep, body: ScheduleIn) -> Any:
    """Set the monthly e-mail (owners only); every address is checked."""
    addresses = parse_recipients("\n".join(body.recipients))
    return _schedule_out(save_schedule(access, site, addresses, body.monthly, body.language))


@api.get("/workspaces/{workspace_id}/reports/{report_id}", response_model=ReportOut)
def api_report(access: ViewerAccess, site: SiteDep, report_id: int) -> Any:
    return ReportOut.of(stored_report(site, access.workspace.id, report_id))


@api.get(
    "/workspaces/{workspace_id}/reports/{report_id}/download",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}, "text/html": {}}, "description": "The report's file."}
    },
)
def api_download(access: ViewerAccess, site: SiteDep, report_id: int) -> Response:
    return report_file(stored_report(site, access.workspace.id, report_id), download=True)


@api.get(
    "/workspaces/{workspace_id}/export",
    response_class=Response,
    responses={200: {"content": {kind: {} for kind in EXPORT_TYPES.values()}, "description": "The export."}},
)
def api_export(
    access: ViewerAccess,
    site: SiteDep,
    format: Literal["csv", "xlsx"] = Query("csv"),
    as_of: date | None = Query(None, description="The day to judge at; default: the dashboard's."),
) -> Response:
    """Per KPI its target, status, value, forecast and chance, then a column per month."""
    return export_file(access, site, format, as_of)
