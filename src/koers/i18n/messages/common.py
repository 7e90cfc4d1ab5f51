"""Messages of the common area: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {}
