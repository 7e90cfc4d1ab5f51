"""Messages of the parse area: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {}
