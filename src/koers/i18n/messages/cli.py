"""Messages of the command line: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.bad_date": (
        "{option}: {value} is geen datum; schrijf JJJJ-MM-DD, zoals 2023-04-01",
        "{option}: {value} is not a date; write YYYY-MM-DD, such as 2023-04-01",
    ),
    "cli.field.metric": ("Metriek", "Metric"),
    "cli.field.target": ("Doel", "Target"),
    "cli.field.aggregation": ("Telt als", "Counts as"),
    "cli.field.period": ("Periode", "Period"),
    "cli.field.segment": ("Segment", "Segment"),
    "cli.field.phase": ("Fase", "Phase"),
    "cli.field.baseline": ("Startwaarde", "Baseline"),
    "cli.suggested": ("{phase} (voorgesteld)", "{phase} (suggested)"),
    "cli.missing.period": (
        "Ontbreekt: een periode. Noem een einddatum, zoals 'in Q2 2024' of 'tot 1 juli 2024'.",
        "Missing: a period. Name an end date, such as 'in Q2 2024' or 'until 1 July 2024'.",
    ),
}

MESSAGES.update(
    {
        "cli.plan.none": (
            "Deze werkruimte heeft nog geen funnelplannen.",
            "This workspace has no funnel plans yet.",
        ),
        "cli.plan.bad_rate": (
            "--rate {value}: schrijf VAN:NAAR=CONVERSIE, zoals lead:mql=39%",
            "--rate {value}: write FROM:TO=RATE, such as lead:mql=39%",
        ),
        "cli.plan.rate_out_of_range": ("--rate {step}: {reason}", "--rate {step}: {reason}"),
        "cli.plan.rates_not_linked": (
            "--rate {second} sluit niet aan op {first}: geef de stappen van boven naar beneden, elke stap begint waar de vorige eindigt",
            "--rate {second} does not follow {first}: give the steps top down, each starting where the previous one ends",
        ),
        "cli.plan.no_target": (
            "--target ontbreekt: geef customers=100, of revenue=500000 met --deal-value",
            "--target is missing: give customers=100, or revenue=500000 with --deal-value",
        ),
        "cli.plan.bad_customers": (
            "--target customers={value}: het aantal klanten moet een heel getal boven 0 zijn",
            "--target customers={value}: the number of customers must be a whole number above 0",
        ),
        "cli.plan.needs_deal_value": (
            "een omzetdoel heeft --deal-value nodig, de gemiddelde dealwaarde",
            "a revenue target needs --deal-value, the average deal value",
        ),
        "cli.plan.bad_target": (
            "--target {value}: schrijf customers=100 of revenue=500000",
            "--target {value}: write customers=100 or revenue=500000",
        ),
        "cli.plan.bad_share": (
            "--share {value}: het aandeel moet boven 0% en hoogstens 100% liggen",
            "--share {value}: the share must be above 0% and at most 100%",
        ),
        "cli.plan.bad_amount": (
            "{option} {value}: geef een bedrag boven 0, zoals 45 of 45,50",
            "{option} {value}: give an amount above 0, such as 45 or 45.50",
        ),
        "cli.plan.needs_both_dates": ("geef zowel --from als --to", "give both --from and --to"),
        "cli.plan.end_before_start": (
            "--to {end} ligt voor --from {start}",
            "--to {end} is before --from {start}",
        ),
        "cli.plan.bad_weights": (
            "--weights {value}: geef getallen, gescheiden door komma's",
            "--weights {value}: give numbers separated by commas",
        ),
        "cli.plan.stage": ("Fase", "Stage"),
        "cli.plan.required": ("Nodig", "Required"),
        "cli.plan.expected": ("Verwacht", "Expected"),
        "cli.plan.rate_to_next": ("Door naar volgende", "Rate to next"),
        "cli.plan.by_month": ("Per maand", "By month"),
        "cli.plan.month": ("Maand", "Month"),
        "cli.plan.sensitivity": (
            "Gevoeligheid: één procentpunt beter",
            "Sensitivity: one percentage point better",
        ),
        "cli.plan.step": ("Stap", "Step"),
        "cli.plan.rate": ("Conversie", "Rate"),
        "cli.plan.top_needed": ("Bovenin nodig", "Needed at the top"),
        "cli.plan.fewer": ("Minder", "Fewer"),
    }
)

MESSAGES.update(
    {
        "cli.metrics.key": ("Sleutel", "Key"),
        "cli.metrics.name": ("Naam", "Name"),
        "cli.metrics.unit": ("Eenheid", "Unit"),
        "cli.metrics.kind": ("Soort", "Kind"),
        "cli.metrics.additive": ("Optelbaar", "Additive"),
        "cli.metrics.definition": ("Definitie", "Definition"),
        "cli.yes": ("ja", "yes"),
        "cli.no": ("nee", "no"),
    }
)

MESSAGES.update(
    {
        "cli.init.exists": (
            "{path} bestaat al; kies een andere map met --workspace of overschrijf met --force",
            "{path} already exists; choose another folder with --workspace or overwrite with --force",
        ),
        "cli.init.written": ("Werkruimte geschreven naar {path}", "Workspace written to {path}"),
        "cli.check.phase": ("Fase", "Phase"),
        "cli.check.goal": ("Doel", "Goal"),
        "cli.check.kpi": ("KPI", "KPI"),
        "cli.check.target": ("Doelwaarde", "Target"),
        "cli.check.period": ("Periode", "Period"),
        "cli.check.kpis": ("{count} KPI's", "{count} KPIs"),
        "cli.check.one_kpi": ("{count} KPI", "{count} KPI"),
        "cli.check.coverage": ("KPI's per fase: {counts}", "KPIs per phase: {counts}"),
    }
)

MESSAGES.update(
    {
        "cli.bad_pair": ("{option} {value}: schrijf NAAM=WAARDE", "{option} {value}: write NAME=VALUE"),
        "cli.import.busy": ("{file} importeren…", "Importing {file}…"),
        "cli.import.done": (
            "{file} geïmporteerd als {format}: {added} regels toegevoegd, {replaced} vervangen, {rejected} overgeslagen (import {id})",
            "{file} imported as {format}: {added} rows added, {replaced} replaced, {rejected} skipped (import {id})",
        ),
        "cli.imports.none": ("Nog geen imports.", "No imports yet."),
        "cli.imports.id": ("Import", "Import"),
        "cli.imports.when": ("Wanneer", "When"),
        "cli.imports.file": ("Bestand", "File"),
        "cli.imports.format": ("Formaat", "Format"),
        "cli.imports.dates": ("Datums", "Dates"),
        "cli.imports.added": ("Toegevoegd", "Added"),
        "cli.imports.replaced": ("Vervangen", "Replaced"),
        "cli.imports.state": ("Staat", "State"),
        "cli.imports.active": ("actief", "active"),
        "cli.imports.undone_state": ("ongedaan gemaakt", "undone"),
        "cli.imports.undone": (
            "Import {id} ({file}) is ongedaan gemaakt; wat die verving is terug.",
            "Import {id} ({file}) is undone; what it replaced is back.",
        ),
        "cli.value.one_grain": (
            "geef hoogstens één tijdseenheid bij --by",
            "give at most one time grain with --by",
        ),
        "cli.value.value": ("Waarde", "Value"),
        "cli.value.previous": ("Vergelijking", "Comparison"),
        "cli.status.title": ("{name} op {day}", "{name} as of {day}"),
        "cli.status.kpi": ("KPI", "KPI"),
        "cli.status.target": ("Doel", "Target"),
        "cli.status.actual": ("Stand", "Actual"),
        "cli.status.attainment": ("Van doel", "Of target"),
        "cli.explain.unknown_kpi": ("geen KPI {kpi}; wel: {ids}", "no KPI {kpi}; there are: {ids}"),
        "cli.explain.metric": ("{metric} ({key}): {definition}", "{metric} ({key}): {definition}"),
    }
)

MESSAGES.update(
    {
        "cli.demo.building": (
            "De demo-werkruimte bouwen in {folder}: twee jaar gegevens genereren…",
            "Building the demo workspace in {folder}: generating two years of data…",
        ),
        "cli.demo.next": (
            "De demo staat in {folder}. Probeer: koers status -w {folder}, koers value sessions --from 2026-01-01 "
            "--to 2026-03-31 --by month -w {folder}, koers explain terugkerende-bezoekers -w {folder}",
            "The demo is in {folder}. Try: koers status -w {folder}, koers value sessions --from 2026-01-01 "
            "--to 2026-03-31 --by month -w {folder}, koers explain terugkerende-bezoekers -w {folder}",
        ),
    }
)
