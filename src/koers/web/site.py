"""The workspaces a running web app serves, and what it keeps of each between requests.

A workspace is a folder with its ``koers.yaml`` and its warehouse (``data/warehouse.duckdb``),
the same folder the command line works on; the web app edits the file (and mirrors it into the
application database, where memberships and the cross-client overview find it). One
:class:`WorkspaceHandle` per workspace holds the warehouse open for the life of the app, behind a
lock (a DuckDB connection serves one thread at a time), and keeps the KPI evaluations of each
as-of day until the workspace or its data change: the forecasts behind them take a fraction of a
second per KPI, and a dashboard is opened far more often than data are imported.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from koers.domain.workspace import Workspace
from koers.errors import MessageError
from koers.i18n import msg
from koers.metrics.engine import MetricEngine
from koers.monitor.evaluate import KpiEvaluation, evaluate_workspace
from koers.store.appdb import Database
from koers.store.appdb.repository import save_workspace as store_workspace
from koers.store.warehouse import Warehouse
from koers.store.workspace_file import WORKSPACE_FILE, load_workspace, save_workspace

log = logging.getLogger("koers.web")

T = TypeVar("T")

MEMO_SIZE = 1024
"""Derived results kept per workspace (a few per KPI and language)."""


class WorkspaceConflict(MessageError):
    """Two folders hold a workspace with the same id."""


@dataclass(eq=False)
class WorkspaceHandle:
    """One served workspace: its folder, the workspace as last read, its open warehouse."""

    folder: Path
    workspace: Workspace
    version: int = 0
    """Bumped on every change made through the app (an edit, an import, an undo)."""
    lock: threading.RLock = field(default_factory=threading.RLock)
    _mtime_ns: int = 0
    _warehouse: Warehouse | None = None
    _evaluations: dict[date, tuple[int, list[KpiEvaluation]]] = field(default_factory=dict)
    _memo: OrderedDict[Hashable, tuple[int, Any]] = field(default_factory=OrderedDict)

    @property
    def id(self) -> str:
        return self.workspace.id

    @property
    def file(self) -> Path:
        return self.folder / WORKSPACE_FILE

    @classmethod
    def open(cls, folder: Path) -> WorkspaceHandle:
        file = folder / WORKSPACE_FILE
        handle = cls(folder, load_workspace(file))
        handle._mtime_ns = file.stat().st_mtime_ns
        return handle

    def current(self) -> Workspace:
        """The workspace, read again when its file changed outside the app."""
        with self.lock:
            try:
                mtime = self.file.stat().st_mtime_ns
            except FileNotFoundError:
                return self.workspace
            if mtime != self._mtime_ns:
                self.workspace = load_workspace(self.file)
                self._mtime_ns = mtime
                self.version += 1
            return self.workspace

    def save(self, workspace: Workspace, database: Database) -> None:
        """Write the workspace to its file and the application database, in that order."""
        with self.lock:
            with database.begin() as session:
                store_workspace(session, workspace)
            save_workspace(workspace, self.file)
            self.workspace = workspace
            self._mtime_ns = self.file.stat().st_mtime_ns
            self.changed()

    def changed(self) -> None:
        """Forget what was computed: the workspace or its data changed."""
        with self.lock:
            self.version += 1
            self._evaluations.clear()
            self._memo.clear()

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept until the workspace or its data change (for what pages derive from
        the evaluations: tiles, a KPI's detail, rendered parts of a page). The least recently used
        of more than :data:`MEMO_SIZE` results are dropped."""
        with self.lock:
            self.current()  # notices an edit of the file made outside the app
            found = self._memo.get(key)
            if found is not None and found[0] == self.version:
                self._memo.move_to_end(key)
                return cast(T, found[1])
            version = self.version
            value = compute()
            if version == self.version:
                self._memo[key] = (version, value)
                while len(self._memo) > MEMO_SIZE:
                    self._memo.popitem(last=False)
            return value

    @contextmanager
    def warehouse(self) -> Iterator[Warehouse]:
        """The workspace's warehouse, for this thread alone while the block runs."""
        with self.lock:
            if self._warehouse is None:
                self._warehouse = Warehouse.for_workspace(self.folder, timezone=self.workspace.timezone)
            yield self._warehouse

    @contextmanager
    def engine(self) -> Iterator[MetricEngine]:
        workspace = self.current()
        with self.warehouse() as warehouse:
            yield MetricEngine(warehouse, workspace.catalog)

    def evaluations(self, as_of: date) -> list[KpiEvaluation]:
        """Every KPI evaluated at ``as_of``, computed once per version of the workspace."""
        with self.lock:
            workspace = self.current()
            cached = self._evaluations.get(as_of)
            if cached is not None and cached[0] == self.version:
                return cached[1]
            with self.engine() as engine:
                result = evaluate_workspace(workspace, engine, as_of)
            if len(self._evaluations) > 8:
                self._evaluations.clear()
            self._evaluations[as_of] = (self.version, result)
            return result

    def evaluation(self, kpi_id: str, as_of: date) -> KpiEvaluation:
        for item in self.evaluations(as_of):
            if item.kpi_id == kpi_id:
                return item
        raise KeyError(kpi_id)

    def close(self) -> None:
        with self.lock:
            if self._warehouse is not None:
                self._warehouse.close()
                self._warehouse = None


