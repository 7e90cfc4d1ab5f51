"""Messages of the KPI sentence parser: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "parse.empty": ("De zin is leeg.", "The sentence is empty."),
    "parse.no_number": (
        "Geen doelgetal gevonden: noem het getal dat de KPI moet halen, zoals '2.000 nieuwe bezoekers'.",
        "No target number found: name the number the KPI must reach, such as '2,000 new visitors'.",
    ),
    "parse.bad_number": ("{number} is geen getal.", "{number} is not a number."),
    "parse.no_metric": (
        "Geen metriek herkend: noem wat je meet, zoals bezoekers, leads, omzet of kosten per lead "
        "('koers metrics' toont ze allemaal).",
        "No metric recognised: name what you measure, such as visitors, leads, revenue or cost per lead "
        "('koers metrics' lists them all).",
    ),
    "parse.relative_target": (
        "Een groei in procenten ('10% meer') is geen doelgetal: schrijf het getal zelf, "
        "zoals '2.200 bezoekers'.",
        "A growth in percent ('10% more') is not a target: write the number itself, such as '2,200 visitors'.",
    ),
    "parse.percent_of_count": (
        "Een percentage van {metric} is geen bekende metriek: noem een ratio, zoals CTR of conversie.",
        "A percentage of {metric} is not a known metric: name a ratio, such as CTR or conversion rate.",
    ),
    "parse.between_order": (
        "Bij 'tussen' moet het eerste getal kleiner zijn dan het tweede.",
        "With 'between' the first number must be the smaller one.",
    ),
    "parse.end_before_start": (
        "De periode eindigt ({end}) voor ze begint ({start}).",
        "The period ends ({end}) before it starts ({start}).",
    ),
    "parse.assumed_percent": ("Gelezen als percentage: {value}.", "Read as a percentage: {value}."),
    "parse.assumed_currency": ("Bedrag gelezen in {currency}.", "Amount read in {currency}."),
    "parse.assumed_at_most": (
        "Geen richting genoemd: maximaal aangenomen (lager is beter voor deze metriek).",
        "No direction given: at most assumed (lower is better for this metric).",
    ),
    "parse.assumed_start": (
        "Geen begindatum genoemd: geteld vanaf {start}.",
        "No start date given: counted from {start}.",
    ),
    "parse.assumed_this_year": (
        "Geen periode genoemd: aangenomen van {start} tot en met {last_day}.",
        "No period given: assumed from {start} through {last_day}.",
    ),
    "parse.no_end": (
        "Alleen een begindatum ({start}) genoemd: geef ook een einddatum.",
        "Only a start date ({start}) given: give an end date too.",
    ),
    "parse.until_excludes": (
        "'tot' telt de einddatum niet mee: de laatste dag is {last_day}.",
        "'to' and 'until' exclude the end date: the last day is {last_day}.",
    ),
    "parse.at_excludes": (
        "Stand op {day}: geteld tot en met {last_day}.",
        "Standing on {day}: counted through {last_day}.",
    ),
    "parse.rounded": ("Doel afgerond op {value}.", "Target rounded to {value}."),
    "parse.ignored_remark": (
        "Opmerking tussen haakjes niet gebruikt: '{remark}'.",
        "Remark in brackets not used: '{remark}'.",
    ),
}
