"""The web app's third-party JavaScript and CSS, built from registry packages.

htmx and Pico CSS come from the npm registry (``package.json`` and its lock file beside this
module, installed with ``npm ci`` in a folder of Koers's home, :func:`npm_folder`); Vega,
Vega-Lite and vega-embed come from the ``vl-convert-python`` package, which carries them as one
bundle. Nothing is fetched when a page loads: :func:`build_assets` copies the files into
``static/vendor/`` once, at install time (``koers assets``, which the set-up scripts run), and the
app refuses to start without them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from koers.errors import MessageError
from koers.i18n import msg

HERE = Path(__file__).parent
VENDOR = HERE.parent / "static" / "vendor"

FROM_NPM = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "pico.min.css": "@picocss/pico/css/pico.jade.min.css",
}
"""Vendor file -> its path inside ``node_modules``."""

VEGA_BUNDLE = "vega.min.js"

VENDOR_FILES = (*FROM_NPM, VEGA_BUNDLE)


class AssetsMissing(MessageError):
    """The vendor files are not built, and cannot be."""


def assets_ready(vendor: Path = VENDOR) -> bool:
    return all((vendor / name).is_file() for name in VENDOR_FILES)


def npm_folder() -> Path:
    """Where ``npm ci`` installs the packages: a folder of Koers's home (``KOERS_HOME``), outside
    the source tree and the installed package."""
    from koers.config import get_settings
    from koers.store.appdb.engine import DEFAULT_HOME

    return (get_settings().home or DEFAULT_HOME).expanduser() / "web-assets"


def build_assets(vendor: Path = VENDOR, *, force: bool = False) -> list[Path]:
    """Install the npm packages (``npm ci``) when needed and copy the vendor files into ``vendor``."""
    if assets_ready(vendor) and not force:
        return []
    work = npm_folder()
    modules = work / "node_modules"
    if force or not all((modules / source).is_file() for source in FROM_NPM.values()):
        work.mkdir(parents=True, exist_ok=True)
        for manifest in ("package.json", "package-lock.json"):
            shutil.copyfile(HERE / manifest, work / manifest)
        npm = shutil.which("npm")
        if npm is None:
            raise AssetsMissing(msg("web.assets.no_npm"))
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssetsMissing(msg("web.assets.npm_failed", output=done.stderr.strip()[-500:]))
    vendor.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in FROM_NPM.items():
        shutil.copyfile(modules / source, vendor / name)
        written.append(vendor / name)
    import vl_convert

    bundle: str = vl_convert.javascript_bundle()  # type: ignore[call-arg]  # snippet is optional
    (vendor / VEGA_BUNDLE).write_text(bundle, encoding="utf-8")
    written.append(vendor / VEGA_BUNDLE)
    return written
