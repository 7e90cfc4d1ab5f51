"""Messages of the metric engine: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "engine.unknown_metric": (
        "onbekende metriek {metric} (zie 'koers metrics')",
        "unknown metric {metric} (see 'koers metrics')",
    ),
    "engine.unknown_dimension": (
        "onbekende dimensie {dimension}; bekend zijn: {known}",
        "unknown dimension {dimension}; known are: {known}",
    ),
    "engine.not_started": ("De periode begint pas op {start}.", "The period only starts on {start}."),
    "engine.no_dimension": (
        "{metric} is niet op te splitsen of te filteren naar {dims} met de gegevens die er zijn.",
        "{metric} cannot be broken down or filtered by {dims} with the data there is.",
    ),
    "engine.not_exact": (
        "{metric} is niet optelbaar: over meer dan een dag is het alleen exact uit ruwe events of uit een "
        "rapport voor precies deze periode; importeer de GA4 BigQuery-export of een export voor dit bereik.",
        "{metric} is not additive: over more than a day it is only exact from raw events or from a report "
        "for exactly this range; import the GA4 BigQuery export or an export for this range.",
    ),
    "engine.no_data": (
        "Geen gegevens voor {metric} van {start} t/m {last_day}.",
        "No data for {metric} from {start} to {last_day}.",
    ),
    "engine.partial": (
        "{metric}: de gegevens lopen alleen van {first} t/m {last}.",
        "{metric}: the data only runs from {first} to {last}.",
    ),
    "engine.binding_note": ("{metric}: {note}", "{metric}: {note}"),
    "engine.no_report_shape": (
        "Geen rapport dat is uitgesplitst naar {dims}.",
        "No report broken down by {dims}.",
    ),
    "engine.no_range_report": (
        "Geen rapport voor precies {start} t/m {last_day}.",
        "No report for exactly {start} to {last_day}.",
    ),
    "engine.no_range_reports": (
        "Voor {count} van de {total} deelperiodes is er geen rapport voor precies die periode.",
        "For {count} of the {total} sub-periods there is no report for exactly that range.",
    ),
    "actual.no_period": (
        "De KPI heeft geen periode: geef een begin- en einddatum.",
        "The KPI has no period: give a start and an end date.",
    ),
    "actual.gap": (
        "Niet elke afgeronde deelperiode heeft gegevens, dus of elke deelperiode het doel haalt is onbekend.",
        "Not every complete sub-period has data, so whether each one meets the target is unknown.",
    ),
}
