"""The data page: upload an export, see what it holds before anything is written (its format, the
first rows as they will be stored, a column mapping for a file no importer knows), import it in one
transaction, and the history of imports with undo.

Reading is :mod:`koers.sources` (the same detection and importers as ``koers import``), writing and
undoing the warehouse's own :meth:`~koers.store.warehouse.Warehouse.write` and
:meth:`~koers.store.warehouse.Warehouse.undo`. Between preview and import the upload waits in the
workspace's ``data/uploads`` folder under a random token (never the name the browser sent), and is
deleted after the import or after an hour.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as StarletteUpload

from koers.errors import MessageError
from koers.i18n import Lang, Msg, msg, render
from koers.sources import ImportContext, ImportProblem, SourceFile, detect, importers
from koers.sources.base import CsvTable, Importer, read_csv, read_excel
from koers.store.schema import FACT_TABLES
from koers.store.warehouse import ImportBatch, ImportRecord
from koers.web.deps import EditorAccess, ViewerAccess, WorkspaceAccess
from koers.web.site import WorkspaceHandle
from koers.web.templating import page

router = APIRouter(tags=["data"])
api = APIRouter(prefix="/api", tags=["data"])

UPLOAD_FOLDER = "uploads"
UPLOAD_LIFETIME = 3600
"""Seconds an upload waits for its import before it is deleted."""
PREVIEW_ROWS = 10
TOKEN = re.compile(r"^[0-9a-f]{32}$")
BINARY_SUFFIXES = frozenset({".xlsx", ".xlsm", ".parquet", ".gz"})
MAPPED = "mapped"


# --- uploads waiting for their import ------------------------------------------------------------


class UploadRefused(MessageError):
    """An upload that is not worth reading: empty, binary where text is expected, gone."""


@dataclass(frozen=True, slots=True)
class Upload:
    token: str
    name: str
    """The name the browser sent, for showing and for the import history only."""
    size: int
    path: Path

    def source(self) -> SourceFile:
        source = SourceFile(self.path)
        source.name = self.name  # problems and the history name the user's file, not the token
        return source


def uploads_folder(handle: WorkspaceHandle) -> Path:
    return handle.folder / "data" / UPLOAD_FOLDER


def known_suffixes() -> frozenset[str]:
    return frozenset(suffix for importer in importers().values() for suffix in importer.suffixes)


def client_name(name: str | None) -> str:
    """The file's own name as the browser sent it: no folders, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(char for char in base if char.isprintable()).strip()
    return base[:200] or "upload"


def forget_old_uploads(handle: WorkspaceHandle, now: float | None = None) -> None:
    folder = uploads_folder(handle)
    if not folder.is_dir():
        return
    limit = (now if now is not None else time.time()) - UPLOAD_LIFETIME
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue


def keep_upload(handle: WorkspaceHandle, file: StarletteUpload) -> Upload:
    """Copy an uploaded file under a new random token; refuse it when empty or binary garbage."""
    forget_old_uploads(handle)
    name = client_name(file.filename)
    suffix = Path(name).suffix.lower()
    if suffix not in known_suffixes():
        suffix = ".upload"
    folder = uploads_folder(handle)
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    path = folder / f"{token}{suffix}"
    file.file.seek(0)
    with path.open("wb") as target:
        shutil.copyfileobj(file.file, target, 1 << 20)
    size = path.stat().st_size
    try:
        if size == 0:
            raise UploadRefused(msg("web.data.empty_file", file=name))
        if suffix not in BINARY_SUFFIXES:
            with path.open("rb") as handle_:
                head = handle_.read(64 * 1024)
            if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise UploadRefused(msg("web.data.binary_file", file=name))
    except UploadRefused:
        path.unlink(missing_ok=True)
        raise
    meta = {"name": name, "size": size, "file": path.name}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return Upload(token, name, size, path)


