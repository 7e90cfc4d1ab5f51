"""Messages of diagnosis, steering and the action log: ``key: (dutch, english)``."""

_CAUSES: dict[str, tuple[str, str]] = {
    "low_time_on_site": ("de tijd op de website is kort", "time on site is short"),
    "low_engagement": ("bezoekers haken snel af", "visitors drop off quickly"),
    "low_ctr": ("de advertenties worden weinig aangeklikt", "the ads get few clicks"),
    "low_returning": ("te weinig bezoekers komen terug", "too few visitors come back"),
    "low_traffic": ("te weinig bezoekers", "too few visitors"),
    "low_reach": ("de campagne bereikt te weinig mensen", "the campaign reaches too few people"),
    "low_downloads": ("te weinig downloads", "too few downloads"),
    "low_conversion": ("te weinig bezoekers zetten de stap", "too few visitors take the step"),
    "low_leads": ("te weinig leads", "too few leads"),
    "low_signups": ("te weinig inschrijvingen", "too few sign-ups"),
    "low_sales": ("te weinig verkopen", "too few sales"),
    "low_loyalty": ("te weinig klanten kopen opnieuw", "too few customers buy again"),
    "high_cost": ("de kosten per resultaat zijn te hoog", "the cost per result is too high"),
    "low_satisfaction": ("klanten zijn minder tevreden", "customers are less satisfied"),
    "funnel_volume": ("te weinig instroom in {subject}", "too few entering {subject}"),
    "funnel_nurture": ("te weinig leads worden MQL ({subject})", "too few leads become MQLs ({subject})"),
    "funnel_qualification": (
        "te weinig MQL's worden SQL ({subject})",
        "too few MQLs become SQLs ({subject})",
    ),
    "funnel_follow_up": (
        "te weinig SQL's worden een opportunity ({subject})",
        "too few SQLs become opportunities ({subject})",
    ),
    "funnel_closing": (
        "te weinig offertes worden gewonnen ({subject})",
        "too few quotes are won ({subject})",
    ),
    "funnel_rate": ("de stap {subject} blijft achter bij het plan", "the step {subject} lags the plan"),
    "channel_lag": ("kanaal {subject} blijft achter", "channel {subject} lags"),
    "campaign_lag": ("campagne {subject} blijft achter", "campaign {subject} lags"),
    "landing_page_lag": ("landingspagina {subject} blijft achter", "landing page {subject} lags"),
    "device_lag": ("apparaat {subject} blijft achter", "device {subject} lags"),
    "mix_shift": (
        "de mix verschoof naar segmenten die slechter presteren",
        "the mix shifted toward weaker segments",
    ),
}

