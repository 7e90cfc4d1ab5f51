"""Messages of the funnel area: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {}
