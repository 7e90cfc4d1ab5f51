"""The message catalog: every user-facing text, in Dutch and English.

Each area keeps its own module with a ``MESSAGES`` dict of ``key: (dutch, english)``; keys are
prefixed with the area (``smart.``, ``parse.``...). A test checks that both texts exist and use
the same placeholders.
"""

from __future__ import annotations

from koers.i18n.messages import cli, common, funnel, parse, smart, workspace

MESSAGES: dict[str, tuple[str, str]] = {}
for _area in (common, cli, funnel, parse, smart, workspace):
    _overlap = MESSAGES.keys() & _area.MESSAGES.keys()
    if _overlap:
        raise RuntimeError(f"message keys defined twice: {sorted(_overlap)}")
    MESSAGES.update(_area.MESSAGES)
