"""Messages of the SMART check and the focus ("number soup") warnings: ``key: (dutch, english)``.

Every verdict other than "pass" comes with a reason and a fix; the fixes are the keys under
``smart.fix.`` and ``focus.fix.``. Phrases that change with a calendar grain are spelled out per
grain (``smart.grain.<grain>.<form>``), because Dutch articles differ: *een hele maand*, but
*een heel kwartaal*.
"""

_GRAINS: dict[str, tuple[tuple[str, str], ...]] = {
    # grain: (name, whole, last, every, per)
    "day": (
        ("dag", "day"),
        ("een hele dag", "a whole day"),
        ("op de laatste dag", "on the last day"),
        ("elke dag", "every day"),
        ("per dag", "per day"),
    ),
    "week": (
        ("week", "week"),
        ("een hele week", "a whole week"),
        ("in de laatste week", "in the last week"),
        ("elke week", "every week"),
        ("per week", "per week"),
    ),
    "month": (
        ("maand", "month"),
        ("een hele maand", "a whole month"),
        ("in de laatste maand", "in the last month"),
        ("elke maand", "every month"),
        ("per maand", "per month"),
    ),
    "quarter": (
        ("kwartaal", "quarter"),
        ("een heel kwartaal", "a whole quarter"),
        ("in het laatste kwartaal", "in the last quarter"),
        ("elk kwartaal", "every quarter"),
        ("per kwartaal", "per quarter"),
    ),
    "year": (
        ("jaar", "year"),
        ("een heel jaar", "a whole year"),
        ("in het laatste jaar", "in the last year"),
        ("elk jaar", "every year"),
        ("per jaar", "per year"),
    ),
}

_MONTHS = (
    ("januari", "January"),
    ("februari", "February"),
    ("maart", "March"),
    ("april", "April"),
    ("mei", "May"),
    ("juni", "June"),
    ("juli", "July"),
    ("augustus", "August"),
    ("september", "September"),
    ("oktober", "October"),
    ("november", "November"),
    ("december", "December"),
)

