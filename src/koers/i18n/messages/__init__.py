"""The message catalog: every user-facing text, in Dutch and English.

Each area keeps its own module in this package with a ``MESSAGES`` dict of
``key: (dutch, english)``; keys are prefixed with the area (``smart.``, ``parse.``...). Every
module here is loaded; a key defined twice is an error. A test checks that both texts exist and
use the same placeholders.
"""

from __future__ import annotations

import importlib
import pkgutil

MESSAGES: dict[str, tuple[str, str]] = {}
for _module in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
    _area = importlib.import_module(f"{__name__}.{_module.name}")
    _overlap = MESSAGES.keys() & _area.MESSAGES.keys()
    if _overlap:
        raise RuntimeError(f"message keys defined twice: {sorted(_overlap)}")
    MESSAGES.update(_area.MESSAGES)
