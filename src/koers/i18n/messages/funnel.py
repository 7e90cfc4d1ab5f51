"""Messages of the funnel area: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- input the planner cannot compute from ----------------------------------------------
    "funnel.too_few_stages": (
        "een funnel heeft minstens twee fasen nodig, niet {count}",
        "a funnel needs at least two stages, not {count}",
    ),
    "funnel.stage_name": (
        "fase {position} heeft geen naam",
        "stage {position} has no name",
    ),
    "funnel.duplicate_stage": (
        "fase {stage} komt twee keer voor in de funnel",
        "stage {stage} appears twice in the funnel",
    ),
    "funnel.rates_mismatch": (
        "de conversies moeten elke fase met de volgende verbinden, in volgorde: {steps}",
        "the rates must link each stage to the next, in order: {steps}",
    ),
    "funnel.bad_rate": (
        "conversie {step} is {rate}; die moet boven 0% en hoogstens 100% liggen",
        "rate {step} is {rate}; it must be above 0% and at most 100%",
    ),
    "funnel.customers_not_positive": (
        "het aantal klanten moet een heel getal boven 0 zijn, niet {count}",
        "the number of customers must be a whole number above 0, not {count}",
    ),
    "funnel.top_count_negative": (
        "het aantal bovenin de funnel moet een heel getal van 0 of meer zijn, niet {count}",
        "the number at the top of the funnel must be a whole number of 0 or more, not {count}",
    ),
    "funnel.share_invalid": (
        "het aandeel van marketing moet boven 0% en hoogstens 100% liggen, niet {share}",
        "marketing's share must be above 0% and at most 100%, not {share}",
    ),
    "funnel.target_incomplete": (
        "geef een aantal klanten, of een omzet met een gemiddelde dealwaarde",
        "give a number of customers, or revenue with an average deal value",
    ),
    "funnel.total_negative": (
        "een totaal om over maanden te verdelen moet een heel getal van 0 of meer zijn, niet {total}",
        "a total to spread over months must be a whole number of 0 or more, not {total}",
    ),
    "funnel.weights_count": (
        "er zijn {given} seizoensgewichten, maar de periode telt {months} maanden",
        "there are {given} seasonal weights, but the period has {months} months",
    ),
    "funnel.weights_invalid": (
        "seizoensgewichten moeten 0 of meer zijn, en niet allemaal 0",
        "seasonal weights must be 0 or more, and not all 0",
    ),
    "funnel.cost_invalid": (
        "de kosten per lead moeten een bedrag boven 0 zijn, niet {cost}",
        "the cost per lead must be an amount above 0, not {cost}",
    ),
    "funnel.unknown_stage": (
        "fase {stage} staat niet in de funnel ({stages})",
        "stage {stage} is not in the funnel ({stages})",
    ),
    "funnel.scenario_step": (
        "scenario {name}: de funnel heeft geen stap {step}",
        "scenario {name}: the funnel has no step {step}",
    ),
    # --- what the plan says ---------------------------------------------------------------
    "funnel.stage_required": (
        "{stage}: {required} nodig",
        "{stage}: {required} needed",
    ),
    "funnel.rate_to_next": (
        "{rate} gaat door naar {stage}",
        "{rate} move on to {stage}",
    ),
    "funnel.marketing_share": (
        "Marketing brengt {share} van de {total} klanten binnen: {customers}",
        "Marketing brings in {share} of the {total} customers: {customers}",
    ),
    "funnel.budget": (
        "Budget: {count} {stage} × {cost} = {budget}",
        "Budget: {count} {stage} × {cost} = {budget}",
    ),
    "funnel.cac": (
        "Dat betekent een CAC van {cac} per klant",
        "That implies a CAC of {cac} per customer",
    ),
    "funnel.scenario": (
        "Scenario {name}: {count} {stage} nodig ({difference} ten opzichte van het plan)",
        "Scenario {name}: {count} {stage} needed ({difference} compared with the plan)",
    ),
    "funnel.sensitivity": (
        "{step} van {rate} naar {improved}: {count} nodig, {reduction} minder",
        "{step} from {rate} to {improved}: {count} needed, {reduction} fewer",
    ),
    "funnel.no_phasing": (
        "Het plan heeft geen periode, dus geen verdeling over maanden",
        "The plan has no period, so no monthly phasing",
    ),
    "funnel.skipped_stage": (
        "Geen KPI voor fase {stage}: er is geen metriek die deze fase telt",
        "No KPI for stage {stage}: no metric counts this stage",
    ),
    "funnel.kpi_name": (
        "{metric} volgens funnelplan {plan}",
        "{metric} per funnel plan {plan}",
    ),
    "funnel.kpi_description": (
        "Uit funnelplan {plan}: nodig om {customers} klanten binnen te halen.",
        "From funnel plan {plan}: needed to win {customers} customers.",
    ),
    "funnel.kpi_description_goal": (
        "Uit funnelplan {plan} voor doel {goal}: nodig om {customers} klanten binnen te halen.",
        "From funnel plan {plan} for goal {goal}: needed to win {customers} customers.",
    ),
}
