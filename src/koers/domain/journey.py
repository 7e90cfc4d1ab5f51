"""Journey models: the phases a customer goes through, each KPI sitting in one of them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from koers.domain.metric import KEY_PATTERN, Stage
from koers.i18n import Localized


class Phase(BaseModel):
    """One phase of a journey model, with the generic stage it stands for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=KEY_PATTERN)
    name_nl: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    stage: Stage | None = None

    @property
    def name(self) -> Localized:
        return Localized(self.name_nl, self.name_en)


class JourneyModel(BaseModel):
    """An ordered list of phases: See-Think-Do-Care, AIDA, the lead funnel or a custom one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=KEY_PATTERN)
    name_nl: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    phases: tuple[Phase, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_phases(self) -> JourneyModel:
        keys = [phase.key for phase in self.phases]
        if len(set(keys)) != len(keys):
            raise ValueError("phase keys must be unique")
        return self

    @property
    def name(self) -> Localized:
        return Localized(self.name_nl, self.name_en)

    @property
    def phase_keys(self) -> tuple[str, ...]:
        return tuple(phase.key for phase in self.phases)

    def phase(self, key: str) -> Phase:
        for phase in self.phases:
            if phase.key == key:
                return phase
        raise KeyError(key)

    def phase_for_stage(self, stage: Stage | None) -> Phase | None:
        """The first phase that stands for ``stage``: where a metric of that stage usually sits."""
        return next((phase for phase in self.phases if stage and phase.stage is stage), None)


def _model(key: str, names: tuple[str, str], phases: list[tuple[str, str, str, Stage]]) -> JourneyModel:
    return JourneyModel(
        key=key,
        name_nl=names[0],
        name_en=names[1],
        phases=tuple(
            Phase(key=phase_key, name_nl=nl, name_en=en, stage=stage) for phase_key, nl, en, stage in phases
        ),
    )


A, C, D, R = Stage.AWARENESS, Stage.CONSIDERATION, Stage.CONVERSION, Stage.RETENTION

SEE_THINK_DO_CARE = _model(
    "see_think_do_care",
    ("See-Think-Do-Care", "See-Think-Do-Care"),
    [
        ("see", "See", "See", A),
        ("think", "Think", "Think", C),
        ("do", "Do", "Do", D),
        ("care", "Care", "Care", R),
    ],
)
AIDA_LOYALTY = _model(
    "aida_loyalty",
    ("AIDA met loyaliteit", "AIDA with loyalty"),
    [
        ("attention", "Attention (aandacht)", "Attention", A),
        ("interest", "Interest (interesse)", "Interest", C),
        ("desire", "Desire (verlangen)", "Desire", C),
        ("action", "Action (actie)", "Action", D),
        ("loyalty", "Loyaliteit", "Loyalty", R),
    ],
)
BUYERS_JOURNEY = _model(
    "awareness_consideration_decision",
    ("Awareness-consideration-decision met retentie", "Awareness-consideration-decision with retention"),
    [
        ("awareness", "Awareness (bewustwording)", "Awareness", A),
        ("consideration", "Consideration (overweging)", "Consideration", C),
        ("decision", "Decision (beslissing)", "Decision", D),
        ("retention", "Retentie", "Retention", R),
    ],
)
LEAD_FUNNEL = _model(
    "lead_funnel",
    ("Leadfunnel", "Lead funnel"),
    [
        ("lead", "Lead", "Lead", A),
        ("mql", "MQL", "MQL", C),
        ("sql", "SQL", "SQL", C),
        ("opportunity", "Opportunity", "Opportunity", D),
        ("customer", "Klant", "Customer", R),
    ],
)

BUILTIN_JOURNEYS: dict[str, JourneyModel] = {
    model.key: model for model in (SEE_THINK_DO_CARE, AIDA_LOYALTY, BUYERS_JOURNEY, LEAD_FUNNEL)
}