def find_upload(handle: WorkspaceHandle, token: str) -> Upload:
    """The upload waiting under ``token``; refused when the token is no token or it expired."""
    forget_old_uploads(handle)
    folder = uploads_folder(handle)
    meta_file = folder / f"{token}.json"
    if not TOKEN.match(token) or not meta_file.is_file():
        raise UploadRefused(msg("web.data.upload_gone"))
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    path = folder / str(meta["file"])
    if path.parent != folder or not path.name.startswith(token) or not path.is_file():
        raise UploadRefused(msg("web.data.upload_gone"))
    return Upload(token, str(meta["name"]), int(meta["size"]), path)


def drop_upload(upload: Upload) -> None:
    upload.path.unlink(missing_ok=True)
    upload.path.with_name(f"{upload.token}.json").unlink(missing_ok=True)


# --- the choices of a preview: format, table and mapping -----------------------------------------


@dataclass
class Choices:
    """How to read the upload: the format (empty: detect), and for a mapped file the table and
    each field's column (or one value for every row)."""

    format: str = ""
    table: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    mapping_shown: bool = False

    @classmethod
    def from_form(cls, form: FormData) -> Choices:
        def text(key: str) -> str:
            value = form.get(key)
            return value.strip()[:300] if isinstance(value, str) else ""

        mapping: dict[str, str] = {}
        fixed: dict[str, str] = {}
        for key, value in form.multi_items():
            if not isinstance(value, str) or not value.strip():
                continue
            if key.startswith("map_"):
                mapping[key[4:]] = value.strip()[:300]
            elif key.startswith("fixed_"):
                fixed[key[6:]] = value.strip()[:300]
        return cls(text("format"), text("table"), mapping, fixed, bool(text("mapping_shown")))

    @classmethod
    def from_api(cls, format: str | None, table: str | None, pairs: list[str], source: str | None) -> Choices:
        mapping = {}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if sep and key.strip():
                mapping[key.strip()] = value.strip()
        fixed = {"source_system": source} if source else {}
        chosen = format or (MAPPED if mapping or table else "")
        return cls(chosen, table or "", mapping, fixed, True)

    def context(self, access: WorkspaceAccess) -> ImportContext:
        workspace = access.workspace
        options = {key: value for key, value in self.fixed.items() if key not in self.mapping}
        if self.table:
            options["table"] = self.table
        return ImportContext(workspace.currency, workspace.timezone, None, dict(self.mapping), options)


def choose_importer(source: SourceFile, choices: Choices) -> Importer:
    known = importers()
    if choices.format:
        if choices.format not in known:
            raise ImportProblem(
                source.name,
                msg("import.unknown_format_given", format=choices.format, formats=", ".join(sorted(known))),
            )
        return known[choices.format]
    return detect(source)


def read_upload(upload: Upload, choices: Choices, access: WorkspaceAccess) -> tuple[Importer, ImportBatch]:
    """The whole upload read as the choices say, nothing written (as ``koers import`` reads it)."""
    source = upload.source()
    importer = choose_importer(source, choices)
    return importer, importer.read(source, choices.context(access))


# --- what the preview shows ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartPreview:
    table: str
    count: int | None
    columns: list[str]
    rows: list[list[str]]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