_SUGGESTIONS: dict[str, tuple[str, str]] = {
    "low_time_on_site.rewrite": (
        "Herschrijf de teksten, zodat mensen langer op de website blijven.",
        "Rewrite the texts, so that people stay on the website longer.",
    ),
    "low_time_on_site.pages": (
        "Zoek de pagina's waar bezoekers het snelst weggaan en maak de inhoud daar concreter: voorbeelden, beelden, tussenkopjes.",
        "Find the pages visitors leave soonest and make their content more concrete there: examples, pictures, subheadings.",
    ),
    "low_engagement.relevance": (
        "Laat de landingspagina's aansluiten op de advertentie of zoekterm waarmee bezoekers binnenkomen.",
        "Make the landing pages match the ad or search term visitors arrive with.",
    ),
    "low_engagement.speed": (
        "Controleer de laadtijd en de weergave op mobiel: een trage pagina verliest bezoekers.",
        "Check loading time and how pages look on mobile: a slow page loses visitors.",
    ),
    "low_ctr.copy": (
        "Test nieuwe advertentieteksten tegen de huidige en houd de winnaar (test en meet).",
        "Test new ad copy against the current one and keep the winner (test and measure).",
    ),
    "low_ctr.targeting": (
        "Scherp zoekwoorden en doelgroep aan, zodat de advertentie verschijnt bij wie er iets mee wil.",
        "Sharpen keywords and audience, so the ad shows to people who want what it offers.",
    ),
    "low_returning.newsletter": (
        "Zet de nieuwsbrief in om bezoekers terug te halen, met een vaste reden om te klikken.",
        "Use the newsletter to bring visitors back, with a regular reason to click.",
    ),
    "low_returning.remarketing": (
        "Start een remarketingcampagne voor wie de website al eens bezocht.",
        "Start a remarketing campaign for people who visited the website before.",
    ),
    "low_returning.content": (
        "Publiceer regelmatig nieuwe inhoud (inspiratie, tips) die een reden geeft om terug te komen.",
        "Publish new content regularly (inspiration, tips) that gives a reason to come back.",
    ),
    "low_traffic.channels": (
        "Kijk per kanaal waar het verkeer achterblijft en zet daar campagnes of budget bij.",
        "See which channels bring less traffic than expected and add campaigns or budget there.",
    ),
    "low_traffic.findability": (
        "Werk aan de vindbaarheid (SEO) en deel inhoud op de sociale kanalen.",
        "Work on findability (SEO) and share content on the social channels.",
    ),
    "low_reach.budget": (
        "Verhoog het budget of verbreed de doelgroep van de campagne.",
        "Raise the campaign's budget or widen its audience.",
    ),
    "low_reach.limits": (
        "Controleer of biedingen en dagbudget de campagne beperken.",
        "Check whether bids and the daily budget hold the campaign back.",
    ),
    "low_downloads.placement": (
        "Geef de download een prominentere plek met een duidelijke oproep tot actie.",
        "Give the download a more prominent place with a clear call to action.",
    ),
    "low_downloads.promote": (
        "Promoot de download in de nieuwsbrief en op de sociale kanalen.",
        "Promote the download in the newsletter and on the social channels.",
    ),
    "low_conversion.form": (
        "Maak het formulier korter en de oproep tot actie duidelijker, en test de varianten.",
        "Make the form shorter and the call to action clearer, and test the variants.",
    ),
    "low_conversion.pages": (
        "Verbeter eerst de pagina's met veel bezoek maar weinig aanvragen.",
        "Improve the pages with many visits but few requests first.",
    ),
    "low_leads.offers": (
        "Bied meer redenen om contact op te nemen (whitepaper, offerteaanvraag, showroombezoek) en zet campagnes in op de kanalen die leads brengen.",
        "Offer more reasons to get in touch (whitepaper, quote request, showroom visit) and run campaigns on the channels that bring leads.",
    ),
    "low_signups.reason": (
        "Geef een reden om in te schrijven (tips, een voordeel) en toon het aanmeldformulier op de drukste pagina's.",
        "Give a reason to sign up (tips, a benefit) and show the sign-up form on the busiest pages.",
    ),
    "low_sales.funnel": (
        "Zoek uit waar het misgaat: te weinig aanvragen, of te weinig aanvragen die tot een aankoop leiden.",
        "Find out where it goes wrong: too few requests, or too few requests that lead to a purchase.",
    ),
    "low_sales.follow_up": (
        "Volg offertes en aanvragen sneller op.",
        "Follow up quotes and requests faster.",
    ),
    "low_loyalty.offer": (
        "Benader klanten met een aanbod dat past bij wat ze kochten (zoals decoratie bij een nieuwe badkamer).",
        "Approach customers with an offer that fits what they bought (such as decoration for a new bathroom).",
    ),
    "low_loyalty.newsletter": (
        "Houd contact met klanten via de nieuwsbrief: de care-fase is een langetermijnrelatie.",
        "Stay in touch with customers through the newsletter: the care phase is a long-term relationship.",
    ),
    "high_cost.shift": (
        "Verschuif budget van campagnes met hoge kosten per resultaat naar campagnes die goedkoper presteren.",
        "Move budget from campaigns with a high cost per result to campaigns that perform more cheaply.",
    ),
    "high_cost.bids": (
        "Verlaag biedingen of pauzeer zoekwoorden en advertenties die weinig opleveren.",
        "Lower bids or pause keywords and ads that bring little.",
    ),
    "low_satisfaction.detractors": (
        "Lees de opmerkingen van ontevreden klanten en pak de vaakst genoemde punten aan.",
        "Read the comments of unhappy customers and tackle the points they name most.",
    ),
    "funnel_volume.inflow": (
        "Er komen te weinig {subject} binnen: meer verkeer, of betere aanleidingen om contact op te nemen bovenin de funnel.",
        "Too few {subject} come in: more traffic, or better reasons to get in touch at the top of the funnel.",
    ),
    "funnel_nurture.nurture": (
        "Voed nieuwe leads met relevante inhoud (een e-mailreeks), zodat meer van hen marketing-qualified worden ({subject}).",
        "Nurture new leads with relevant content (an e-mail series), so that more of them become marketing qualified ({subject}).",
    ),
    "funnel_qualification.criteria": (
        "Spreek met sales af wanneer een MQL klaar is voor sales (kwalificatie, lead scoring) en blijf de rest voeden ({subject}).",
        "Agree with sales when an MQL is ready for sales (qualification, lead scoring) and keep nurturing the rest ({subject}).",
    ),
    "funnel_follow_up.speed": (
        "Laat sales SQL's sneller opvolgen met een gesprek en een offerte ({subject}).",
        "Have sales follow up SQLs faster with a call and a quote ({subject}).",
    ),
    "funnel_closing.quotes": (
        "Zoek uit waarom offertes verloren gaan en verbeter opvolging en aanbod ({subject}).",
        "Find out why quotes are lost and improve follow-up and offer ({subject}).",
    ),
    "funnel_rate.investigate": (
        "Zoek uit waar contacten afhaken in de stap {subject} en stem de aanpak af met sales.",
        "Find out where contacts drop out in the step {subject} and align the approach with sales.",
    ),
    "channel_lag.campaigns": (
        "Bekijk de campagnes en het budget van kanaal {subject}.",
        "Look at the campaigns and the budget of channel {subject}.",
    ),
    "channel_lag.compare": (
        "Vergelijk {subject} met vorig jaar: welke campagnes of pagina's brengen minder op?",
        "Compare {subject} with last year: which campaigns or pages bring less?",
    ),
    "campaign_lag.review": (
        "Kijk naar campagne {subject}: doelgroep, advertenties en budget; test een nieuwe variant.",
        "Look at campaign {subject}: audience, ads and budget; test a new variant.",
    ),
    "landing_page_lag.improve": (
        "Verbeter de pagina {subject}: tekst, oproep tot actie en laadtijd.",
        "Improve the page {subject}: text, call to action and loading time.",
    ),
    "device_lag.check": (
        "Controleer de website op {subject}: weergave, laadtijd en formulieren.",
        "Check the website on {subject}: layout, loading time and forms.",
    ),
    "mix_shift.budget": (
        "Het aandeel van zwakkere segmenten groeide: verschuif budget naar de segmenten die beter presteren.",
        "Weaker segments grew their share: move budget to the segments that perform better.",
    ),
    "test_and_measure": (
        "Test en meet: voer de aanpassing door als test, meet opnieuw of de KPI verbetert en blijf optimaliseren.",
        "Test and measure: make the change as a test, measure again whether the KPI improves, and keep optimising.",
    ),
}

