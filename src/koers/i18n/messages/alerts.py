"""Messages of alerts and ``koers alerts``: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the alert itself: e-mail and webhook
    "alerts.subject.one": ("{workspace}: {kpi} → {status}", "{workspace}: {kpi} → {status}"),
    "alerts.subject.many": (
        "{workspace}: {count} KPI's van status veranderd",
        "{workspace}: {count} KPIs changed status",
    ),
    "alerts.intro": ("Statuswijzigingen in {workspace}:", "Status changes in {workspace}:"),
    "alerts.change": ("{kpi}: {before} → {after} (per {day})", "{kpi}: {before} → {after} (as of {day})"),
    "alerts.first": (
        "{kpi}: {after} (eerste meting, per {day})",
        "{kpi}: {after} (first reading, as of {day})",
    ),
    "alerts.footer": (
        "Verstuurd door Koers. Alle meldingen: koers alerts list",
        "Sent by Koers. Every alert: koers alerts list",
    ),
    "alerts.new": ("nieuw", "new"),
    "alerts.column.id": ("#", "#"),
    "alerts.column.kpi": ("KPI", "KPI"),
    "alerts.column.from": ("Was", "Was"),
    "alerts.column.to": ("Nu", "Now"),
    "alerts.column.as_of": ("Per", "As of"),
    "alerts.column.deliveries": ("Verzonden", "Deliveries"),
    "alerts.channel.email": ("e-mail", "e-mail"),
    "alerts.channel.webhook": ("webhook", "webhook"),
    "alerts.state.pending": ("wacht", "pending"),
    "alerts.state.sent": ("verstuurd", "sent"),
    "alerts.state.failed": ("mislukt", "failed"),
    "alerts.delivery": ("{channel} {target}: {state}", "{channel} {target}: {state}"),
    "alerts.delivery_error": (
        "{channel} {target}: {state} na {attempts} poging(en): {error}",
        "{channel} {target}: {state} after {attempts} attempt(s): {error}",
    ),
    # koers alerts run
    "alerts.run.title": (
        "Statuswijzigingen in {workspace} per {day}",
        "Status changes in {workspace} as of {day}",
    ),
    "alerts.run.none": (
        "Geen statuswijzigingen in {workspace} per {day}.",
        "No status changes in {workspace} as of {day}.",
    ),
    "alerts.run.baseline": (
        "Eerste meting vastgelegd voor {count} KPI('s), zonder melding: die vragen nu geen aandacht.",
        "First reading recorded for {count} KPI(s), without an alert: they need no attention now.",
    ),
    "alerts.run.stale": (
        "{count} KPI('s) overgeslagen: voor die KPI's is al een status per een latere datum vastgelegd.",
        "{count} KPI(s) skipped: a status as of a later date is already recorded for them.",
    ),
    "alerts.run.no_channels": (
        "Deze werkruimte heeft geen ontvangers of webhooks (alerts: in koers.yaml); de wijzigingen staan in 'koers alerts list'.",
        "This workspace has no recipients or webhooks (alerts: in koers.yaml); the changes are in 'koers alerts list'.",
    ),
    "alerts.run.sent": ("{count} bericht(en) verstuurd.", "{count} message(s) sent."),
    "alerts.run.waiting": (
        "{count} bericht(en) wachten nog op een volgende poging.",
        "{count} message(s) still waiting for a next attempt.",
    ),
    "alerts.run.retrying": (
        "Niet verstuurd (poging {attempts} van {max}, volgende na {at}): {channel} {target}: {error}",
        "Not sent (attempt {attempts} of {max}, next after {at}): {channel} {target}: {error}",
    ),
    "alerts.run.failed": (
        "Opgegeven na {attempts} pogingen: {channel} {target}: {error}",
        "Given up after {attempts} attempts: {channel} {target}: {error}",
    ),
    # koers alerts list
    "alerts.list.title": ("Meldingen voor {workspace}", "Alerts for {workspace}"),
    "alerts.list.empty": (
        "Nog geen meldingen voor {workspace}; 'koers alerts run' legt statuswijzigingen vast.",
        "No alerts for {workspace} yet; 'koers alerts run' records status changes.",
    ),
    "alerts.list.none_sent": ("geen ontvangers", "no recipients"),
}
