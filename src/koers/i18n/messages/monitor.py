"""Messages of monitoring: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "status.not_started": ("nog niet begonnen", "not started"),
    "status.on_track": ("op koers", "on track"),
    "status.at_risk": ("risico", "at risk"),
    "status.off_track": ("uit koers", "off track"),
    "status.achieved": ("gehaald", "achieved"),
    "status.missed": ("niet gehaald", "missed"),
    "status.no_data": ("geen gegevens", "no data"),
}
