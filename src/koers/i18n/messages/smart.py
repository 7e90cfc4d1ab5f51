"""Messages of the smart area: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {}