def part_previews(batch: ImportBatch, access: WorkspaceAccess) -> list[PartPreview]:
    """Each table the batch writes: how many rows, and the first ones as they will be stored."""
    previews = []
    for part in batch.parts:
        records: list[dict[str, Any]] = []
        count: int | None = None
        if part.rows is not None:
            count = part.rows.num_rows
            records = part.rows.slice(0, PREVIEW_ROWS).to_pylist()
        elif part.select_sql is not None:
            try:
                with access.handle.warehouse() as warehouse:
                    cursor = warehouse.cursor()
                    found = cursor.execute(f"SELECT count(*) FROM ({part.select_sql})").fetchone()
                    count = int(found[0]) if found else None
                    relation = cursor.execute(f"SELECT * FROM ({part.select_sql}) LIMIT {PREVIEW_ROWS}")
                    names = [item[0] for item in relation.description or []]
                    records = [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
                    cursor.close()
            except Exception:  # a preview that cannot be shown does not stop the import
                records = []
        columns = [
            name
            for name in (records[0].keys() if records else [])
            if not name.startswith("_") and any(record.get(name) not in (None, "") for record in records)
        ]
        rows = [[_cell(record.get(name)) for name in columns] for record in records]
        previews.append(PartPreview(part.table, count, columns, rows))
    return previews


@dataclass(frozen=True, slots=True)
class Problem:
    row: int | None
    column: str | None
    message: str
    file: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def problems_of(error: Exception, lang: Lang) -> list[Problem]:
    """An import's problems with their place, as the source reports them."""
    if isinstance(error, ImportProblem):
        return [Problem(error.row, error.column, error.message.render(lang), error.file)]
    if isinstance(error, MessageError):
        return [Problem(None, None, error.render(lang))]
    return [Problem(None, None, str(error))]


@dataclass
class Preview:
    upload: Upload
    choices: Choices
    importer: Importer | None = None
    detected: str | None = None
    parts: list[PartPreview] = field(default_factory=list)
    rejected: int = 0
    notes: list[Msg] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    fields: list[tuple[str, str, bool]] = field(default_factory=list)
    """For a mapped file: each field of the table, its type and whether it is part of the key."""

    @property
    def ready(self) -> bool:
        return not self.problems and bool(self.parts)

    @property
    def mapped(self) -> bool:
        return self.importer is not None and self.importer.format == MAPPED


def _loose(name: str) -> str:
    return re.sub(r"[\s_.\-]+", "", name.strip().lower())


def _table_of(source: SourceFile) -> CsvTable:
    if source.suffix in (".xlsx", ".xlsm"):
        return read_excel(source)
    return read_csv(source)


def make_preview(upload: Upload, choices: Choices, access: WorkspaceAccess) -> Preview:
    preview = Preview(upload, choices)
    source = upload.source()
    try:
        preview.detected = detect(source).format
    except ImportProblem:
        preview.detected = None
    try:
        preview.importer = choose_importer(source, choices)
    except ImportProblem as error:
        preview.problems = problems_of(error, access.lang)
        return preview
    if preview.mapped:
        try:
            preview.header = list(_table_of(upload.source()).header)
        except ImportProblem as error:
            preview.problems = problems_of(error, access.lang)
            return preview
        if choices.table not in FACT_TABLES:
            choices.table = ""
        if choices.table:
            fact = FACT_TABLES[choices.table]
            preview.fields = [(column.name, column.type, column.name in fact.key) for column in fact.columns]
            if not choices.mapping_shown and not choices.mapping:
                by_name = {_loose(column): column for column in preview.header}
                choices.mapping = {
                    name: by_name[_loose(name)] for name, _, _ in preview.fields if _loose(name) in by_name
                }
            choices.mapping_shown = True
        if not choices.table or not choices.mapping:
            return preview
    try:
        _, batch = read_upload(upload, choices, access)
    except (ImportProblem, MessageError) as error:
        preview.problems = problems_of(error, access.lang)
        return preview
    preview.parts = part_previews(batch, access)
    preview.rejected = batch.rows_rejected
    preview.notes = list(batch.notes)
    return preview


# --- history -------------------------------------------------------------------------------------


def history(access: WorkspaceAccess) -> list[ImportRecord]:
    with access.handle.warehouse() as warehouse:
        return list(reversed(warehouse.imports()))


def _formats() -> list[tuple[str, Any]]:
    return sorted(((key, importer.name) for key, importer in importers().items()), key=lambda item: item[0])


def _context(access: WorkspaceAccess, **extra: Any) -> dict[str, Any]:
    workspace = access.workspace
    return {
        "access": access,
        "workspace": workspace,
        "section": "data",
        "imports": history(access),
        "formats": _formats(),
        "tables": list(FACT_TABLES),
        "when": lambda record: imported_when(record, ZoneInfo(workspace.timezone)),
        **extra,
    }


# --- pages ---------------------------------------------------------------------------------------


@router.get("/w/{workspace_id}/data", include_in_schema=False)
def data_page(request: Request, access: ViewerAccess, undone: str | None = None) -> Response:
    forget_old_uploads(access.handle)
    undone_record = None
    if undone:
        undone_record = next((item for item in history(access) if item.import_id == undone), None)
    return page(request, "data.html", _context(access, undone=undone_record))


@router.post("/w/{workspace_id}/data/upload", include_in_schema=False)
async def upload(request: Request, access: EditorAccess) -> Response:
    """Keep the uploaded file and show what importing it would do."""
    form = await request.form()
    file = form.get("file")
    if not isinstance(file, StarletteUpload) or not file.filename:
        error = render(msg("web.data.no_file"), access.lang)
        return page(request, "data.html", _context(access, upload_error=error), status_code=422)
    try:
        kept = keep_upload(access.handle, file)
    except UploadRefused as refused:
        return page(
            request, "data.html", _context(access, upload_error=refused.render(access.lang)), status_code=422
        )
    preview = make_preview(kept, Choices.from_form(form), access)
    return page(request, "data.html", _context(access, preview=preview))


@router.post("/w/{workspace_id}/data/preview", include_in_schema=False)
async def preview_again(request: Request, access: EditorAccess) -> Response:
    """The preview with another format, table or mapping (htmx swaps the preview in)."""
    form = await request.form()
    token = form.get("token")
    try:
        kept = find_upload(access.handle, token if isinstance(token, str) else "")
    except UploadRefused as refused:
        return page(
            request, "data.html", _context(access, upload_error=refused.render(access.lang)), status_code=422
        )
    preview = make_preview(kept, Choices.from_form(form), access)
    if request.headers.get("hx-request"):
        return page(request, "_import_preview.html", {**_context(access), "preview": preview})
    return page(request, "data.html", _context(access, preview=preview))


@router.post("/w/{workspace_id}/data/import", include_in_schema=False)
async def import_upload(request: Request, access: EditorAccess) -> Response:
    """Write the upload to the warehouse in one transaction: all of it, or nothing."""
    form = await request.form()
    token = form.get("token")
    try:
        kept = find_upload(access.handle, token if isinstance(token, str) else "")
    except UploadRefused as refused:
        return page(
            request, "data.html", _context(access, upload_error=refused.render(access.lang)), status_code=422
        )
    choices = Choices.from_form(form)
    try:
        record = write_upload(kept, choices, access)
    except (ImportProblem, MessageError):
        preview = make_preview(kept, choices, access)
        if not preview.problems:  # read fine now, failed on writing: say so
            preview.problems = [Problem(None, None, render(msg("web.data.not_written"), access.lang))]
        return page(request, "data.html", _context(access, preview=preview), status_code=422)
    return page(request, "data.html", _context(access, done=record))


def write_upload(kept: Upload, choices: Choices, access: WorkspaceAccess) -> ImportRecord:
    """Read the upload whole and write it in one transaction; the upload is gone afterwards."""
    _, batch = read_upload(kept, choices, access)
    source = kept.source()
    with access.handle.warehouse() as warehouse:
        record = warehouse.write(batch, file_name=kept.name, file_sha256=source.sha256)
    access.handle.changed()
    drop_upload(kept)
    return record


@router.get("/w/{workspace_id}/data/imports/{import_id}/undo", include_in_schema=False)
def confirm_undo(request: Request, import_id: str, access: EditorAccess) -> Response:
    """Ask before undoing: which file, how many rows go."""
    record = next((item for item in history(access) if item.import_id == import_id), None)
    if record is None or record.undone_at is not None:
        return RedirectResponse(f"/w/{access.workspace.id}/data", status_code=303)
    return page(request, "data.html", _context(access, confirm=record))


@router.post("/w/{workspace_id}/data/imports/{import_id}/undo", include_in_schema=False)
def undo(request: Request, import_id: str, access: EditorAccess) -> Response:
    try:
        record = undo_import(import_id, access)
    except MessageError as error:
        return page(
            request, "data.html", _context(access, upload_error=error.render(access.lang)), status_code=422
        )
    return RedirectResponse(f"/w/{access.workspace.id}/data?undone={record.import_id}", status_code=303)


def undo_import(import_id: str, access: WorkspaceAccess) -> ImportRecord:
    if not re.fullmatch(r"[0-9a-f]{1,32}", import_id):
        raise MessageError(msg("warehouse.unknown_import", import_id=import_id[:40]))
    with access.handle.warehouse() as warehouse:
        record = warehouse.undo(import_id)
    access.handle.changed()
    return record


# --- the JSON API --------------------------------------------------------------------------------


class ImportOut(BaseModel):
    import_id: str
    file: str
    sha256: str
    format: str
    tables: list[str]
    imported_at: str
    first_date: str | None
    last_date: str | None
    rows_added: int
    rows_replaced: int
    rows_rejected: int
    undone_at: str | None
    notes: list[str]

    @classmethod
    def of(cls, record: ImportRecord, lang: Lang) -> ImportOut:
        return cls.model_validate(record.to_dict(lang))


class ProblemOut(BaseModel):
    row: int | None
    column: str | None
    message: str


class ImportProblemsOut(BaseModel):
    file: str
    detail: list[ProblemOut]


class MessageOut(BaseModel):
    detail: str


@api.get("/workspaces/{workspace_id}/imports", response_model=list[ImportOut])
def api_imports(access: ViewerAccess) -> list[ImportOut]:
    """Every import, newest first (undone ones too, with when they were undone)."""
    return [ImportOut.of(record, access.lang) for record in history(access)]


@api.post(
    "/workspaces/{workspace_id}/imports",
    response_model=ImportOut,
    status_code=201,
    responses={422: {"model": ImportProblemsOut}},
)
def api_import(
    access: EditorAccess,
    file: Annotated[UploadFile, File(description="The exported file.")],
    format: Annotated[str | None, Form(description="The format, when detection should not guess.")] = None,
    table: Annotated[str | None, Form(description="For a mapped file: the table to import into.")] = None,
    map_: Annotated[
        list[str] | None, Form(alias="map", description="For a mapped file: FIELD=COLUMN, once per field.")
    ] = None,
    source: Annotated[str | None, Form(description="For a mapped file: the source system's name.")] = None,
) -> Any:
    """Import an export: all of it, or nothing (422 with each problem's row and column)."""
    name = client_name(file.filename)
    try:
        kept = keep_upload(access.handle, file)
    except UploadRefused as refused:
        return _problems(name, [Problem(None, None, refused.render(access.lang))])
    try:
        record = write_upload(kept, Choices.from_api(format, table, map_ or [], source), access)
    except (ImportProblem, MessageError) as error:
        drop_upload(kept)
        return _problems(name, problems_of(error, access.lang))
    return JSONResponse(ImportOut.of(record, access.lang).model_dump(), status_code=201)


def _problems(name: str, problems: list[Problem]) -> JSONResponse:
    body = ImportProblemsOut(file=name, detail=[ProblemOut(**problem.to_dict()) for problem in problems])
    return JSONResponse(body.model_dump(), status_code=422)


@api.post(
    "/workspaces/{workspace_id}/imports/{import_id}/undo",
    response_model=ImportOut,
    responses={422: {"model": MessageOut}},
)
def api_undo(import_id: str, access: EditorAccess) -> Any:
    """Undo an import: its rows go, and the rows it had replaced come back."""
    try:
        record = undo_import(import_id, access)
    except MessageError as error:
        return JSONResponse({"detail": error.render(access.lang)}, status_code=422)
    return ImportOut.of(record, access.lang)


def imported_when(record: ImportRecord, zone: ZoneInfo) -> datetime:
    moment = record.imported_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)
