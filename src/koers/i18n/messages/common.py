"""Messages shared by every area: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "common.at_least": ("minimaal {value}", "at least {value}"),
    "common.at_most": ("maximaal {value}", "at most {value}"),
    "common.between": ("tussen {low} en {high}", "between {low} and {high}"),
    "common.period": ("{start} t/m {last_day}", "{start} to {last_day}"),
    "common.aggregation.total": ("totaal over de periode", "total over the period"),
    "common.aggregation.ratio": ("ratio over de hele periode", "ratio over the whole period"),
    "common.aggregation.last_subperiod": ("waarde van de laatste {grain}", "value of the last {grain}"),
    "common.aggregation.each_subperiod": ("elke {grain}", "every {grain}"),
    "common.aggregation.each_subperiod_mean": ("gemiddeld per {grain}", "on average per {grain}"),
    "common.aggregation.cumulative": ("opgeteld tot de einddatum", "cumulative up to the end date"),
    "common.grain.day": ("dag", "day"),
    "common.grain.week": ("week", "week"),
    "common.grain.month": ("maand", "month"),
    "common.grain.quarter": ("kwartaal", "quarter"),
    "common.grain.year": ("jaar", "year"),
}
