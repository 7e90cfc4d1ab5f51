"""Messages of the charts, the monthly report, its schedule and the exports: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the KPI chart (koers.charts)
    "chart.actual": ("Realisatie", "Actual"),
    "chart.target": ("Doel", "Target"),
    "chart.subperiod": ("Per {grain}", "Per {grain}"),
    "chart.pace": ("Schema", "Pace"),
    "chart.forecast": ("Voorspelling", "Forecast"),
    "chart.interval": ("80%-interval", "80% interval"),
    "chart.date": ("Datum", "Date"),
    "chart.value": ("Waarde", "Value"),
    "chart.seconds": ("seconden", "seconds"),
}
MESSAGES.update(
    {
        # the report
        "report.title": ("Maandrapportage {month}", "Monthly report {month}"),
        "report.subtitle": ("{workspace} · stand per {as_of}", "{workspace} · as of {as_of}"),
        "report.footer": ("Koers · {workspace} · {month}", "Koers · {workspace} · {month}"),
        "report.forecast": ("{value} (80%: {low} – {high})", "{value} (80%: {low} – {high})"),
        "report.no_phase": ("Zonder fase", "No phase"),
        "report.change": ("{kpi}: {before} → {after}", "{kpi}: {before} → {after}"),
        "report.change_new": ("{kpi}: {after} (nieuw)", "{kpi}: {after} (new)"),
        "report.no_changes": (
            "Geen statuswijzigingen sinds eind {month}.",
            "No status changes since the end of {month}.",
        ),
        "report.no_experiments": ("Geen A/B-tests in {month}.", "No A/B tests in {month}."),
        "report.funnel.in_plan": (
            "Het plan voor {month} tegen wat er in {month} binnenkwam.",
            "The plan for {month} against what came in during {month}.",
        ),
        "report.funnel.outside_plan": (
            "Het plan loopt van {start} t/m {last_day}: {month} is vergeleken met een gemiddelde planmaand.",
            "The plan runs from {start} to {last_day}: {month} is held against an average month of the plan.",
        ),
        "report.stage.lead": ("Leads", "Leads"),
        "report.stage.mql": ("MQL's", "MQLs"),
        "report.stage.sql": ("SQL's", "SQLs"),
        "report.stage.opportunity": ("Opportunity's", "Opportunities"),
        "report.stage.customer": ("Klanten", "Customers"),
        "report.experiment.since": ("sinds {start}", "since {start}"),
        "report.experiment.detail": (
            "{variant} {rate} tegen {control} {control_rate} ({uplift})",
            "{variant} {rate} against {control} {control_rate} ({uplift})",
        ),
        "report.label.summary": ("Samenvatting", "Summary"),
        "report.label.goals": ("Doelen", "Goals"),
        "report.label.attention": ("Vraagt aandacht", "Needs attention"),
        "report.label.nothing_needs_attention": (
            "Alle KPI's liggen op koers, zijn gehaald of nog niet begonnen.",
            "Every KPI is on track, achieved or not started yet.",
        ),
        "report.label.by_phase": ("KPI's per fase", "KPIs by phase"),
        "report.label.changes": ("Veranderd sinds vorige maand", "Changed since last month"),
        "report.label.kpis": ("De KPI's", "The KPIs"),
        "report.label.months": ("Per maand", "By month"),
        "report.label.diagnosis": ("Diagnose", "Diagnosis"),
        "report.label.causes": ("Oorzaken", "Causes"),
        "report.label.suggestions": ("Voorgestelde acties", "Suggested actions"),
        "report.label.actions_taken": ("Genomen acties", "Actions taken"),
        "report.label.none_taken": ("Nog geen acties vastgelegd.", "No actions logged yet."),
        "report.label.funnel": ("Funnelplan tegen realisatie", "Funnel plan against actuals"),
        "report.label.no_funnel": (
            "De workspace heeft geen funnelplan.",
            "The workspace has no funnel plan.",
        ),
        "report.label.experiments": ("A/B-tests", "A/B tests"),
        "report.label.col_kpi": ("KPI", "KPI"),
        "report.label.col_status": ("Status", "Status"),
        "report.label.col_previous": ("Vorige maand", "Last month"),
        "report.label.col_value": ("Waarde", "Value"),
        "report.label.col_target": ("Doel", "Target"),
        "report.label.col_forecast": ("Voorspelling", "Forecast"),
        "report.label.col_chance": ("Kans", "Chance"),
        "report.label.col_stage": ("Fase", "Stage"),
        "report.label.col_planned": ("Plan", "Plan"),
        "report.label.col_actual": ("Realisatie", "Actual"),
        "report.label.col_difference": ("Verschil", "Difference"),
        "report.label.col_test": ("Test", "Test"),
        "report.label.col_period": ("Periode", "Period"),
        "report.label.col_verdict": ("Uitkomst", "Verdict"),
        "report.label.period": ("Periode", "Period"),
        "report.label.page": ("Pagina", "Page"),
        "report.label.reason": ("Waarom", "Why"),
        "report.label.partial": ("lopend", "running"),
        # sending and the schedule
        "report.email.subject": (
            "{workspace}: maandrapportage {month}",
            "{workspace}: monthly report {month}",
        ),
        "report.email.body": (
            "Hierbij de maandrapportage van {workspace} over {month} (PDF in de bijlage).\n\n"
            "{attention}\n\nVerstuurd door Koers.",
            "Attached is the monthly report of {workspace} for {month} (PDF).\n\n"
            "{attention}\n\nSent by Koers.",
        ),
        "report.email.attention": (
            "{count} KPI('s) vragen aandacht: {kpis}.",
            "{count} KPI(s) need attention: {kpis}.",
        ),
        "report.email.all_well": (
            "Geen KPI vraagt deze maand extra aandacht.",
            "No KPI needs extra attention this month.",
        ),
        "report.file_name": ("maandrapportage-{workspace}-{month}", "monthly-report-{workspace}-{month}"),
        "report.cli.written": (
            "Rapport geschreven: {path} ({size} bytes)",
            "Report written: {path} ({size} bytes)",
        ),
        "report.cli.bad_month": (
            "--month {value} is geen maand: gebruik JJJJ-MM, bijvoorbeeld 2023-03",
            "--month {value} is not a month: use YYYY-MM, for example 2023-03",
        ),
        "report.cli.bad_format": (
            "--format {value} wordt niet ondersteund: kies {choices}",
            "--format {value} is not supported: choose {choices}",
        ),
        "report.cli.not_due": (
            "Niets te versturen: {reason}",
            "Nothing to send: {reason}",
        ),
        "report.cli.sent": (
            "Maandrapportage {month} verstuurd aan {recipients}",
            "Monthly report {month} sent to {recipients}",
        ),
        "report.cli.failed": (
            "Versturen mislukt voor {recipients}: {error}",
            "Sending failed for {recipients}: {error}",
        ),
        "report.due.no_recipients": (
            "de workspace heeft geen ontvangers (reports.recipients in koers.yaml)",
            "the workspace has no recipients (reports.recipients in koers.yaml)",
        ),
        "report.due.off": (
            "het maandelijks versturen staat uit (reports.monthly)",
            "monthly sending is switched off (reports.monthly)",
        ),
        "report.due.not_yet": (
            "de rapportage over {month} gaat op {day}, de eerste werkdag",
            "the report for {month} goes out on {day}, the first working day",
        ),
        "report.due.already_sent": (
            "de rapportage over {month} is al verstuurd op {day}",
            "the report for {month} was already sent on {day}",
        ),
        "report.cli.history_empty": ("Nog geen rapporten gemaakt.", "No reports made yet."),
        "report.cli.col_id": ("#", "#"),
        "report.cli.col_month": ("Maand", "Month"),
        "report.cli.col_lang": ("Taal", "Language"),
        "report.cli.col_format": ("Formaat", "Format"),
        "report.cli.col_created": ("Gemaakt", "Created"),
        "report.cli.col_sent": ("Verstuurd aan", "Sent to"),
        # the export
        "export.col.kpi": ("kpi", "kpi"),
        "export.col.name": ("naam", "name"),
        "export.col.goal": ("doel", "goal"),
        "export.col.phase": ("fase", "phase"),
        "export.col.unit": ("eenheid", "unit"),
        "export.col.period_start": ("periode_begin", "period_start"),
        "export.col.period_end": ("periode_einde", "period_end"),
        "export.col.month": ("maand", "month"),
        "export.col.value": ("waarde", "value"),
        "export.col.complete": ("volledig", "complete"),
        "export.col.target": ("doel_waarde", "target"),
        "export.col.status": ("status", "status"),
        "export.col.as_of": ("per", "as_of"),
        "export.col.forecast": ("voorspelling", "forecast"),
        "export.col.probability": ("kans", "probability"),
        "export.sheet.kpis": ("KPI's", "KPIs"),
        "export.sheet.months": ("Per maand", "By month"),
        "export.cli.written": (
            "{rows} KPI's en {months} maandwaarden geschreven naar {path}",
            "{rows} KPIs and {months} monthly values written to {path}",
        ),
    }
)
