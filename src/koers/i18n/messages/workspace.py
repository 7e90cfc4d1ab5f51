"""Messages about workspaces, metrics and the workspace file: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "catalog.unknown_input": (
        "metriek {metric} rekent met {part}, maar die staat niet in de catalogus",
        "metric {metric} uses {part}, which is not in the catalog",
    ),
    "catalog.cycle": (
        "metriek {metric} verwijst via haar onderdelen naar zichzelf",
        "metric {metric} refers to itself through its parts",
    ),
    "ws.unknown_journey": (
        "onbekend klantreismodel {journey}; bekend zijn: {known}",
        "unknown journey model {journey}; known are: {known}",
    ),
    "ws.metric_reused": (
        "{metric} is al een standaardmetriek; kies een andere sleutel",
        "{metric} is already a standard metric; choose another key",
    ),
    "ws.duplicate_goal": ("doel-id {id} komt twee keer voor", "goal id {id} is used twice"),
    "ws.duplicate_plan": ("plan-id {id} komt twee keer voor", "plan id {id} is used twice"),
    "ws.duplicate_metric": ("metriek {id} is twee keer gedeclareerd", "metric {id} is declared twice"),
    "ws.duplicate_journey": (
        "klantreismodel {id} is twee keer gedeclareerd",
        "journey model {id} is declared twice",
    ),
    "ws.fractional_count": (
        "doel {target} is geen heel aantal; bedoel je {whole}? In YAML is de punt een decimaalteken: schrijf getallen zonder scheidingsteken voor duizendtallen",
        "target {target} is not a whole count; did you mean {whole}? In YAML the point is a decimal mark: write numbers without thousands separators",
    ),
    "ws.duplicate_kpi": (
        "KPI-id {id} komt al voor bij {other}",
        "KPI id {id} is already used at {other}",
    ),
    "ws.unknown_metric": (
        "onbekende metriek {metric} (zie 'koers metrics')",
        "unknown metric {metric} (see 'koers metrics')",
    ),
    "ws.unknown_goal": ("onbekend doel {goal}", "unknown goal {goal}"),
    "ws.unknown_kpi": ("onbekende KPI {kpi}", "unknown KPI {kpi}"),
    "ws.duplicate_experiment": ("test-id {id} komt twee keer voor", "test id {id} is used twice"),
    "ws.unknown_phase": (
        "fase {phase} hoort niet bij {journey} ({phases})",
        "phase {phase} is not a phase of {journey} ({phases})",
    ),
    "ws.subperiod_too_big": (
        "de periode bevat geen hele {subperiod}",
        "the period holds no whole {subperiod}",
    ),
    "ws.unknown_dimension": (
        "onbekende dimensie {dimension}; bekend zijn: {known}",
        "unknown dimension {dimension}; known are: {known}",
    ),
    "ws.weights_count": (
        "{given} seizoensgewichten voor {months} maanden",
        "{given} seasonal weights for {months} months",
    ),
    # --- the workspace file (koers.yaml) --------------------------------------------------
    "file.unreadable": ("kan {source} niet lezen: {reason}", "cannot read {source}: {reason}"),
    "file.not_utf8": (
        "geen UTF-8-tekst (byte {byte} in kolom {column}); sla het bestand op als UTF-8",
        "not UTF-8 text (byte {byte} in column {column}); save the file as UTF-8",
    ),
    "file.empty": (
        "het bestand is leeg; begin met bijvoorbeeld 'name: Mijn bedrijf'",
        "the file is empty; start with, for example, 'name: My company'",
    ),
    "file.not_mapping": (
        "bovenaan hoort een mapping (sleutel: waarde) te staan, zoals 'name: Mijn bedrijf', niet {found}",
        "the top level must be a mapping (key: value), such as 'name: My company', not {found}",
    ),
    "file.yaml_syntax": ("YAML-syntaxfout: {problem}", "YAML syntax error: {problem}"),
    "file.yaml_tab": (
        "YAML-syntaxfout: een tab mag niet inspringen; gebruik spaties",
        "YAML syntax error: a tab cannot indent; use spaces",
    ),
    "file.yaml_duplicate_key": (
        "sleutel {name} komt twee keer voor (eerder op regel {first})",
        "key {name} appears twice (first on line {first})",
    ),
    "file.bad_character": (
        "YAML-syntaxfout: het teken {character} mag niet in een YAML-bestand",
        "YAML syntax error: the character {character} is not allowed in a YAML file",
    ),
    "file.key_not_text": ("een sleutel hoort tekst te zijn", "a key must be text"),
    "file.missing": ("verplicht, maar ontbreekt", "required, but missing"),
    "file.unknown_field_plain": ("onbekend veld", "unknown field"),
    "file.unknown_field": ("onbekend veld; bekend zijn: {known}", "unknown field; known are: {known}"),
    "file.unknown_field_hint": (
        "onbekend veld; bedoel je {suggestion}?",
        "unknown field; did you mean {suggestion}?",
    ),
    "file.not_int": ("hoort een geheel getal te zijn, zoals 100", "must be a whole number, such as 100"),
    "file.not_number": (
        "hoort een getal te zijn, met een punt als decimaalteken (1500 of 0.4)",
        "must be a number, with a point for decimals (1500 or 0.4)",
    ),
    "file.not_finite": ("hoort een eindig getal te zijn", "must be a finite number"),
    "file.not_date": (
        "hoort een datum te zijn als JJJJ-MM-DD, zoals 2023-04-01",
        "must be a date written YYYY-MM-DD, such as 2023-04-01",
    ),
    "file.date_with_time": (
        "hoort een datum zonder tijd te zijn, zoals 2023-04-01",
        "must be a date without a time, such as 2023-04-01",
    ),
    "file.not_bool": ("hoort true of false te zijn", "must be true or false"),
    "file.not_text": (
        "hoort tekst te zijn; zet de waarde tussen aanhalingstekens",
        "must be text; put the value in quotes",
    ),
    "file.not_list": (
        "hoort een lijst te zijn (regels die met '- ' beginnen)",
        "must be a list (lines starting with '- ')",
    ),
    "file.not_mapping_field": (
        "hoort een mapping te zijn (regels als 'sleutel: waarde')",
        "must be a mapping (lines such as 'key: value')",
    ),
    "file.enum": ("{value} kan niet; kies uit {allowed}", "{value} is not allowed; choose from {allowed}"),
    "file.pattern_id": (
        "alleen kleine letters, cijfers en streepjes, te beginnen met een letter of cijfer "
        "(zoals nieuwe-bezoekers)",
        "only lowercase letters, digits and hyphens, starting with a letter or digit (such as new-visitors)",
    ),
    "file.pattern_key": (
        "alleen kleine letters, cijfers en lage streepjes, te beginnen met een letter (zoals nieuwe_leads)",
        "only lowercase letters, digits and underscores, starting with a letter (such as new_leads)",
    ),
    "file.pattern_currency": (
        "hoort een valutacode van drie hoofdletters te zijn, zoals EUR",
        "must be a three-letter currency code, such as EUR",
    ),
    "file.pattern": ("past niet op het patroon {pattern}", "does not match the pattern {pattern}"),
    "file.empty_text": ("mag niet leeg zijn", "may not be empty"),
    "file.too_short": ("hoort minstens {min} items te hebben", "needs at least {min} items"),
    "file.greater_than": ("hoort groter te zijn dan {limit}", "must be greater than {limit}"),
    "file.greater_equal": ("hoort {limit} of meer te zijn", "must be {limit} or more"),
    "file.period_end_before_start": ("ligt vóór de start", "before start"),
    "file.period_empty": (
        "gelijk aan de start: de periode is leeg (de einddatum telt niet mee)",
        "equal to start: the period is empty (the end date is not included)",
    ),
    "file.rate_range": (
        "{value} ligt niet boven 0% en ten hoogste op 100%",
        "{value} is not above 0% and at most 100%",
    ),
    "file.rate_unreadable": (
        "{value} is geen percentage; schrijf 39%, 1/3 of 0.39",
        "{value} is not a rate; write 39%, 1/3 or 0.39",
    ),
    "file.target_upper_not_above": ("hoort boven target te liggen", "must be above target"),
    "file.between_needs_upper": (
        "comparator between heeft ook een target_upper nodig",
        "comparator between needs a target_upper too",
    ),
    "file.upper_without_between": (
        "target_upper hoort alleen bij comparator between",
        "target_upper is only for comparator between",
    ),
    "file.subperiod_missing": (
        "aggregatie {aggregation} heeft een subperiod nodig (month, week...)",
        "aggregation {aggregation} needs a subperiod (month, week...)",
    ),
    "file.timezone": (
        "onbekende tijdzone {zone}; schrijf bijvoorbeeld Europe/Amsterdam",
        "unknown time zone {zone}; write, for example, Europe/Amsterdam",
    ),
    "file.target_both": (
        "geef customers, of revenue met deal_value, niet allebei",
        "give customers, or revenue with deal_value, not both",
    ),
    "file.target_missing": (
        "geef customers, of revenue met deal_value",
        "give customers, or revenue with deal_value",
    ),
    "file.stages_repeat": ("elke stage mag maar één keer voorkomen", "each stage may appear only once"),
    "file.rates_mismatch": (
        "rates horen elke stage aan de volgende te koppelen, op volgorde: {steps}",
        "rates must link each stage to the next, in order: {steps}",
    ),
    "file.scenario_step": ("scenario {name}: stap {step} bestaat niet", "scenario {name}: no step {step}"),
    "file.weights": (
        "seizoensgewichten horen 0 of meer te zijn, en niet allemaal 0",
        "seasonal weights must be 0 or more, and not all 0",
    ),
    "file.other": ("{text}", "{text}"),
    "file.found.list": ("een lijst", "a list"),
    "file.found.text": ("tekst", "text"),
    "file.found.number": ("een getal", "a number"),
    "file.found.other": ("een losse waarde", "a single value"),
    # --- the starter workspace of 'koers init' --------------------------------------------
    "file.starter.goal_name": ("Meer nieuwe bezoekers op de website", "More new visitors to the website"),
    "file.starter.goal_description": (
        "Een voorbeelddoel, zodat je de vorm ziet: pas het aan of haal het weg.",
        "An example goal, so you can see the shape: change it or remove it.",
    ),
    "file.starter.kpi_name": ("Nieuwe bezoekers dit kwartaal", "New visitors this quarter"),
    "file.starter.kpi_description": (
        "Voorbeeld-KPI: het aantal nieuwe bezoekers van de website in dit kwartaal.",
        "Example KPI: the number of new visitors to the website this quarter.",
    ),
}
