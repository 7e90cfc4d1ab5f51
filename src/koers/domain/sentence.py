"""Read a KPI written as a sentence, in Dutch or English, into a proposed KPI.

"De website heeft 2.000 nieuwe bezoekers in de periode van 1 januari 2023 tot 1 april 2023"
becomes: metric ``new_users``, target 2000, at least, total over ``[2023-01-01, 2023-04-01)``.
The result is a proposal for the user to confirm: it lists what it assumed (a period start that
the sentence left open, a currency) and what is missing (a period), and it raises
:class:`SentenceError` only when there is nothing to propose (no number, no metric).

Relative dates ("aan het eind van het jaar", "dit kwartaal", "per maand") resolve against a
reference date. Dutch "tot" and English "to"/"until" exclude the end date; "tot en met", "t/m"
and "through" include it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from koers.domain import lexicon as lx
from koers.domain.catalog import STANDARD_CATALOG
from koers.domain.journey import BUILTIN_JOURNEYS, JourneyModel
from koers.domain.kpi import Aggregation, Comparator, Kpi, SubperiodRule, slugify
from koers.domain.metric import Catalog, MetricKind, Unit
from koers.domain.period import Grain, Period, add, floor_to
from koers.errors import MessageError
from koers.i18n import Lang, Msg, Percent, msg


class SentenceError(MessageError):
    """A sentence that cannot become a KPI; ``message`` says what is missing, in both languages."""


@dataclass(frozen=True, slots=True)
class ProposedKpi:
    """What a sentence says about a KPI, for the user to confirm or complete."""

    sentence: str
    language: Lang
    metric: str
    target: Decimal
    unit: Unit
    comparator: Comparator
    aggregation: Aggregation
    target_upper: Decimal | None = None
    period: Period | None = None
    subperiod: Grain | None = None
    subperiod_rule: SubperiodRule = SubperiodRule.EVERY
    segment: Mapping[str, str] = field(default_factory=dict)
    phase: str | None = None
    suggested_phase: str | None = None
    baseline: Decimal | None = None
    currency: str | None = None
    assumptions: tuple[Msg, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """What a complete KPI still needs; the parser fills everything else or raises."""
        return () if self.period is not None else ("period",)

    @property
    def name(self) -> str:
        text = self.sentence.strip().rstrip(".").strip()
        return text[:1].upper() + text[1:]

    def to_kpi(self, kpi_id: str | None = None, *, name: str | None = None, phase: str | None = None) -> Kpi:
        """The proposal as a :class:`Kpi` (without a period if the sentence gave none).

        With a short ``name`` of its own, the sentence becomes the KPI's description.
        """
        return Kpi(
            id=kpi_id or slugify(name or self.name),
            name=name or self.name,
            description=self.name if name else None,
            metric=self.metric,
            target=self.target,
            target_upper=self.target_upper,
            unit=self.unit,
            comparator=self.comparator,
            period=self.period,
            aggregation=self.aggregation,
            subperiod=self.subperiod,
            subperiod_rule=self.subperiod_rule,
            segment=dict(self.segment),
            phase=phase or self.phase,
            baseline=self.baseline,
        )

    def to_dict(self, lang: Lang | str | None = None) -> dict[str, Any]:
        """Plain data for JSON: ISO dates with an exclusive ``end`` and the inclusive last day."""
        language = Lang(lang) if lang else self.language
        return {
            "metric": self.metric,
            "target": _json_number(self.target),
            "target_upper": _json_number(self.target_upper),
            "unit": self.unit.value,
            "currency": self.currency,
            "comparator": self.comparator.value,
            "aggregation": self.aggregation.value,
            "subperiod": self.subperiod.value if self.subperiod else None,
            "subperiod_rule": self.subperiod_rule.value if self.aggregation.needs_subperiod else None,
            "period": None
            if self.period is None
            else {
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "last_day": self.period.last_day.isoformat(),
            },
            "segment": dict(self.segment),
            "phase": self.phase,
            "suggested_phase": self.suggested_phase,
            "baseline": _json_number(self.baseline),
            "name": self.name,
            "language": self.language.value,
            "assumptions": [assumption.render(language) for assumption in self.assumptions],
            "missing": list(self.missing),
        }


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# --- the parser ---------------------------------------------------------------------------


def parse_kpi_sentence(
    sentence: str,
    *,
    ref_date: date,
    lang: Lang | str | None = None,
    catalog: Catalog = STANDARD_CATALOG,
    journey: JourneyModel | None = None,
    currency: str = "EUR",
) -> ProposedKpi:
    """Propose a KPI from ``sentence``; relative dates resolve against ``ref_date``.

    ``lang`` decides how numbers are read (``1.500`` is 1500 in Dutch); without it the language
    is guessed from the words. ``journey`` limits the phases a sentence may name and gives a
    suggested phase from the metric. Raises :class:`SentenceError` when the sentence holds no
    number or no known metric.
    """
    text = _normalize(sentence)
    if not text:
        raise SentenceError(msg("parse.empty"))
    language = Lang(lang) if lang else detect_language(text)
    reader = _Reader(text, language, ref_date, currency)

    phase = reader.take_phase(journey)
    when = reader.take_period()
    segment = reader.take_age()
    target = reader.take_target()
    comparator = reader.comparator(target)
    metric_key, metric_span = reader.metric(catalog)
    segment.update(reader.segment(metric_span))

    metric = catalog[metric_key]
    if target.kind == "percent" and metric.unit is not Unit.PERCENT:
        if re.search(lx.RELATIVE_GROWTH, reader.text):
            raise SentenceError(msg("parse.relative_target"))
        rate_key = lx.RATE_OF.get(metric_key)
        if rate_key is None or rate_key not in catalog:
            raise SentenceError(msg("parse.percent_of_count", metric=metric.name))
        metric_key, metric = rate_key, catalog[rate_key]
    elif target.kind == "plain" and metric.unit is Unit.PERCENT:
        # "engagement rate 60" means 60%, never 6000%
        target = _Quantity(target.value / 100 if target.value > 1 else target.value, "percent", target.span)
        reader.assume(msg("parse.assumed_percent", value=Percent(target.value)))
    elif target.kind == "plain" and metric.unit is Unit.MONEY:
        reader.assume(msg("parse.assumed_currency", currency=currency))
    if comparator is None:
        comparator = Comparator.AT_LEAST if metric.higher_is_better else Comparator.AT_MOST
        if comparator is Comparator.AT_MOST:  # "at least" is how anyone reads a bare target
            reader.assume(msg("parse.assumed_at_most"))

    is_ratio = metric.kind is not MetricKind.BASE
    aggregation, rule = _aggregation(when, is_ratio, reader.says_average)
    period = when.resolve(ref_date, aggregation, reader)
    if aggregation.needs_subperiod and period is not None and when.grain is not None:
        own = period.grain
        if own is not None and own.order <= when.grain.order:
            aggregation = Aggregation.TOTAL

    unit = {
        "percent": Unit.PERCENT,
        "money": Unit.MONEY,
        "seconds": Unit.SECONDS,
        "multiple": Unit.MULTIPLE,
    }.get(target.kind, metric.unit)
    suggested = None
    if journey is not None and phase is None:
        found = journey.phase_for_stage(metric.stage)
        suggested = found.key if found else None
    return ProposedKpi(
        sentence=sentence.strip(),
        language=language,
        metric=metric_key,
        target=_as_decimal(target.value, reader),
        target_upper=_as_decimal(target.upper, reader) if target.upper is not None else None,
        unit=unit,
        comparator=comparator,
        aggregation=aggregation,
        period=period,
        subperiod=when.grain if aggregation.needs_subperiod else None,
        subperiod_rule=rule,
        segment=segment,
        phase=phase,
        suggested_phase=suggested,
        baseline=_as_decimal(target.baseline, reader) if target.baseline is not None else None,
        currency=target.currency or (currency if unit is Unit.MONEY else None),
        assumptions=tuple(reader.assumptions),
    )


def detect_language(text: str) -> Lang:
    """Dutch or English, by counting common words; Dutch on a tie (Koers speaks Dutch first)."""
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    dutch = sum(word in _DUTCH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return Lang.EN if english > dutch else Lang.NL


_DUTCH_WORDS = frozenset(
    (
        "de het een van voor tot en is zijn heeft hebben naar op maand jaar kwartaal bezoekers "
        "klanten wordt worden minimaal minstens per keer eind periode tussen dit deze je jouw onze "
        "nieuwe via gemiddeld verkocht ingevuld gedownload gezien uiterlijk wanneer als "
    ).split()
)
_ENGLISH_WORDS = frozenset(
    (
        "the a an of for to and is are has have by month year quarter visitors customers least most "
        "at per times end period between this each every new via average sold from until on with "
        "our your when website gets reach reaches "
    ).split()
)


def _normalize(sentence: str) -> str:
    text = sentence.strip().lower()
    for old, new in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("\u00a0", " ")):
        text = text.replace(old, new)
    return re.sub(r"\s+", " ", text).rstrip(".!").strip()


@dataclass(slots=True)
class _Quantity:
    value: Decimal | Fraction
    kind: str  # plain, percent, money, seconds, multiple
    span: tuple[int, int]
    upper: Decimal | Fraction | None = None
    baseline: Decimal | Fraction | None = None
    currency: str | None = None


@dataclass(slots=True)
class _DateRef:
    day: int | None
    month: int
    year: int | None


@dataclass(slots=True)
class _When:
    """What the sentence says about time, before it is resolved against the reference date."""

    start: date | None = None
    end: date | None = None  # exclusive
    deadline: date | None = None  # exclusive end when only an end was given
    period: Period | None = None
    end_of: Grain | None = None
    end_of_year: int | None = None
    grain: Grain | None = None
    open_start: date | None = None

    def resolve(self, ref_date: date, aggregation: Aggregation, reader: _Reader) -> Period | None:
        if self.start is not None and self.end is not None:
            return Period.of(self.start, self.end)
        if self.period is not None:
            return self.period
        if self.end_of is not None:
            anchor = date(self.end_of_year, 12, 1) if self.end_of_year else ref_date
            return Period.containing(anchor, self.end_of)
        if self.deadline is not None:
            start = (
                ref_date
                if ref_date < self.deadline
                else floor_to(self.deadline - timedelta(days=1), Grain.YEAR)
            )
            reader.assume(msg("parse.assumed_start", start=start))
            return Period.of(start, self.deadline)
        if self.grain is not None:
            start = floor_to(ref_date, self.grain)
            end = date(ref_date.year + 1, 1, 1)
            if self.grain is Grain.YEAR or add(start, self.grain) > end:
                end = add(start, self.grain)
            reader.assume(msg("parse.assumed_this_year", start=start, last_day=end - timedelta(days=1)))
            return Period.of(start, end)
        if self.open_start is not None:
            reader.assume(msg("parse.no_end", start=self.open_start))
        return None


def _aggregation(when: _When, is_ratio: bool, says_average: bool) -> tuple[Aggregation, SubperiodRule]:
    if when.grain is not None:
        if when.end_of is not None:
            return Aggregation.LAST_SUBPERIOD, SubperiodRule.EVERY
        return Aggregation.EACH_SUBPERIOD, SubperiodRule.MEAN if says_average else SubperiodRule.EVERY
    if is_ratio:
        return Aggregation.RATIO, SubperiodRule.EVERY
    if when.deadline is not None:
        return Aggregation.CUMULATIVE, SubperiodRule.EVERY
    return Aggregation.TOTAL, SubperiodRule.EVERY


def _as_decimal(value: Decimal | Fraction, reader: _Reader) -> Decimal:
    if isinstance(value, Decimal):
        return value
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal("0.0001"))
    if Fraction(rounded) != value:
        reader.assume(msg("parse.rounded", value=rounded))
        return rounded
    return exact.normalize()


_D = r"‹(\d+)›"  # a date marker left in the text by _Reader.mark_dates


class _Reader:
    """Takes the parts of a sentence out of its text one by one, leaving the rest behind."""

    def __init__(self, text: str, language: Lang, ref_date: date, currency: str) -> None:
        self.original = text
        self.text = text
        self.language = language
        self.ref_date = ref_date
        self.currency = currency
        self.assumptions: list[Msg] = []
        self.dates: list[_DateRef] = []
        self.says_average = bool(re.search(r"\b(?:gemiddeld\w*|average|on\s+average|avg)\b", text))

    def assume(self, message: Msg) -> None:
        if message not in self.assumptions:
            self.assumptions.append(message)

    def _cut(self, match: re.Match[str]) -> None:
        self._cut_span(match.span())

    def _cut_span(self, span: tuple[int, int]) -> None:
        start, end = span
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    # --- phase ----------------------------------------------------------------------------

    def take_phase(self, journey: JourneyModel | None) -> str | None:
        models = [journey] if journey else list(BUILTIN_JOURNEYS.values())
        names: dict[str, str] = {}
        for model in models:
            for phase in model.phases:
                for name in (phase.key, phase.name_en.lower(), phase.name_nl.lower().split(" (")[0]):
                    names.setdefault(name, phase.key)
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        found: str | None = None
        for pattern in (
            rf"\(\s*(?:fase|phase)?\s*:?\s*({alternatives})\s*(?:fase|phase)?\s*\)",
            rf"\b(?:in\s+de\s+|in\s+the\s+)?({alternatives})[\s-]*(?:fase|phase)\b",
            rf"\b(?:fase|phase)\s*:?\s*({alternatives})\b",
        ):
            while match := re.search(pattern, self.text):
                found = found or names[match[1]]
                self._cut(match)
        for remark in re.finditer(r"\(([^)]*)\)", self.text):
            self.assume(msg("parse.ignored_remark", remark=remark[1].strip()))
            self._cut(remark)
        return found

    # --- time -----------------------------------------------------------------------------

    def take_period(self) -> _When:
        self._mark_dates()
        when = _When()
        date_rules: list[tuple[str, str]] = [
            (
                rf"(?:in\s+de\s+periode\s+|in\s+the\s+period\s+)?(?:van(?:af)?|from)\s+{_D}\s+"
                rf"(?:tot\s+en\s+met|t/m|tm|through|thru|(?:up\s+)?(?:to|until)\s+and\s+including)\s+{_D}",
                "inclusive",
            ),
            (
                rf"(?:in\s+de\s+periode\s+|in\s+the\s+period\s+)?(?:van(?:af)?|from)\s+{_D}\s+"
                rf"(?:tot|to|until|till|up\s+to)\s+{_D}",
                "exclusive",
            ),
            (rf"(?:tussen|between)\s+{_D}\s+(?:en|and)\s+{_D}", "inclusive"),
            (rf"{_D}\s*-\s*{_D}", "inclusive"),
            (
                rf"(?:uiterlijk|by|no\s+later\s+than|voor\s+of\s+op|on\s+or\s+before|t/m|tot\s+en\s+met|through)\s+{_D}",
                "by",
            ),
            (rf"(?:op|on|per|as\s+of)\s+{_D}", "at"),
            (rf"(?:voor|before|tot|until|till)\s+{_D}", "at"),
            (rf"(?:in|during|gedurende|heel)\s+{_D}", "in"),
            (rf"(?:vanaf|sinds|from|since|starting)\s+{_D}", "from"),
        ]
        for pattern, kind in date_rules:
            match = re.search(pattern, self.text)
            if match is None:
                continue
            self._cut(match)
            refs = [self.dates[int(group)] for group in match.groups()]
            self._apply_dates(when, kind, refs)
            break
        self._relative(when)
        return when

    def _mark_dates(self) -> None:
        months = lx.MONTH_NAMES
        year = r"(\d{4})"
        patterns: list[tuple[str, str]] = [
            (r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", "ymd"),
            (r"\b(\d{1,2})[-/](\d{1,2})[-/](\d{4})\b", "dmy"),
            (
                rf"\b(\d{{1,2}})(?:e|ste|de|st|nd|rd|th)?\s+(?:of\s+)?({months})\.?(?:,?\s+{year})?\b",
                "d_month",
            ),
            (rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{year})?\b", "month_d"),
            (rf"\b({months})\.?\s+{year}\b", "month_y"),
        ]
        for pattern, shape in patterns:
            while match := re.search(pattern, self.text):
                try:
                    ref = self._date_ref(shape, match)
                except ValueError:
                    break
                marker = f"‹{len(self.dates)}›"
                self.dates.append(ref)
                start, end = match.span()
                self.text = self.text[:start] + marker.ljust(end - start) + self.text[end:]

    def _date_ref(self, shape: str, match: re.Match[str]) -> _DateRef:
        groups = match.groups()
        ref: _DateRef
        if shape == "ymd":
            ref = _DateRef(int(groups[2]), int(groups[1]), int(groups[0]))
        elif shape == "dmy":
            ref = _DateRef(int(groups[0]), int(groups[1]), int(groups[2]))
        elif shape == "d_month":
            ref = _DateRef(int(groups[0]), lx.MONTHS[groups[1]], int(groups[2]) if groups[2] else None)
        elif shape == "month_d":
            ref = _DateRef(int(groups[1]), lx.MONTHS[groups[0]], int(groups[2]) if groups[2] else None)
        else:
            ref = _DateRef(None, lx.MONTHS[groups[0]], int(groups[1]))
        date(ref.year or 2000, ref.month, ref.day or 1)  # raises ValueError for 31 February
        return ref

    def _apply_dates(self, when: _When, kind: str, refs: list[_DateRef]) -> None:
        if len(refs) == 2:
            first, last = refs
            if first.year is None:
                first.year = last.year or self.ref_date.year
            if last.year is None:
                last.year = first.year
            start = _first_day(first)
            end = _last_day(last) + timedelta(days=1) if kind == "inclusive" else _first_day(last)
            if last.day is None and kind == "exclusive":
                end = _first_day(last)
            if end <= start and last.year == first.year and refs[1].year is not None:
                raise SentenceError(msg("parse.end_before_start", start=start, end=end))
            if end <= start:
                end = end.replace(year=end.year + 1)
            when.start, when.end = start, end
            if kind == "exclusive":
                self.assume(msg("parse.until_excludes", last_day=end - timedelta(days=1)))
            return
        (ref,) = refs
        if ref.day is None and kind in ("in", "at", "by"):  # "in maart 2024": the whole month
            assert ref.year is not None
            when.period = Period.month(ref.year, ref.month)
            return
        if ref.year is None:
            ref.year = self.ref_date.year
            if _first_day(ref) < self.ref_date:
                ref.year += 1
        day = _first_day(ref)
        if kind == "by":
            when.deadline = (_last_day(ref) if ref.day is None else day) + timedelta(days=1)
        elif kind in ("at", "in"):
            when.deadline = day
            if kind == "at" and ref.day is not None:
                self.assume(msg("parse.at_excludes", day=day, last_day=day - timedelta(days=1)))
        else:
            when.open_start = day

    def _relative(self, when: _When) -> None:
        ref = self.ref_date
        ordinals = "|".join(sorted(lx.ORDINALS, key=len, reverse=True))
        rules: list[tuple[str, str]] = [
            (r"\b(?:q|kwartaal\s*)([1-4])(?:\s*(?:van\s+|of\s+)?(?:'|20)?(\d{2}|\d{4}))?\b", "quarter"),
            (
                rf"\b(?:het\s+|the\s+)?({ordinals})\s+(?:kwartaal|quarter)(?:\s+(?:van|of)(?:\s+(?:het\s+|this\s+)?(?:jaar|year))?)?(?:\s+(\d{{4}}))?",
                "quarter_word",
            ),
            (
                r"\b(?:(?:aan|tegen|op|voor|tot|bij)\s+)?(?:het\s+)?eind(?:e)?\s+(?:van\s+)?(?:het|dit|deze)\s+(jaar|kwartaal|maand)\b",
                "end_of",
            ),
            (
                r"\b(?:(?:by|at|before|towards?)\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+(year|quarter|month)\b",
                "end_of",
            ),
            (r"\b(?:by\s+|at\s+)?(?:the\s+)?(year)[\s-]end\b", "end_of"),
            (
                r"\b(?:(?:aan|tegen|op|voor|tot)\s+)?(?:het\s+)?(?:eind(?:e)?|end)\s+(?:van\s+|of\s+)?(\d{4})\b",
                "end_of_year",
            ),
            (r"\b(?:(?:by|at|before)\s+)?the\s+end\s+of\s+(\d{4})\b", "end_of_year"),
            (
                r"\b(?:binnen|within|in\s+de\s+komende|in\s+the\s+next|de\s+komende|the\s+next|over)\s+"
                r"(\d+|een|één|a|one|twee|two|drie|three|vier|four|zes|six|twaalf|twelve)\s+"
                r"(dagen|dag|weken|week|maanden|maand|jaar|jaren|days?|weeks?|months?|years?)\b",
                "within",
            ),
            (
                r"\b(?:dit|deze|this|het\s+huidige|the\s+current|lopende)\s+(jaar|kwartaal|maand|week|year|quarter|month)\b",
                "this",
            ),
            (
                r"\b(?:volgend\w*|komend\w*|next|coming)\s+(jaar|kwartaal|maand|week|year|quarter|month)\b",
                "next",
            ),
            (
                r"\b(?:in|voor|for|during|gedurende|heel|over)\s+(?:het\s+jaar\s+|the\s+year\s+)?(\d{4})\b",
                "year",
            ),
            (r"\b(\d{4})\b", "bare_year"),
        ]
        for pattern, kind in rules:
            match = re.search(pattern, self.text)
            if match is None:
                continue
            if kind == "bare_year" and (when.period or when.start or when.end_of or when.deadline):
                continue
            self._cut(match)
            if kind == "quarter":
                year = _year(match[2], ref)
                when.period = when.period or Period.quarter(year, int(match[1]))
            elif kind == "quarter_word":
                year = int(match[2]) if match[2] else ref.year
                when.period = when.period or Period.quarter(year, lx.ORDINALS[match[1]])
            elif kind == "end_of":
                when.end_of = lx.GRAIN_WORDS[match[1]]
            elif kind == "end_of_year":
                when.end_of, when.end_of_year = Grain.YEAR, int(match[1])
            elif kind == "within":
                count = int(match[1]) if match[1].isdigit() else lx.NUMBER_WORDS[match[1]]
                grain = _grain_of(match[2])
                when.start, when.end = ref, add(ref, grain, count)
            elif kind in ("this", "next"):
                grain = lx.GRAIN_WORDS[match[1]]
                when.period = when.period or Period.containing(
                    add(ref, grain, 1 if kind == "next" else 0), grain
                )
            elif kind in ("year", "bare_year"):
                when.period = when.period or Period.year(int(match[1]))
        for pattern, grain in lx.EVERY_GRAIN:
            match = re.search(pattern, self.text)
            if match:
                word = match[1].split()[-1]
                when.grain = lx.GRAIN_WORDS.get(word, grain)
                self._cut(match)
                break

    # --- segment: ages first, their numbers are no target ----------------------------------

    def take_age(self) -> dict[str, str]:
        for pattern in lx.AGE_PATTERNS:
            match = re.search(pattern, self.text)
            if match:
                self._cut(match)
                return {"age": f"{int(match[1])}-{int(match[2])}"}
        return {}

    # --- numbers --------------------------------------------------------------------------

    def take_target(self) -> _Quantity:
        number = r"(\d[\d.,]*)"
        text = self.text
        found: list[_Quantity] = []
        for pattern, kind in (
            (
                rf"\b(?:van|from)\s+{number}\s+(?:[^\d\s]+\s+){{0,5}}?(?:naar|tot|to|into)\s+{number}",
                "growth",
            ),
            (
                rf"\bvan\s+{number}\s+(?:[^\d\s]+\s+){{0,5}}?{number}\s+(?:[^\d\s]+\s+){{0,5}}?(?:te\s+)?maken",
                "growth",
            ),
            (rf"\b(?:tussen|between)\s+{number}\s*%?\s+(?:en|and)\s+{number}", "between"),
            (rf"\b{number}\s*(?:-|tot|to)\s*{number}\s*(?=%|procent|percent)", "between"),
        ):
            match = re.search(pattern, text)
            if match:
                low, high = self._number(match[1]), self._number(match[2])
                tail = self.text[match.end() : match.end() + 12]
                # cut the numbers only: the words between them may name the metric
                for group in (1, 2):
                    self._cut_span(match.span(group))
                quantity = self._with_unit(high, tail, match.span())
                if kind == "growth":
                    quantity.baseline = low
                else:
                    quantity.value, quantity.upper = (
                        self._with_unit(low, tail, match.span()).value,
                        quantity.value,
                    )
                    if quantity.upper is not None and quantity.upper <= quantity.value:
                        raise SentenceError(msg("parse.between_order"))
                return quantity

        fraction = self._fraction()
        if fraction is not None:
            return fraction
        multiplier_words = "|".join(lx.MULTIPLIERS)
        pattern = (
            rf"(?:(?P<cur_before>{lx.MONEY_BEFORE})\s*)?(?<![\w‹])(?P<num>\d[\d.,]*)"
            rf"(?:\s*(?P<mult>{multiplier_words})\b|(?=x\b)|(?![\w›]))"
        )
        for match in re.finditer(pattern, text):
            value = self._number(match["num"])
            if match["mult"]:
                value *= lx.MULTIPLIERS[match["mult"]]
            tail = text[match.end() : match.end() + 14]
            quantity = self._with_unit(value, tail, match.span())
            if match["cur_before"]:
                quantity.kind, quantity.currency = (
                    "money",
                    lx.CURRENCIES.get(match["cur_before"].strip(), "EUR"),
                )
            found.append(quantity)
        if not found:
            raise SentenceError(msg("parse.no_number"))
        chosen = next((q for q in found if q.kind != "plain"), found[0])
        self._cut_span(chosen.span)
        return chosen

    def _fraction(self) -> _Quantity | None:
        words = "|".join(sorted(lx.NUMBER_WORDS, key=len, reverse=True))
        part = rf"(\d+|{words})"
        match = re.search(
            rf"\b{part}\s+(?:op\s+(?:de\s+)?|in\s+|out\s+of\s+|per\s+|van\s+de\s+)(\d+|{words})\b", self.text
        )
        if match and not re.match(
            r"\s*(?:dag|week|maand|jaar|day|month|year)", self.text[match.end(2) - 5 :]
        ):
            top = int(match[1]) if match[1].isdigit() else lx.NUMBER_WORDS[match[1]]
            bottom = int(match[2]) if match[2].isdigit() else lx.NUMBER_WORDS[match[2]]
            if 0 < top <= bottom and not (match[1].isdigit() and match[2].isdigit() and bottom > 1000):
                self._cut(match)
                return _Quantity(Fraction(top, bottom), "percent", match.span())
        for phrase, value in lx.FRACTION_WORDS.items():
            found = re.search(rf"\b{phrase}\b", self.text)
            if found:
                self._cut(found)
                return _Quantity(value, "percent", found.span())
        return None

    def _with_unit(self, value: Decimal, tail: str, span: tuple[int, int]) -> _Quantity:
        if match := re.match(r"\s*(%|procent\b|percent\b|pct\b)", tail):
            return _Quantity(value / 100, "percent", (span[0], span[1] + match.end()))
        if match := re.match(rf"\s*({lx.MONEY_AFTER})", tail):
            currency = lx.CURRENCIES.get(match[1].strip(), "EUR")
            return _Quantity(value, "money", (span[0], span[1] + match.end()), currency=currency)
        durations = "|".join(sorted(lx.DURATIONS, key=len, reverse=True))
        if match := re.match(rf"\s*({durations})\b", tail):
            seconds = value * lx.DURATIONS[match[1]]
            return _Quantity(seconds, "seconds", (span[0], span[1] + match.end()))
        if match := re.match(r"\s*x\b", tail):
            return _Quantity(value, "multiple", (span[0], span[1] + match.end()))
        return _Quantity(value, "plain", span)

    def _number(self, text: str) -> Decimal:
        """A number as this language writes it: ``1.500,5`` in Dutch is ``1,500.5`` in English."""
        digits = text.rstrip(".,")
        thousands, decimal_mark = (".", ",") if self.language is Lang.NL else (",", ".")
        if decimal_mark in digits:
            whole, _, fraction = digits.rpartition(decimal_mark)
            digits = whole.replace(thousands, "") + "." + fraction
        elif thousands in digits:
            groups = digits.split(thousands)
            if all(len(group) == 3 for group in groups[1:]):
                digits = "".join(groups)
            else:  # "1.5" in a Dutch sentence: read the odd mark as a decimal point
                digits = "".join(groups[:-1]) + "." + groups[-1]
        try:
            return Decimal(digits)
        except InvalidOperation:
            raise SentenceError(msg("parse.bad_number", number=text)) from None

    # --- comparator, metric, segment ------------------------------------------------------

    def comparator(self, target: _Quantity) -> Comparator | None:
        if target.upper is not None:
            return Comparator.BETWEEN
        at_least = re.search(lx.AT_LEAST, self.text)
        at_most = re.search(lx.AT_MOST, self.text)
        if at_least and at_most and at_least.start() < at_most.end() and at_most.start() < at_least.end():
            # "no more than" holds "more than": the longer phrase is the one meant
            longer = max((at_least, at_most), key=lambda m: m.end() - m.start())
            return Comparator.AT_LEAST if longer is at_least else Comparator.AT_MOST
        if at_least and at_most:
            closest = min((at_least, at_most), key=lambda m: abs(m.start() - target.span[0]))
            return Comparator.AT_LEAST if closest is at_least else Comparator.AT_MOST
        if at_least:
            return Comparator.AT_LEAST
        if at_most:
            return Comparator.AT_MOST
        return None

    def metric(self, catalog: Catalog) -> tuple[str, tuple[int, int]]:
        best: tuple[int, int, int, str, tuple[int, int]] | None = None
        for pattern, key, weight in lx.METRIC_PATTERNS:
            if key not in catalog:
                continue
            for match in re.finditer(pattern, self.text):
                rank = (weight, match.end() - match.start(), -match.start(), key, match.span())
                if best is None or rank[:3] > best[:3]:
                    best = rank
        if best is None:
            for key, metric in catalog.items():
                names = {key.replace("_", " "), metric.name_nl.lower(), metric.name_en.lower()}
                for name in names:
                    found = re.search(rf"\b{re.escape(name)}\b", self.text)
                    if found:
                        return key, found.span()
            raise SentenceError(msg("parse.no_metric"))
        return best[3], best[4]

    def segment(self, metric_span: tuple[int, int]) -> dict[str, str]:
        start, end = metric_span
        text = self.text[:start] + " " * (end - start) + self.text[end:]
        segment: dict[str, str] = {}
        for pattern, dimension, value in lx.SEGMENT_PATTERNS:
            match = re.search(pattern, text)
            if match and dimension not in segment:
                segment[dimension] = value.format(*match.groups()) if "{0}" in value else value
        if campaign := re.search(
            r"\b(?:campagne|campaign)\s+['\"]([^'\"]+)['\"]|['\"]([^'\"]+)['\"]\s+(?:campagne|campaign)",
            self.original,
        ):
            segment["campaign"] = campaign[1] or campaign[2]
        if page := re.search(r"\b(?:pagina|page|landingspagina|landing\s+page)\s+(/[\w/.-]*)", self.original):
            segment["landing_page" if "land" in page[0] else "page"] = page[1]
        for pattern in lx.PRODUCT_PATTERNS:
            product = re.search(pattern, self.original)
            if product and product["product"] not in lx.NOT_PRODUCTS and "product" not in segment:
                segment["product"] = product["product"]
        return segment


def _first_day(ref: _DateRef) -> date:
    assert ref.year is not None
    return date(ref.year, ref.month, ref.day or 1)


def _last_day(ref: _DateRef) -> date:
    assert ref.year is not None
    if ref.day is not None:
        return date(ref.year, ref.month, ref.day)
    return Period.month(ref.year, ref.month).last_day


def _year(text: str | None, ref: date) -> int:
    if not text:
        return ref.year
    year = int(text)
    return year + 2000 if year < 100 else year


_GRAIN_PREFIXES = (
    ("dag", Grain.DAY), ("day", Grain.DAY), ("week", Grain.WEEK), ("maand", Grain.MONTH),
    ("month", Grain.MONTH), ("jaar", Grain.YEAR), ("jaren", Grain.YEAR), ("year", Grain.YEAR),
)  # fmt: skip


def _grain_of(word: str) -> Grain:
    for prefix, grain in _GRAIN_PREFIXES:
        if word.startswith(prefix):
            return grain
    raise ValueError(word)
