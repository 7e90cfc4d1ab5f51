"""Messages about workspaces, metrics and the workspace file: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "catalog.unknown_input": (
        "metriek {metric} rekent met {part}, maar die staat niet in de catalogus",
        "metric {metric} uses {part}, which is not in the catalog",
    ),
    "catalog.cycle": (
        "metriek {metric} verwijst via haar onderdelen naar zichzelf",
        "metric {metric} refers to itself through its parts",
    ),
    "ws.unknown_journey": (
        "onbekend klantreismodel {journey}; bekend zijn: {known}",
        "unknown journey model {journey}; known are: {known}",
    ),
    "ws.metric_reused": (
        "{metric} is al een standaardmetriek; kies een andere sleutel",
        "{metric} is already a standard metric; choose another key",
    ),
    "ws.duplicate_goal": ("doel-id {id} komt twee keer voor", "goal id {id} is used twice"),
    "ws.duplicate_plan": ("plan-id {id} komt twee keer voor", "plan id {id} is used twice"),
    "ws.duplicate_kpi": (
        "KPI-id {id} komt al voor bij {other}",
        "KPI id {id} is already used at {other}",
    ),
    "ws.unknown_metric": (
        "onbekende metriek {metric} (zie 'koers metrics')",
        "unknown metric {metric} (see 'koers metrics')",
    ),
    "ws.unknown_goal": ("onbekend doel {goal}", "unknown goal {goal}"),
    "ws.unknown_phase": (
        "fase {phase} hoort niet bij {journey} ({phases})",
        "phase {phase} is not a phase of {journey} ({phases})",
    ),
    "ws.subperiod_too_big": (
        "de periode bevat geen hele {subperiod}",
        "the period holds no whole {subperiod}",
    ),
    "ws.unknown_dimension": (
        "onbekende dimensie {dimension}; bekend zijn: {known}",
        "unknown dimension {dimension}; known are: {known}",
    ),
    "ws.weights_count": (
        "{given} seizoensgewichten voor {months} maanden",
        "{given} seasonal weights for {months} months",
    ),
}
