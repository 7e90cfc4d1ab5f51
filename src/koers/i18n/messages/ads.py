"""Messages of the ad platform and Matomo importers: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ads.no_total_row": (
        "de totaalregel waarmee een Google Ads-export eindigt ontbreekt: het bestand lijkt afgebroken; exporteer het opnieuw",
        "the total row a Google Ads export ends with is missing: the file looks cut off; export it again",
    ),
    "ads.row_spans_days": (
        "deze regel beslaat {start} tot en met {end}, en is niet in dagen te splitsen; exporteer met een uitsplitsing per dag (Uitsplitsing > Op tijd > Dag)",
        "this row covers {start} to {end}, which cannot be split into days; export with a breakdown by day (Breakdown > By time > Day)",
    ),
    "ads.end_before_start": (
        "de einddatum {end} ligt voor de begindatum {start}",
        "the end date {end} is before the start date {start}",
    ),
    "matomo.api_error": (
        "Matomo gaf een foutmelding in plaats van gegevens: {message}",
        "Matomo answered with an error instead of data: {message}",
    ),
    "matomo.unknown_shape": (
        "dit is geen antwoord van VisitsSummary.get, Referrers.getReferrerType of Goals.get dat Koers herkent",
        "this is not a response of VisitsSummary.get, Referrers.getReferrerType or Goals.get that Koers recognises",
    ),
    "matomo.unsupported_method": (
        "de Matomo-methode {method} wordt (nog) niet ingelezen; wel: {methods}",
        "the Matomo method {method} cannot be imported (yet); these can: {methods}",
    ),
    "matomo.method_needed": (
        "uit het bestand blijkt niet welke Matomo-rapportage het is (elke periode is leeg); geef de methode op met de optie method, bijvoorbeeld method=VisitsSummary.get",
        "the file does not show which Matomo report it is (every period is empty); give the method with the option method, for example method=VisitsSummary.get",
    ),
    "matomo.range_needed": (
        'dit antwoord beslaat één periode zonder te zeggen welke; geef de opties period en date (bijvoorbeeld period=range, date=2024-03-01,2024-03-31) of verpak het als {{"period": ..., "date": ..., "data": ...}}',
        'this response covers one period without saying which; give the options period and date (for example period=range, date=2024-03-01,2024-03-31) or wrap it as {{"period": ..., "date": ..., "data": ...}}',
    ),
    "matomo.bad_period": (
        "'{value}' is geen periode die Koers kent (zoals 2024-03-01, 2024-03-01,2024-03-31, 2024-03 of 2024)",
        "'{value}' is not a period Koers knows (such as 2024-03-01, 2024-03-01,2024-03-31, 2024-03 or 2024)",
    ),
    "matomo.bad_row": (
        "verwacht een rij met een label, gevonden: {value}",
        "expected a row with a label, found: {value}",
    ),
}
