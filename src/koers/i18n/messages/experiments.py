"""Messages of A/B tests and benchmarks: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- A/B tests: verdicts and the rules behind them ----------------------------------------
    "abtest.verdict.winner": ("winnaar", "winner"),
    "abtest.verdict.loser": ("verliezer", "loser"),
    "abtest.verdict.keep_running": ("nog geen verschil: laat doorlopen", "no difference yet: keep running"),
    "abtest.verdict.no_difference": ("geen verschil", "no difference"),
    "abtest.rule.winner": (
        "Winnaar: het verschil is significant (p-waarde onder 1 − betrouwbaarheid) en het hele betrouwbaarheidsinterval van de uplift ligt boven 0.",
        "Winner: the difference is significant (p-value below 1 − confidence) and the uplift's whole confidence interval lies above 0.",
    ),
    "abtest.rule.loser": (
        "Verliezer: het verschil is significant en het hele betrouwbaarheidsinterval van de uplift ligt onder 0.",
        "Loser: the difference is significant and the uplift's whole confidence interval lies below 0.",
    ),
    "abtest.rule.keep_running": (
        "Nog geen verschil, laat doorlopen: niet significant, en nog niet elke variant heeft de steekproef die nodig is om het minimale effect te vinden (of die is nog niet te bepalen, of er zijn minder dan 5 verwachte conversies per variant).",
        "No difference yet, keep running: not significant, and not every variant has the sample needed to find the minimum effect yet (or that cannot be told yet, or there are fewer than 5 expected conversions per variant).",
    ),
    "abtest.rule.no_difference": (
        "Geen verschil: niet significant, terwijl elke variant de steekproef heeft om het minimale effect te vinden; een effect van die omvang is er waarschijnlijk niet.",
        "No difference: not significant although every variant has the sample to find the minimum effect; an effect of that size is most likely not there.",
    ),
    # --- A/B tests: input that cannot be analysed ------------------------------------------------
    "abtest.unequal_lengths": (
        "geef voor elke variant bezoekers en conversies: nu {visitors} aantallen bezoekers en {conversions} aantallen conversies",
        "give visitors and conversions for every variant: now {visitors} visitor counts and {conversions} conversion counts",
    ),
    "abtest.too_few_variants": (
        "een A/B-test heeft minstens twee varianten nodig (de controle eerst), niet {count}",
        "an A/B test needs at least two variants (the control first), not {count}",
    ),
    "abtest.no_visitors": (
        "variant {variant} heeft nog geen bezoekers",
        "variant {variant} has no visitors yet",
    ),
    "abtest.negative": (
        "variant {variant}: {value} conversies kan niet; het aantal moet 0 of meer zijn",
        "variant {variant}: {value} conversions cannot be; the number must be 0 or more",
    ),
    "abtest.conversions_above_visitors": (
        "variant {variant} heeft meer conversies ({conversions}) dan bezoekers ({visitors})",
        "variant {variant} has more conversions ({conversions}) than visitors ({visitors})",
    ),
    "abtest.bad_minimum_effect": (
        "het minimale effect {value} moet boven 0% en onder 100% liggen (een relatieve uplift, zoals 10%)",
        "the minimum effect {value} must be above 0% and below 100% (a relative uplift, such as 10%)",
    ),
    "abtest.bad_confidence": (
        "de betrouwbaarheid {value} moet boven 0% en onder 100% liggen, zoals 95%",
        "the confidence {value} must be above 0% and below 100%, such as 95%",
    ),
    # --- A/B tests: notes on a result -----------------------------------------------------------
    "abtest.note.small_sample": (
        "Te weinig gegevens voor een betrouwbare toets: minder dan {minimum} verwachte conversies (of niet-conversies) in een variant.",
        "Too little data for a reliable test: fewer than {minimum} expected conversions (or non-conversions) in a variant.",
    ),
    "abtest.note.no_baseline": (
        "De controle heeft nog geen conversies: de steekproef voor een effect van {effect} is nog niet te bepalen.",
        "The control has no conversions yet: the sample for an effect of {effect} cannot be told yet.",
    ),
    "abtest.note.effect_too_large": (
        "Een uplift van {effect} op de conversie van de controle komt boven 100%: kies een kleiner minimaal effect.",
        "An uplift of {effect} on the control's rate goes beyond 100%: choose a smaller minimum effect.",
    ),
    "abtest.note.early": (
        "Beslist voor de geplande steekproef van {size} per variant: wie een lopende test vaak bekijkt en bij het eerste significante resultaat stopt, vindt vaker een schijnwinnaar.",
        "Decided before the planned sample of {size} per variant: looking at a running test often and stopping at the first significant result finds more false winners.",
    ),
    "abtest.note.control_zero": (
        "De controle heeft geen conversies: de relatieve uplift is niet te berekenen (het interval is wel bepaald, met 0,5 opgeteld bij elke telling).",
        "The control has no conversions: the relative uplift cannot be computed (the interval is, with 0.5 added to each count).",
    ),
    # --- A/B tests: the command line --------------------------------------------------------------
    "abtest.cli.bad_list": (
        "{option} {value}: geef hele getallen van 0 of meer, gescheiden door komma's, zoals 1000,1000",
        "{option} {value}: give whole numbers of 0 or more separated by commas, such as 1000,1000",
    ),
    "abtest.cli.bad_percent": (
        "{option} {value}: geef een percentage, zoals 10% of 0,1",
        "{option} {value}: give a percentage, such as 10% or 0.1",
    ),
    "abtest.cli.needs_figures": (
        "geef --visitors en --conversions (per variant, de controle eerst), of --experiment met de id van een test in de werkruimte",
        "give --visitors and --conversions (per variant, the control first), or --experiment with the id of a test in the workspace",
    ),
    "abtest.cli.not_both": (
        "geef --experiment of --visitors en --conversions, niet allebei",
        "give --experiment or --visitors and --conversions, not both",
    ),
    "abtest.cli.unknown_experiment": (
        "de werkruimte heeft geen test {id}; die heeft: {known}",
        "the workspace has no test {id}; it has: {known}",
    ),
    "abtest.cli.title": ("A/B-test", "A/B test"),
    "abtest.cli.variant": ("Variant", "Variant"),
    "abtest.cli.visitors": ("Bezoekers", "Visitors"),
    "abtest.cli.conversions": ("Conversies", "Conversions"),
    "abtest.cli.rate": ("Conversie", "Rate"),
    "abtest.cli.uplift": ("Uplift", "Uplift"),
    "abtest.cli.interval": ("Interval", "Interval"),
    "abtest.cli.p_value": ("p-waarde", "p-value"),
    "abtest.cli.verdict": ("Oordeel", "Verdict"),
    "abtest.cli.control": ("{name} (controle)", "{name} (control)"),
    "abtest.cli.uplift_line": (
        "Uplift van {variant} op {control}: {uplift} ({confidence}-interval: {low} tot {high}); p-waarde {p_value}.",
        "Uplift of {variant} over {control}: {uplift} ({confidence} interval: {low} to {high}); p-value {p_value}.",
    ),
    "abtest.cli.sample_line": (
        "Om een uplift van {effect} te vinden (80% onderscheidend vermogen) zijn {size} bezoekers per variant nodig; nog {needed} te gaan.",
        "To find an uplift of {effect} (80% power) each variant needs {size} visitors; {needed} still to go.",
    ),
    "abtest.cli.sample_reached": (
        "Om een uplift van {effect} te vinden (80% onderscheidend vermogen) zijn {size} bezoekers per variant nodig: bereikt.",
        "To find an uplift of {effect} (80% power) each variant needs {size} visitors: reached.",
    ),
    "abtest.cli.sample_unknown": (
        "De benodigde steekproef voor een uplift van {effect} is nog niet te bepalen.",
        "The sample needed for an uplift of {effect} cannot be told yet.",
    ),
    "abtest.cli.verdict_line": ("Oordeel: {verdict}. {rule}", "Verdict: {verdict}. {rule}"),
    "abtest.cli.none": (
        "Deze werkruimte heeft nog geen A/B-tests.",
        "This workspace has no A/B tests yet.",
    ),
    "abtest.cli.id": ("Id", "Id"),
    "abtest.cli.name": ("Naam", "Name"),
    "abtest.cli.kpi": ("KPI", "KPI"),
    "abtest.cli.needed": ("Nog nodig", "Still needed"),
    # --- benchmarks ---------------------------------------------------------------------------------
    "bench.flag.below": ("onder de benchmark", "below the benchmark"),
    "bench.flag.within": ("binnen de benchmark", "within the benchmark"),
    "bench.flag.above": ("boven de benchmark", "above the benchmark"),
    "bench.flag.no_data": ("geen gegevens", "no data"),
    "bench.flag.not_comparable": ("niet vergelijkbaar", "not comparable"),
    "bench.better": ("beter", "better"),
    "bench.worse": ("slechter", "worse"),
    "bench.judged": ("{flag} ({meaning})", "{flag} ({meaning})"),
    "bench.no_metric": (
        "Koers heeft (nog) geen metriek met deze definitie.",
        "Koers has no metric with this definition (yet).",
    ),
    "bench.no_channel": (
        "Koers kan het kanaal {channel} niet afzonderlijk meten.",
        "Koers cannot measure the channel {channel} on its own.",
    ),
    "bench.other_currency": (
        "Bedragen in {currency}, de werkruimte rekent in {own}: niet omgerekend en niet vergeleken.",
        "Amounts in {currency}, the workspace counts in {own}: not converted and not compared.",
    ),
    "bench.no_value": ("Geen waarde in deze periode.", "No value in this period."),
    "bench.undated": ("datum niet vermeld", "date not stated"),
    "bench.directional": (
        "Benchmarks zijn een richting, geen norm: samenvattingen van hetzelfde onderzoek verschillen, en geen bron publiceert haar methode volledig. Bedragen in een andere munt worden niet omgerekend.",
        "Benchmarks give a direction, not a standard: summaries of the same study disagree, and no source publishes its method in full. Amounts in another currency are not converted.",
    ),
    "bench.cli.title": ("Benchmarks, {start} tot en met {last_day}", "Benchmarks, {start} to {last_day}"),
    "bench.cli.figure": ("Benchmark", "Benchmark"),
    "bench.cli.source": ("Bron", "Source"),
    "bench.cli.date": ("Datum", "Date"),
    "bench.cli.sample": ("Steekproef", "Sample"),
    "bench.cli.definition": ("Definitie", "Definition"),
    "bench.cli.range": ("Waarde", "Figure"),
    "bench.cli.yours": ("Uw waarde", "Your value"),
    "bench.cli.flag": ("Oordeel", "Flag"),
}
