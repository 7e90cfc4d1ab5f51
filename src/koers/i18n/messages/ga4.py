"""Messages of the Google Analytics 4 importers: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ga4.no_table": (
        "geen GA4-rapporttabel gevonden: geen enkele kolom is een GA4-statistiek (gevonden: {found})",
        "no GA4 report table found: no column is a GA4 metric (found: {found})",
    ),
    "ga4.unsupported_dimension": (
        "{column} is een dimensie die Koers niet kan bewaren; exporteer het rapport per datum, kanaalgroep, bron/medium, campagne, bestemmingspagina, apparaatcategorie of land",
        "{column} is a dimension Koers cannot store; export the report by date, channel group, source / medium, campaign, landing page, device category or country",
    ),
    "ga4.two_dates": ("meer dan één datumkolom: {columns}", "more than one date column: {columns}"),
    "ga4.same_dimension": (
        "twee kolommen voor dezelfde dimensie: {columns}",
        "two columns for the same dimension: {columns}",
    ),
    "ga4.no_range_csv": (
        "het rapport heeft geen datumkolom en het bestand noemt zijn periode niet (de regels '# Startdatum' en '# Einddatum' ontbreken)",
        "the report has no date column and the file does not name its period (the '# Start date' and '# End date' lines are missing)",
    ),
    "ga4.no_range_api": (
        "het rapport heeft geen dimensie date en het bestand noemt zijn periode niet; zet de periode van het verzoek naast het antwoord: {example}",
        "the report has no date dimension and the file does not name its period; put the request's date range next to the response: {example}",
    ),
    "ga4.date_outside_range": (
        "'{value}' valt buiten de periode van het rapport ({start} t/m {end})",
        "'{value}' lies outside the report's period ({start} to {end})",
    ),
    "ga4.bad_range": (
        "de periode van het rapport is ongeldig: {start} tot {end}",
        "the report's period is not valid: {start} to {end}",
    ),
    "ga4.too_few_cells": (
        "{count} cellen, maar de kopregel heeft {expected} kolommen (een afgebroken regel?)",
        "{count} cells, but the header has {expected} columns (a cut line?)",
    ),
    "ga4.not_a_report": (
        "geen runReport-antwoord van de GA4 Data API: dimensionHeaders en metricHeaders ontbreken",
        "not a runReport response of the GA4 Data API: dimensionHeaders and metricHeaders are missing",
    ),
    "ga4.bad_report_part": (
        "{part} heeft niet de vorm van een runReport-antwoord",
        "{part} does not have the shape of a runReport response",
    ),
    "ga4.bad_row_shape": (
        "rij {index} heeft {found} waarden, de koppen noemen er {expected}",
        "row {index} has {found} values, the headers name {expected}",
    ),
    "ga4.incomplete": (
        "het antwoord bevat {count} van de {total} rijen; vraag alle rijen in één antwoord op (limit) zodat de periode compleet is",
        "the response holds {count} of {total} rows; ask for all rows in one response (limit) so that the period is complete",
    ),
    "ga4.many_ranges": (
        "meer dan één periode in één bestand; importeer één periode per bestand",
        "more than one date range in one file; import one date range per file",
    ),
    "ga4.relative_date": (
        "'{value}' is een relatieve datum; geef de periode als JJJJ-MM-DD",
        "'{value}' is a relative date; give the date range as YYYY-MM-DD",
    ),
    "ga4.bad_event": (
        "geen GA4-gebeurtenis: {field} ontbreekt of is ongeldig",
        "not a GA4 event: {field} is missing or not valid",
    ),
    "ga4.bad_event_shape": (
        "heeft niet de vorm van een GA4-gebeurtenis uit BigQuery: {reason}",
        "does not have the shape of a GA4 event from BigQuery: {reason}",
    ),
    "ga4.bad_parquet": ("geen leesbaar Parquet-bestand: {reason}", "not a readable Parquet file: {reason}"),
    "ga4.ignored_columns": (
        "niet bewaard: {columns} (percentages, gemiddelden zonder sessies, of statistieken waar Koers geen plaats voor heeft)",
        "not stored: {columns} (rates, averages without sessions, or metrics Koers has no place for)",
    ),
    "ga4.duplicate_events": (
        "{count} gebeurtenissen kwamen twee keer voor (zelfde gebruiker, moment en naam) en zijn één keer geteld",
        "{count} events occurred twice (same user, moment and name) and were counted once",
    ),
    "ga4.sampled": (
        "GA4 heeft dit rapport op een steekproef gebaseerd; de cijfers zijn schattingen",
        "GA4 based this report on a sample; the figures are estimates",
    ),
    "ga4.other_row": (
        "GA4 heeft zeldzame waarden samengevoegd in de rij (other)",
        "GA4 lumped rare values together in the row (other)",
    ),
}