MESSAGES: dict[str, tuple[str, str]] = {
    # --- names ------------------------------------------------------------------------------
    "smart.letter.S": ("Specifiek", "Specific"),
    "smart.letter.M": ("Meetbaar", "Measurable"),
    "smart.letter.A": ("Acceptabel", "Acceptable"),
    "smart.letter.R": ("Realistisch", "Realistic"),
    "smart.letter.T": ("Tijdsgebonden", "Time-bound"),
    "smart.verdict.pass": ("voldoet", "pass"),
    "smart.verdict.fail": ("voldoet niet", "fail"),
    "smart.verdict.unknown": ("onbekend", "unknown"),
    "smart.unit.count": ("aantal", "count"),
    "smart.unit.percent": ("percentage", "percentage"),
    "smart.unit.money": ("geldbedrag", "amount of money"),
    "smart.unit.seconds": ("seconden", "seconds"),
    "smart.unit.score": ("score", "score"),
    "smart.unit.multiple": ("veelvoud", "multiple"),
    "smart.source.web": (
        "webanalyse (zoals Google Analytics of Matomo)",
        "web analytics (such as Google Analytics or Matomo)",
    ),
    "smart.source.ads": (
        "advertentieplatform (zoals Google Ads of Meta Ads)",
        "ad platform (such as Google Ads or Meta Ads)",
    ),
    "smart.source.crm": ("CRM (zoals HubSpot of Salesforce)", "CRM (such as HubSpot or Salesforce)"),
    "smart.source.email": ("e-mailmarketing (zoals Mailchimp)", "email marketing (such as Mailchimp)"),
    "smart.source.sales": (
        "verkoopcijfers (webwinkel of boekhouding)",
        "sales figures (web shop or accounting)",
    ),
    "smart.source.survey": ("enquêtetool", "survey tool"),
    "smart.source.custom": ("eigen bron (CSV-import)", "custom source (CSV import)"),
    # --- how a KPI reads (Specific, pass) ----------------------------------------------------
    "smart.direction.at_least": ("minstens {target}", "at least {target}"),
    "smart.direction.at_most": ("maximaal {target}", "at most {target}"),
    "smart.direction.between": ("tussen {target} en {upper}", "between {target} and {upper}"),
    "smart.aggregation.total": ("opgeteld over de periode", "in total over the period"),
    "smart.aggregation.ratio": ("berekend over de hele periode", "computed over the whole period"),
    "smart.aggregation.cumulative": (
        "opgeteld tot het einde van de periode",
        "cumulative by the end of the period",
    ),
    "smart.aggregation.each_mean": ("gemiddeld {per}", "on average {per}"),
    "smart.specific.pass": ("{metric}: {direction}, {aggregation}.", "{metric}: {direction}, {aggregation}."),
    "smart.specific.pass_segment": (
        "{metric} voor {segment}: {direction}, {aggregation}.",
        "{metric} for {segment}: {direction}, {aggregation}.",
    ),
    # --- Specific, fail ----------------------------------------------------------------------
    "smart.specific.unknown_metric": (
        "{metric} staat niet in de metriekcatalogus.",
        "{metric} is not in the metric catalog.",
    ),
    "smart.specific.target_not_number": (
        "Het doel {target} is geen getal.",
        "The target {target} is not a number.",
    ),
    "smart.specific.between_no_upper": (
        "'Tussen' heeft twee grenzen nodig, maar de bovengrens ontbreekt.",
        "'Between' needs two bounds, but the upper bound is missing.",
    ),
    "smart.specific.no_subperiod": (
        "Met de aggregatie {aggregation} is een deelperiode nodig (maand, week...), maar die ontbreekt.",
        "The aggregation {aggregation} needs a sub-period (month, week...), but none is given.",
    ),
    "smart.specific.unit_mismatch": (
        "De eenheid van de KPI ({unit}) past niet bij {metric} ({metric_unit}).",
        "The KPI's unit ({unit}) does not fit {metric} ({metric_unit}).",
    ),
    "smart.specific.percent_range": (
        "{metric} is een percentage, opgeslagen als fractie tussen 0 en 1; {target} valt daarbuiten.",
        "{metric} is a percentage, stored as a fraction between 0 and 1; {target} is outside that range.",
    ),
    "smart.specific.negative": (
        "{metric} kan niet negatief zijn, maar het doel is {target}.",
        "{metric} cannot be negative, but the target is {target}.",
    ),
    "smart.specific.score_range": (
        "{metric} loopt van −100 tot 100; {target} valt daarbuiten.",
        "{metric} runs from −100 to 100; {target} is outside that range.",
    ),
    "smart.specific.unknown_phase": (
        "Fase {phase} hoort niet bij het klantreismodel {journey}.",
        "Phase {phase} is not part of the journey model {journey}.",
    ),
    "smart.fix.unknown_metric_close": (
        "Kies een metriek uit de catalogus; bedoel je {suggestions}?",
        "Choose a metric from the catalog; did you mean {suggestions}?",
    ),
    "smart.fix.unknown_metric": (
        "Kies een metriek uit de catalogus, bijvoorbeeld {examples} (zie 'koers metrics').",
        "Choose a metric from the catalog, for example {examples} (see 'koers metrics').",
    ),
    "smart.fix.target_number": (
        "Geef een getal als doel, bijvoorbeeld 2000.",
        "Give a number as the target, for example 2000.",
    ),
    "smart.fix.between_upper": (
        "Vul ook de bovengrens in (target_upper), of kies 'minstens' of 'maximaal'.",
        "Fill in the upper bound too (target_upper), or choose 'at least' or 'at most'.",
    ),
    "smart.fix.subperiod": (
        "Kies een deelperiode, bijvoorbeeld subperiod: month.",
        "Choose a sub-period, for example subperiod: month.",
    ),
    "smart.fix.unit": (
        "Laat de eenheid weg of zet hem op {metric_unit}.",
        "Leave the unit out or set it to {metric_unit}.",
    ),
    "smart.fix.percent_as_fraction": (
        "Een percentage wordt als fractie opgeslagen: schrijf {percent}% als {fraction}.",
        "A percentage is stored as a fraction: write {percent}% as {fraction}.",
    ),
    "smart.fix.percent_range": (
        "Kies een doel tussen 0% en 100%, geschreven als fractie tussen 0 en 1 (40% is 0.4).",
        "Choose a target between 0% and 100%, written as a fraction between 0 and 1 (40% is 0.4).",
    ),
    "smart.fix.not_negative": ("Kies een doel van 0 of meer.", "Choose a target of 0 or more."),
    "smart.fix.score_range": ("Kies een doel tussen −100 en 100.", "Choose a target between −100 and 100."),
    "smart.fix.phase": ("Kies een van de fases: {phases}.", "Choose one of the phases: {phases}."),
    # --- Measurable --------------------------------------------------------------------------
    "smart.measurable.pass": ("Er zijn gegevens voor {metric}.", "Data for {metric} is present."),
    "smart.measurable.pass_inputs": (
        "{metric} wordt berekend uit {inputs}; voor elk daarvan zijn gegevens aanwezig.",
        "{metric} is computed from {inputs}; data is present for each of them.",
    ),
    "smart.measurable.unknown_metric": (
        "{metric} staat niet in de catalogus, dus Koers weet niet waaruit het te berekenen is.",
        "{metric} is not in the catalog, so Koers does not know what to compute it from.",
    ),
    "smart.measurable.no_source": (
        "Er is nog geen gegevensbron gekoppeld.",
        "No data source is connected yet.",
    ),
    "smart.measurable.no_data": (
        "Er zijn nog geen gegevens voor {missing}.",
        "There is no data yet for {missing}.",
    ),
    "smart.fix.connect_source": (
        "Importeer een export of koppel een bron: {sources}.",
        "Import an export or connect a source: {sources}.",
    ),
    "smart.fix.import_data": (
        "Koppel een bron of importeer een export met {missing}: {sources}.",
        "Connect a source or import an export with {missing}: {sources}.",
    ),
    # --- Acceptable --------------------------------------------------------------------------
    "smart.acceptable.pass": ("Geaccepteerd door {by} op {on}.", "Accepted by {by} on {on}."),
    "smart.acceptable.fail": (
        "Niemand heeft deze KPI nog geaccepteerd.",
        "Nobody has accepted this KPI yet.",
    ),
    "smart.fix.accept": (
        "Leg vast wie de KPI heeft geaccepteerd en wanneer (accepted: by, on), "
        "bijvoorbeeld de marketingmanager of de directie.",
        "Record who accepted the KPI and when (accepted: by, on), "
        "for example the marketing manager or management.",
    ),
    # --- Realistic ---------------------------------------------------------------------------
    "smart.realistic.pass": (
        "Van {current} naar {target} vraagt {needed} in {span}; "
        "in {before} was het verloop {seen} (van {earlier} naar {latest}).",
        "From {current} to {target} needs {needed} in {span}; "
        "{before} saw {seen} (from {earlier} to {latest}).",
    ),
    "smart.realistic.fail": (
        "Van {current} naar {target} vraagt {needed} in {span}, "
        "terwijl het verloop in {before} {seen} was (van {earlier} naar {latest}).",
        "From {current} to {target} needs {needed} in {span}, "
        "while {before} saw {seen} (from {earlier} to {latest}).",
    ),
    "smart.realistic.met": (
        "Het huidige niveau {current} haalt het doel {target} al.",
        "The current level {current} already meets the target {target}.",
    ),
    "smart.realistic.no_history": (
        "Er is nog geen verloop van {metric} om het doel mee te vergelijken.",
        "There is no history of {metric} yet to compare the target with.",
    ),
    "smart.realistic.no_history_baseline": (
        "Van {current} naar {target} vraagt {needed} in {span}, "
        "maar er is nog geen verloop van {metric} om dat mee te vergelijken.",
        "From {current} to {target} needs {needed} in {span}, "
        "but there is no history of {metric} yet to compare that with.",
    ),
    "smart.realistic.short_history": (
        "Om {span} groei te vergelijken zijn maandcijfers van {metric} nodig van {first} t/m {last}; "
        "ontbrekend: {gap}, vanaf {first_missing}.",
        "Comparing {span} of growth needs monthly figures of {metric} from {first} to {last}; "
        "{gap} missing, starting at {first_missing}.",
    ),
    "smart.realistic.non_additive": (
        "{metric} is niet optelbaar (unieke aantallen), dus maandcijfers geven het niveau over {span} niet.",
        "{metric} cannot be added up (distinct counts), so monthly figures do not give its level "
        "over {span}.",
    ),
    "smart.realistic.unknown_metric": (
        "Zonder bekende metriek kan Koers niet beoordelen of het doel haalbaar is.",
        "Without a known metric Koers cannot judge whether the target is realistic.",
    ),
    "smart.realistic.no_period": (
        "Zonder periode is niet te zeggen hoeveel tijd er is om het doel te halen.",
        "Without a period there is no telling how much time there is to reach the target.",
    ),
    "smart.fix.realistic_target": (
        "Kies een doel dat past bij het verloop tot nu toe, zo'n {suggested}, of plan extra acties "
        "(budget, campagnes) die het verschil verklaren.",
        "Choose a target in line with the trend so far, around {suggested}, or plan extra actions "
        "(budget, campaigns) that explain the difference.",
    ),
    "smart.fix.import_history": (
        "Importeer de maandcijfers van {metric} vanaf {first} (minstens {count} maanden), "
        "via een export of een gekoppelde bron.",
        "Import the monthly figures of {metric} from {first} onward (at least {count} months), "
        "from an export or a connected source.",
    ),
    "smart.fix.import_missing_history": (
        "Importeer de ontbrekende maandcijfers van {metric} vanaf {first}.",
        "Import the missing monthly figures of {metric} from {first} onward.",
    ),
    "smart.fix.non_additive": (
        "Vergelijk het doel zelf met dezelfde periode in eerdere jaren, of maak er een KPI per maand "
        "van (aggregation: last_subperiod of each_subperiod, subperiod: month).",
        "Compare the target yourself with the same period in earlier years, or make it a per-month "
        "KPI (aggregation: last_subperiod or each_subperiod, subperiod: month).",
    ),
    "smart.fix.period": ("Geef de KPI een begin en een eind.", "Give the KPI a start and an end."),
    "smart.change.up": ("+{value}", "+{value}"),
    "smart.change.down": ("−{value}", "−{value}"),
    "smart.span.one": ("1 maand", "1 month"),
    "smart.span.many": ("{n} maanden", "{n} months"),
    "smart.before.one": ("de maand daarvoor", "the month before"),
    "smart.before.many": ("de {n} maanden daarvoor", "the {n} months before"),
    "smart.per_month": ("{value} per maand", "{value} per month"),
    # --- Time-bound --------------------------------------------------------------------------
    "smart.time.pass": ("Loopt van {start} t/m {last_day}.", "Runs from {start} to {last_day}."),
    "smart.time.pass_over": (
        "Liep van {start} t/m {last_day}; die periode is voorbij.",
        "Ran from {start} to {last_day}; that period is over.",
    ),
    "smart.time.no_period": (
        "De KPI heeft geen periode: er staat geen begin en eind bij.",
        "The KPI has no period: it has no start and no end.",
    ),
    "smart.time.no_whole_subperiod": (
        "De periode van {start} t/m {last_day} bevat niet eens {whole}.",
        "The period from {start} to {last_day} does not hold {whole}.",
    ),
    "smart.time.partial_last": (
        "De periode eindigt op {last_day}, halverwege een {name}; "
        "de waarde van die laatste deelperiode is niet compleet.",
        "The period ends on {last_day}, partway through a {name}; "
        "the value of that last sub-period is incomplete.",
    ),
    "smart.fix.time_period": (
        "Geef een begin en een eind, bijvoorbeeld een kwartaal: van 1 januari t/m 31 maart.",
        "Give a start and an end, for example a quarter: from 1 January to 31 March.",
    ),
    "smart.fix.time_whole_subperiod": (
        "Laat de periode minstens {whole} beslaan, of kies een kleinere deelperiode.",
        "Let the period cover at least {whole}, or choose a smaller sub-period.",
    ),
    "smart.fix.time_partial_last": (
        "Laat de periode eindigen op {suggested}, het einde van de laatste complete deelperiode.",
        "Let the period end on {suggested}, the end of the last whole sub-period.",
    ),
    # --- Focus ("cijferbrij", number soup) ---------------------------------------------------
    "focus.kpi_without_goal": ("KPI {kpi} hoort bij geen enkel doel.", "KPI {kpi} belongs to no goal."),
    "focus.too_many_on_goal": (
        "Doel {goal} heeft {count} KPI's; meer dan {max} wordt cijferbrij.",
        "Goal {goal} has {count} KPIs; more than {max} turns into number soup.",
    ),
    "focus.too_many": (
        "De werkruimte heeft {count} KPI's; meer dan {max} is te veel om op te sturen.",
        "The workspace has {count} KPIs; more than {max} is too many to steer on.",
    ),
    "focus.untied_metric": (
        "{metric} wordt bijgehouden, maar geen KPI van een doel gebruikt het.",
        "{metric} is tracked, but no KPI of any goal uses it.",
    ),
    "focus.goal_without_kpis": (
        "Doel {goal} heeft geen KPI, dus niemand kan zien of het gehaald wordt.",
        "Goal {goal} has no KPI, so nobody can tell whether it is reached.",
    ),
    "focus.duplicate_kpi": (
        "KPI {kpi} meet hetzelfde als {other} (zelfde metriek, segment, periode en aggregatie).",
        "KPI {kpi} measures the same as {other} (same metric, segment, period and aggregation).",
    ),
    "focus.phase_without_kpi": (
        "Fase {phase} van {journey} heeft geen KPI.",
        "Phase {phase} of {journey} has no KPI.",
    ),
    "focus.fix.kpi_without_goal": (
        "Zet de KPI onder het doel dat hij meet, of schrap hem.",
        "Move the KPI under the goal it measures, or drop it.",
    ),
    "focus.fix.too_many_on_goal": (
        "Houd de {max} KPI's die er echt toe doen en volg de rest als gewone metriek.",
        "Keep the {max} KPIs that matter most and follow the rest as plain metrics.",
    ),
    "focus.fix.too_many": (
        "Kies per doel de KPI's die echt key zijn en schrap of archiveer de rest.",
        "Pick the KPIs per goal that are truly key, and drop or archive the rest.",
    ),
    "focus.fix.untied_metric": (
        "Maak er een KPI van onder een doel, of stop met bijhouden.",
        "Make it a KPI under a goal, or stop tracking it.",
    ),
    "focus.fix.goal_without_kpis": (
        "Geef het doel minstens één KPI die meet of het gehaald wordt.",
        "Give the goal at least one KPI that measures whether it is reached.",
    ),
    "focus.fix.duplicate_kpi": ("Voeg ze samen of schrap er één.", "Merge them or drop one."),
    "focus.fix.phase_without_kpi": (
        "Kies een KPI voor deze fase, bijvoorbeeld met {examples}.",
        "Choose a KPI for this phase, for example with {examples}.",
    ),
    "focus.fix.phase_without_kpi_plain": (
        "Kies een KPI voor deze fase, of kies een klantreismodel zonder deze fase.",
        "Choose a KPI for this phase, or choose a journey model without it.",
    ),
}

for _grain, (_name, _whole, _last, _every, _per) in _GRAINS.items():
    MESSAGES[f"smart.grain.{_grain}.name"] = _name
    MESSAGES[f"smart.grain.{_grain}.whole"] = _whole
    MESSAGES[f"smart.grain.{_grain}.last"] = _last
    MESSAGES[f"smart.grain.{_grain}.every"] = _every
    MESSAGES[f"smart.grain.{_grain}.per"] = _per

for _number, (_nl, _en) in enumerate(_MONTHS, start=1):
    # the year is passed as text: as a number Babel would group it ("2.023")
    MESSAGES[f"smart.month.{_number}"] = (f"{_nl} {{year}}", f"{_en} {{year}}")
