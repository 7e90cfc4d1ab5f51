"""``koers serve`` (the web app on one or more workspaces) and ``koers assets`` (its JavaScript
and CSS, from the registry packages)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from koers.cli._app import LangOption, app, console, display_lang, reports_input_errors, say, workspace_file
from koers.config import get_settings
from koers.i18n import msg
from koers.store.appdb import database
from koers.store.appdb.engine import DEFAULT_HOME


@app.command("assets")
@reports_input_errors
def assets_command(
    force: Annotated[bool, typer.Option("--force", help="Install and copy again even when present.")] = False,
) -> None:
    """Install the web app's JavaScript and CSS (htmx and Pico CSS from npm, Vega from
    vl-convert) into its static folder."""
    from koers.web.assets import VENDOR, build_assets

    written = build_assets(force=force)
    console.print(f"{len(written)} → {VENDOR}")


@app.command("serve")
@reports_input_errors
def serve_command(
    workspaces: Annotated[
        list[Path] | None,
        typer.Option("--workspace", "-w", help="A workspace folder (or its koers.yaml); repeat for more."),
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option(help="A folder of workspace folders; new workspaces made in the app go here too."),
    ] = None,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
    login: Annotated[
        str | None,
        typer.Option(
            help="An e-mail address made owner of every served workspace, with a new password "
            "printed at start (the demo account)."
        ),
    ] = None,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Send cookies over HTTPS only (behind a TLS proxy).")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Start the web app: dashboards, KPI editor, funnel planner, imports, reports, for every
    member of the served workspaces; the REST API under /api (OpenAPI at /api/docs)."""
    import uvicorn

    from koers.web import accounts
    from koers.web.accounts import Role
    from koers.web.app import PREPARED_PAGES, WebOptions, create_app
    from koers.web.assets import build_assets
    from koers.web.security import load_secret_key, new_password
    from koers.web.site import Site

    settings = get_settings()
    language = display_lang(lang)
    folders = [workspace_file(path).parent for path in workspaces or []]
    if not folders and root is None:
        folders = [workspace_file(None).parent]
    build_assets()
    site = Site(database(), folders, root=root)
    if not site.handles() and root is None:
        raise typer.BadParameter(msg("web.serve.no_workspace").render(language))
    password = None
    if login:
        password = new_password()
        with site.database.begin() as session:
            user = accounts.find_user(session, login) or accounts.create_user(session, login, password)
            accounts.set_password(session, user.id, password)
            for handle in site.handles():
                accounts.set_role(session, user.id, handle.id, Role.OWNER)

    home = (settings.home or DEFAULT_HOME).expanduser()
    web = create_app(
        site,
        WebOptions(
            load_secret_key(home), secure_cookies=secure_cookies, warm=lambda: site.warm(*PREPARED_PAGES)
        ),
    )
    shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    say(msg("web.serve.ready", url=f"http://{shown_host}:{port}/"), language, style="bold green")
    if login and password:
        say(msg("web.serve.demo_login", email=accounts.normalise_email(login), password=password), language)
    uvicorn.run(web, host=host, port=port, log_level="warning")
