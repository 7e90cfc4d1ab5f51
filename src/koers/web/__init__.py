"""The Koers web app: FastAPI, server-rendered pages made lively with htmx, and a JSON API under
``/api``. :func:`create_app` builds it on a :class:`Site` (the workspaces it serves)."""

from koers.web.app import WebOptions, create_app
from koers.web.site import Site, WorkspaceHandle

__all__ = ["Site", "WebOptions", "WorkspaceHandle", "create_app"]