class Site:
    """The workspaces one running app serves, by id, and where new ones are made."""

    def __init__(
        self,
        database: Database,
        folders: Sequence[Path] = (),
        *,
        root: Path | None = None,
        today: date | None = None,
    ) -> None:
        self.database = database
        self.root = root
        self.today = today
        """A fixed day to show the workspaces as of (demos, tests, benchmarks); by default the
        last full day in each workspace's time zone."""
        self._handles: dict[str, WorkspaceHandle] = {}
        self.ready = threading.Event()
        """Set once :meth:`warm` has run (the health check reports it)."""
        self._lock = threading.Lock()
        found = list(folders)
        if root is not None and root.is_dir():
            found += sorted(path.parent for path in root.glob(f"*/{WORKSPACE_FILE}"))
        for folder in dict.fromkeys(path.resolve() for path in found):
            self._add(WorkspaceHandle.open(folder))

    def _add(self, handle: WorkspaceHandle) -> None:
        other = self._handles.get(handle.id)
        if other is not None and other.folder != handle.folder:
            raise WorkspaceConflict(
                msg("web.site.conflict", id=handle.id, first=str(other.folder), second=str(handle.folder))
            )
        with self.database.begin() as session:
            store_workspace(session, handle.workspace)
        self._handles[handle.id] = handle

    def __contains__(self, workspace_id: str) -> bool:
        return workspace_id in self._handles

    def get(self, workspace_id: str) -> WorkspaceHandle:
        """The handle of a served workspace; ``KeyError`` when it is not served here."""
        return self._handles[workspace_id]

    def handles(self) -> list[WorkspaceHandle]:
        return sorted(self._handles.values(), key=lambda handle: handle.workspace.name.casefold())

    def create(self, workspace: Workspace) -> WorkspaceHandle:
        """Make a new workspace folder under :attr:`root`, named after the workspace's id."""
        if self.root is None:
            raise WorkspaceConflict(msg("web.site.no_root"))
        with self._lock:
            if workspace.id in self._handles:
                raise WorkspaceConflict(msg("web.site.exists", id=workspace.id))
            folder = (self.root / folder_name(workspace.id)).resolve()
            folder.mkdir(parents=True, exist_ok=False)
            save_workspace(workspace, folder / WORKSPACE_FILE)
            handle = WorkspaceHandle.open(folder)
            self._add(handle)
            return handle

    def as_of(self, workspace: Workspace) -> date:
        """The day a workspace is shown as of, unless a page asks for another."""
        if self.today is not None:
            return self.today
        return datetime.now(ZoneInfo(workspace.timezone)).date() - timedelta(days=1)

    def warm(self, *pages: Callable[[WorkspaceHandle, date], None]) -> None:
        """Evaluate every workspace's KPIs ahead of the first visit, then prepare what ``pages``
        show of them (run in a background thread; :attr:`ready` is set when done)."""
        try:
            for handle in self.handles():
                try:
                    day = self.as_of(handle.current())
                    handle.evaluations(day)
                    for prepare in pages:
                        prepare(handle, day)
                except Exception:  # a page that cannot be prepared is computed on its first visit
                    log.exception("preparing workspace %s", handle.id)
        finally:
            # what was prepared lives as long as the app: keep the collector from walking it
            # again and again (a full collection of it pauses every request for tens of ms)
            gc.collect()
            gc.freeze()
            self.ready.set()

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        self.database.dispose()


def folder_name(workspace_id: str) -> str:
    """A safe folder name for a workspace id (letters, digits, dashes)."""
    text = unicodedata.normalize("NFKD", workspace_id).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-zA-Z0-9_-]+", "-", text).strip("-").lower() or "workspace"