MESSAGES: dict[str, tuple[str, str]] = {
    **{f"diagnosis.cause.{kind}": texts for kind, texts in _CAUSES.items()},
    **{f"steer.{key}": texts for key, texts in _SUGGESTIONS.items()},
    "diagnosis.not_started": (
        "{kpi}: de periode begint pas op {start}.",
        "{kpi}: the period only starts on {start}.",
    ),
    "diagnosis.no_data": (
        "{kpi}: geen waarde om te beoordelen op {as_of}.",
        "{kpi}: no value to judge on {as_of}.",
    ),
    "diagnosis.headline.linear.behind": (
        "{kpi}: {actual} t/m {as_of}; bij een gelijkmatig tempo naar {target} was {expected} verwacht: {amount} achter ({attainment} van het verwachte).",
        "{kpi}: {actual} through {as_of}; at an even pace to {target}, {expected} was expected: {amount} behind ({attainment} of expected).",
    ),
    "diagnosis.headline.linear.ahead": (
        "{kpi}: {actual} t/m {as_of}; bij een gelijkmatig tempo naar {target} was {expected} verwacht: {amount} voor ({attainment} van het verwachte).",
        "{kpi}: {actual} through {as_of}; at an even pace to {target}, {expected} was expected: {amount} ahead ({attainment} of expected).",
    ),
    "diagnosis.headline.seasonal.behind": (
        "{kpi}: {actual} t/m {as_of}; in het seizoenstempo van vorig jaar naar {target} was {expected} verwacht: {amount} achter ({attainment} van het verwachte).",
        "{kpi}: {actual} through {as_of}; at last year's seasonal pace to {target}, {expected} was expected: {amount} behind ({attainment} of expected).",
    ),
    "diagnosis.headline.seasonal.ahead": (
        "{kpi}: {actual} t/m {as_of}; in het seizoenstempo van vorig jaar naar {target} was {expected} verwacht: {amount} voor ({attainment} van het verwachte).",
        "{kpi}: {actual} through {as_of}; at last year's seasonal pace to {target}, {expected} was expected: {amount} ahead ({attainment} of expected).",
    ),
    "diagnosis.headline.target.behind": (
        "{kpi}: {actual} op {as_of} tegen een doel van {expected}: {amount} achter.",
        "{kpi}: {actual} on {as_of} against a target of {expected}: {amount} behind.",
    ),
    "diagnosis.headline.target.ahead": (
        "{kpi}: {actual} op {as_of} tegen een doel van {expected}: {amount} beter.",
        "{kpi}: {actual} on {as_of} against a target of {expected}: {amount} better.",
    ),
    "diagnosis.dimension.channel": ("kanaal", "channel"),
    "diagnosis.dimension.campaign": ("campagne", "campaign"),
    "diagnosis.dimension.landing_page": ("landingspagina", "landing page"),
    "diagnosis.dimension.device": ("apparaat", "device"),
    "diagnosis.comparison.previous_year": ("dezelfde dagen vorig jaar", "the same days last year"),
    "diagnosis.comparison.previous_year_period": ("de hele periode vorig jaar", "the whole period last year"),
    "diagnosis.comparison.previous_period": (
        "dezelfde dagen van de vorige periode",
        "the same days of the previous period",
    ),
    "diagnosis.comparison.previous_year_unfiltered": (
        "vorig jaar zonder het filter van de KPI (de historie kent het niet)",
        "last year without the KPI's filter (the history does not have it)",
    ),
    "diagnosis.comparison.none": ("geen vergelijking", "no comparison"),
    "diagnosis.breakdown.title": (
        "Per {dimension}, elk verwacht naar zijn aandeel in {comparison}:",
        "By {dimension}, each expected by its share in {comparison}:",
    ),
    "diagnosis.breakdown.ratio_title": (
        "Per {dimension}, tegen het doel:",
        "By {dimension}, against the target:",
    ),
    "diagnosis.breakdown.no_comparison": (
        "Per {dimension}: geen historie om mee te vergelijken; de grootste: {segments}.",
        "By {dimension}: no history to compare with; the largest: {segments}.",
    ),
    "diagnosis.breakdown.pooled": (
        "samen komen de segmenten op {pooled}, niet {actual}: wie via meer dan één segment kwam, telt in elk mee",
        "together the segments come to {pooled}, not {actual}: whoever came through more than one segment counts in each",
    ),
    "diagnosis.breakdown.none_behind": ("geen segment blijft achter", "no segment lags"),
    "diagnosis.segment.size": ("{segment} {actual}", "{segment} {actual}"),
    "diagnosis.segment.total": (
        "{segment}: {actual}, verwacht {expected}: {amount} achter ({share} van het tekort)",
        "{segment}: {actual}, expected {expected}: {amount} behind ({share} of the shortfall)",
    ),
    "diagnosis.segment.ratio": (
        "{segment}: {rate} bij {weight} van het volume: {amount} achter ({share} van het tekort)",
        "{segment}: {rate} on {weight} of the volume: {amount} behind ({share} of the shortfall)",
    ),
    "diagnosis.shift_share": (
        "tegenover {comparison}: van {before} naar {after}; mixeffect {mix}, rate-effect {rate}",
        "against {comparison}: from {before} to {after}; mix effect {mix}, rate effect {rate}",
    ),
    "diagnosis.seconds": ("{value} s", "{value} s"),
    "diagnosis.plus": ("+{value}", "+{value}"),
    "diagnosis.minus": ("−{value}", "−{value}"),
    "diagnosis.points": ("{value} procentpunt", "{value} percentage points"),
    "diagnosis.not_set": ("(niet ingesteld)", "(not set)"),
    "diagnosis.no_breakdown": (
        "Geen uitsplitsing per {dimension}: {reason}",
        "No breakdown by {dimension}: {reason}",
    ),
    "diagnosis.funnel.title": ("Funnel tegen plan {plan}:", "Funnel against plan {plan}:"),
    "diagnosis.funnel.amount": ("; kost {amount} {stage}", "; costs {amount} {stage}"),
    "diagnosis.funnel.volume": (
        "{stage}: {actual}, plan tot nu {planned}{amount}",
        "{stage}: {actual}, plan so far {planned}{amount}",
    ),
    "diagnosis.funnel.rate": (
        "{step}: {actual}, plan {planned}{amount}",
        "{step}: {actual}, plan {planned}{amount}",
    ),
    "diagnosis.funnel.none_behind": ("geen stap blijft achter bij het plan", "no step lags the plan"),
    "diagnosis.funnel.young_cohorts": (
        "Recente contacten kunnen nog converteren: een cohortconversie is lager zolang de periode loopt.",
        "Recent contacts may still convert: a cohort rate is lower while the period runs.",
    ),
    "diagnosis.funnel.segment_no_volumes": (
        "Het plan geldt voor de hele funnel, de KPI voor een segment: alleen de conversies zijn vergeleken.",
        "The plan is for the whole funnel, the KPI for a segment: only the rates are compared.",
    ),
    # --- the command line ---------------------------------------------------------------------
    "steer.cli.unknown_kpi": ("geen KPI {kpi}; wel: {ids}", "no KPI {kpi}; there are: {ids}"),
    "steer.cli.unknown_cause": (
        "--cause {cause}: onbekende soort oorzaak; kies uit {kinds}",
        "--cause {cause}: unknown kind of cause; choose from {kinds}",
    ),
    "steer.cli.empty_description": ("beschrijf wat er gedaan is", "describe what was done"),
    "steer.cli.no_actions": ("Nog geen acties vastgelegd.", "No actions logged yet."),
    "steer.cli.added": (
        "Actie vastgelegd voor {kpi} op {date}: {description}",
        "Action logged for {kpi} on {date}: {description}",
    ),
    "steer.cli.date": ("Datum", "Date"),
    "steer.cli.kpi": ("KPI", "KPI"),
    "steer.cli.description": ("Wat er gedaan is", "What was done"),
    "steer.cli.cause": ("Oorzaak", "Cause"),
    "steer.cli.by": ("Door", "By"),
    "steer.cli.findings": ("Oorzaken, gerangschikt", "Causes, ranked"),
    "steer.cli.suggestions": ("Voorgestelde acties", "Suggested actions"),
    "steer.cli.actions_taken": ("Al genomen acties", "Actions already taken"),
    "steer.cli.none_taken": ("nog geen acties voor deze KPI", "no actions for this KPI yet"),
    "steer.cli.nothing_to_steer": (
        "Niets bij te sturen: de KPI ligt op of voor het verwachte.",
        "Nothing to steer: the KPI is at or ahead of what was expected.",
    ),
    "steer.cli.pace_linear": (
        "Tempo: gelijkmatig over de dagen van de periode ({elapsed} verstreken).",
        "Pace: even over the days of the period ({elapsed} elapsed).",
    ),
    "steer.cli.pace_seasonal": (
        "Tempo: het seizoen van vorig jaar ({elapsed} van het doel verwacht).",
        "Pace: last year's season ({elapsed} of the target expected).",
    ),
}
