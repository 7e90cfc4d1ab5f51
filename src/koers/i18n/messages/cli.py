"""Messages of the cli area: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {}
