"""Messages of monitoring: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "status.not_started": ("nog niet begonnen", "not started"),
    "status.on_track": ("op koers", "on track"),
    "status.at_risk": ("risico", "at risk"),
    "status.off_track": ("uit koers", "off track"),
    "status.achieved": ("gehaald", "achieved"),
    "status.missed": ("niet gehaald", "missed"),
    "status.no_data": ("geen gegevens", "no data"),
    "forecast.not_additive": (
        "voorspeld via de dagwaarden, geschaald naar de waarde tot nu toe: bij unieke aantallen (gebruikers) een benadering",
        "forecast from the daily values, scaled to the value so far: for distinct counts (users) an approximation",
    ),
    "forecast.cohort": (
        "een cohortratio: wie pas instroomde kan nog converteren; de voorspelling telt de conversies tot nu toe",
        "a cohort rate: contacts that entered recently may still convert; the forecast counts the conversions so far",
    ),
    "backtest.no_period": ("de KPI heeft geen periode", "the KPI has no period"),
    "backtest.not_additive": (
        "{metric} is niet per dag op te tellen: een waarde tot een eerdere dag is niet na te rekenen",
        "{metric} does not add up over days: its value up to a past day cannot be rebuilt",
    ),
    "backtest.no_daily": ("{metric} is niet per dag te lezen", "{metric} cannot be read per day"),
    "backtest.no_period_in_data": (
        "de gegevens bevatten geen volledige eerdere periode met genoeg voorgeschiedenis",
        "the data holds no complete past period with enough history before it",
    ),
    "status.reason.no_period": ("de KPI heeft geen periode", "the KPI has no period"),
    "status.reason.not_started": ("de periode begint op {start}", "the period starts on {start}"),
    "status.reason.no_data": (
        "nog geen waarde: geen gegevens voor deze periode",
        "no value yet: no data for this period",
    ),
    "status.reason.achieved": (
        "doel gehaald: {value} tegen een doel van {target}",
        "target met: {value} against a target of {target}",
    ),
    "status.reason.missed": (
        "doel niet gehaald: {value} tegen een doel van {target}",
        "target missed: {value} against a target of {target}",
    ),
    "status.reason.achieved_early": (
        "doel al gehaald voor het einde van de periode: {value} (doel {target})",
        "target already met before the period's end: {value} (target {target})",
    ),
    "status.reason.missed_early": (
        "al over het maximum van {target}: {value}",
        "already over the maximum of {target}: {value}",
    ),
    "status.reason.missed_subperiod": (
        "{start} t/m {last_day} haalde het doel niet: {value} (doel {target} in elke periode)",
        "{start} to {last_day} missed the target: {value} (target {target} in every period)",
    ),
    "status.reason.forecast": (
        "{probability} kans op het doel van {target}: verwacht {forecast} (80%: {low} – {high}); nu {value}",
        "{probability} chance of the target of {target}: expected {forecast} (80%: {low} – {high}); now {value}",
    ),
    "status.reason.forecast_ahead": (
        "{probability} kans op het doel van {target}: verwacht {forecast} (80%: {low} – {high}); nu {value}, voor op het schema van {expected}",
        "{probability} chance of the target of {target}: expected {forecast} (80%: {low} – {high}); now {value}, ahead of the pace of {expected}",
    ),
    "status.reason.forecast_behind": (
        "{probability} kans op het doel van {target}: verwacht {forecast} (80%: {low} – {high}); nu {value}, achter op het schema van {expected}",
        "{probability} chance of the target of {target}: expected {forecast} (80%: {low} – {high}); now {value}, behind the pace of {expected}",
    ),
    "status.reason.pace_ahead": (
        "{why}; {value} is op of voor het schema van {expected}",
        "{why}; {value} is at or ahead of the pace of {expected}",
    ),
    "status.reason.pace_behind": (
        "{why}; {value} is achter op het schema van {expected}",
        "{why}; {value} is behind the pace of {expected}",
    ),
    "status.reason.unknown": (
        "{why} en nog geen schema; nu {value} (doel {target})",
        "{why} and no pace yet; now {value} (target {target})",
    ),
    "status.reason.short_history": (
        "te weinig geschiedenis voor een voorspelling",
        "too little history for a forecast",
    ),
    "status.reason.not_daily": (
        "geen voorspelling: de metric is hier niet per dag te lezen",
        "no forecast: the metric cannot be read per day here",
    ),
    "status.cli.title": ("{name} op {day}", "{name} as of {day}"),
    "status.cli.kpi": ("KPI", "KPI"),
    "status.cli.target": ("Doel", "Target"),
    "status.cli.actual": ("Stand", "Actual"),
    "status.cli.expected": ("Schema", "Pace"),
    "status.cli.forecast": ("Verwacht (80%)", "Forecast (80%)"),
    "status.cli.probability": ("Kans", "Chance"),
    "status.cli.status": ("Status", "Status"),
    "status.cli.review": ("Volgende review", "Next review"),
    "status.cli.cadence.day": ("dagelijks", "daily"),
    "status.cli.cadence.week": ("wekelijks", "weekly"),
    "status.cli.cadence.month": ("maandelijks", "monthly"),
    "backtest.cli.title": ("Backtest van de voorspellingen", "Backtest of the forecasts"),
    "backtest.cli.summary": (
        "Het 80%-interval bevatte de uitkomst in {coverage} van {forecasts} voorspellingen; gemiddelde afwijking (MAPE) {mape}.",
        "The 80% interval held the outcome in {coverage} of {forecasts} forecasts; mean absolute percentage error {mape}.",
    ),
    "backtest.cli.none": ("Geen KPI om terug te testen.", "No KPI to backtest."),
    "backtest.cli.kpi": ("KPI", "KPI"),
    "backtest.cli.forecasts": ("Voorspellingen", "Forecasts"),
    "backtest.cli.coverage": ("In 80%-interval", "In 80% interval"),
    "backtest.cli.mape": ("MAPE", "MAPE"),
    "backtest.cli.skipped": ("{kpi}: niet getest, {reason}", "{kpi}: not tested, {reason}"),
}
