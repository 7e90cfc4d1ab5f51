"""The metric engine: any catalog metric for a period, by grain, broken down and filtered.

``MetricEngine(warehouse).query(MetricRequest(...))`` returns a :class:`MetricResult` with one
row per bucket (day, week, month, quarter or year of the period, or the whole period) and per
combination of the requested dimensions, plus every SQL query it ran, so that no number is a
black box.

How a metric is computed follows its declaration in the catalog:

- a base metric comes from its first binding (:mod:`koers.metrics.bindings`) whose table covers
  the period; additive metrics are summed, distinct counts are counted over raw rows for exactly
  the bucket, or taken from a report made for exactly that range, and otherwise left unknown
  with a note: a non-additive metric is never summed across days or dimensions;
- a ratio divides its numerator by its denominator, each computed over the whole bucket (the
  average time on site of a quarter is the quarter's engagement time over the quarter's users,
  never a mean of daily averages); funnel conversion rates are cohort-based: of the contacts
  that entered the lower stage in the bucket, the share that reached the next one;
- a derived metric evaluates its expression on its inputs.

Queries are Ibis expressions, so the same engine runs on DuckDB here and on PostgreSQL, BigQuery
or Spark where a bigger user's data lives; :attr:`Query.sql` shows them in DuckDB's dialect.
"""

from __future__ import annotations

import ast
import dataclasses
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

import ibis

from koers.domain.catalog import STANDARD_CATALOG
from koers.domain.metric import Catalog, MetricDef, MetricKind, RateBasis
from koers.domain.period import Grain, Period, floor_to
from koers.errors import MessageError
from koers.i18n import Lang, Msg, msg
from koers.metrics.bindings import STAGE_COLUMNS, Binding, Condition, Measure, Span, bindings_for
from koers.store.schema import FACT_TABLES
from koers.store.warehouse import Warehouse

_TRUNCATE = {Grain.WEEK: "W", Grain.MONTH: "M", Grain.QUARTER: "Q", Grain.YEAR: "Y"}

Key = tuple[int, tuple[str, ...]]
"""A value's place in a result: the bucket's index and the dimension values."""


class Compare(StrEnum):
    """What a result is compared with."""

    PREVIOUS_PERIOD = "previous_period"
    PREVIOUS_YEAR = "previous_year"


class MetricError(MessageError):
    """A request the engine cannot answer as asked (an unknown metric, an unknown dimension)."""


@dataclass(frozen=True, slots=True)
class MetricRequest:
    """What to compute: a metric over a period, by grain, broken down by and filtered on dimensions.

    ``as_of`` limits the facts to those known by the end of that day: the period is cut there,
    and a cohort only counts conversions that happened by then.
    """

    metric: str
    period: Period
    grain: Grain | None = None
    by: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    compare: Compare | None = None
    as_of: date | None = None

    @property
    def effective_period(self) -> Period | None:
        """The period cut at ``as_of``; ``None`` when the period had not started by then."""
        if self.as_of is None or self.as_of >= self.period.last_day:
            return self.period
        if self.as_of < self.period.start:
            return None
        return Period.of(self.period.start, self.as_of + timedelta(days=1))

    def buckets(self) -> tuple[Period, ...]:
        period = self.effective_period
        if period is None:
            return ()
        return period.subperiods(self.grain) if self.grain else (period,)


@dataclass(frozen=True, slots=True)
class MetricRow:
    """One value: its bucket, its dimension values (in the order of ``by``) and how it was made."""

    period: Period
    dims: tuple[str, ...]
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    previous: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        """The relative change against the comparison (``0.25`` is +25%)."""
        if self.value is None or self.previous in (None, 0):
            return None
        assert self.previous is not None
        return self.value / self.previous - 1

    def to_dict(self, by: Sequence[str]) -> dict[str, Any]:
        data: dict[str, Any] = {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            **dict(zip(by, self.dims, strict=True)),
            "value": _number(self.value),
        }
        if self.numerator is not None or self.denominator is not None:
            data["numerator"], data["denominator"] = _number(self.numerator), _number(self.denominator)
        if self.previous is not None:
            data["previous"], data["change"] = _number(self.previous), _number(self.change)
        return data


@dataclass(frozen=True, slots=True)
class Query:
    """A query the engine ran: for which metric, through which binding, and the Ibis expression
    itself, which reads as SQL for DuckDB (:attr:`sql`) or any other engine (:meth:`sql_for`)."""

    metric: str
    binding: str
    expr: Any = field(compare=False, repr=False)

    @property
    def sql(self) -> str:
        """The query as DuckDB runs it; compiled when asked for, so computing stays cheap."""
        return self.sql_for("duckdb")

    def sql_for(self, dialect: str) -> str:
        """The same query for another engine: ``postgres``, ``bigquery``, ``snowflake``..."""
        return str(ibis.to_sql(self.expr, dialect=dialect))


@dataclass(frozen=True, slots=True)
class MetricResult:
    """The values of a request, with the notes and queries that explain them."""

    request: MetricRequest
    metric: MetricDef
    rows: tuple[MetricRow, ...]
    notes: tuple[Msg, ...] = ()
    queries: tuple[Query, ...] = ()

    @property
    def basis(self) -> RateBasis | None:
        return self.metric.basis if self.metric.kind is MetricKind.RATIO else None

    @property
    def value(self) -> Decimal | None:
        """The single value of a request without grain or breakdown."""
        if len(self.rows) != 1:
            raise ValueError("the result has more than one row")
        return self.rows[0].value

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "metric": self.metric.key,
            "unit": self.metric.unit.value,
            "basis": self.basis.value if self.basis else None,
            "additive": self.metric.is_additive,
            "period": {
                "start": self.request.period.start.isoformat(),
                "end": self.request.period.end.isoformat(),
            },
            "grain": self.request.grain.value if self.request.grain else None,
            "by": list(self.request.by),
            "where": dict(self.request.where),
            "rows": [row.to_dict(self.request.by) for row in self.rows],
            "notes": [note.render(lang) for note in self.notes],
            "queries": [{"metric": q.metric, "binding": q.binding, "sql": q.sql} for q in self.queries],
        }


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(slots=True)
class _Values:
    """A base or intermediate metric's values by key, with what explains them."""

    values: dict[Key, Decimal | None] = field(default_factory=dict)
    notes: list[Msg] = field(default_factory=list)
    queries: list[Query] = field(default_factory=list)
    keys: set[Key] = field(default_factory=set)
    parts: tuple[_Values, _Values] | None = None
    """For a ratio: its numerator's and denominator's values."""


class MetricEngine:
    """Computes catalog metrics from a warehouse."""

    def __init__(self, warehouse: Warehouse, catalog: Catalog = STANDARD_CATALOG) -> None:
        self.warehouse = warehouse
        self.catalog = catalog
        self._coverage: dict[tuple[str, str], tuple[date, date] | None] = {}

    # --- the public surface ---------------------------------------------------------------------

    def query(self, request: MetricRequest) -> MetricResult:
        """The values of ``request``; unknown values are ``None`` with a note saying why."""
        metric = self._metric(request.metric)
        buckets = request.buckets()
        computed = self._compute(metric, request, buckets)
        previous: dict[Key, Decimal | None] = {}
        if request.compare is not None:
            earlier = _shifted(request)
            computed_before = self._compute(metric, earlier, earlier.buckets())
            previous = computed_before.values
            computed.queries.extend(computed_before.queries)
        ratio_parts = computed.parts
        keys = sorted(computed.keys | set(computed.values), key=lambda key: (key[0], key[1]))
        if not request.by:
            keys = [(index, ()) for index in range(len(buckets))]
        rows = tuple(
            MetricRow(
                period=buckets[index],
                dims=dims,
                value=computed.values.get((index, dims)),
                numerator=ratio_parts[0].values.get((index, dims)) if ratio_parts else None,
                denominator=ratio_parts[1].values.get((index, dims)) if ratio_parts else None,
                previous=previous.get((index, dims)),
            )
            for index, dims in keys
        )
        notes = tuple(note for i, note in enumerate(computed.notes) if note not in computed.notes[:i])
        return MetricResult(request, metric, rows, notes, tuple(computed.queries))

    def available(self, metric: str) -> bool:
        """Whether the warehouse holds data ``metric`` can be computed from (for some period)."""
        definition = self._metric(metric)
        if definition.kind is MetricKind.BASE:
            return any(self._covered(binding) is not None for binding in bindings_for(metric))
        return all(self.available(part) for part in definition.inputs)

    def value(self, metric: str, period: Period, **options: Any) -> Decimal | None:
        """One number: ``metric`` over ``period`` (options as in :class:`MetricRequest`)."""
        return self.query(MetricRequest(metric, period, **options)).value

    # --- computing ------------------------------------------------------------------------------

    def _metric(self, key: str) -> MetricDef:
        try:
            return self.catalog[key]
        except KeyError:
            raise MetricError(msg("engine.unknown_metric", metric=key)) from None

    def _compute(self, metric: MetricDef, request: MetricRequest, buckets: Sequence[Period]) -> _Values:
        if not buckets:
            return _Values(notes=[msg("engine.not_started", start=request.period.start)])
        if metric.kind is MetricKind.BASE:
            return self._base(metric, request, buckets)
        if metric.kind is MetricKind.RATIO:
            assert metric.numerator is not None
            assert metric.denominator is not None
            if (
                metric.basis is RateBasis.COHORT
                and {metric.numerator, metric.denominator} <= STAGE_COLUMNS.keys()
            ):
                numerator, denominator = self._cohort(metric, request, buckets)
            else:
                numerator = self._compute(self._metric(metric.numerator), request, buckets)
                denominator = self._compute(self._metric(metric.denominator), request, buckets)
            result = _combine([numerator, denominator], lambda n, d: n / d if d else None)
            result.parts = (numerator, denominator)
            return result
        inputs = {key: self._compute(self._metric(key), request, buckets) for key in metric.inputs}
        formula = _formula(metric.expression or "")
        names = list(inputs)
        return _combine(
            [inputs[name] for name in names], lambda *values: formula(dict(zip(names, values, strict=True)))
        )

    def _base(self, metric: MetricDef, request: MetricRequest, buckets: Sequence[Period]) -> _Values:
        period = Period.of(buckets[0].start, buckets[-1].end)
        needed = set(request.by) | {name for name, _ in request.where}
        usable: list[Binding] = []
        daily_only: list[Binding] = []
        for binding in bindings_for(metric.key):
            if needed - binding.dims.keys():
                continue
            if binding.span is Span.DAILY_ONLY and not all(bucket.days == 1 for bucket in buckets):
                daily_only.append(binding)  # per-day distinct counts: never summed over days
                continue
            usable.append(binding)
        chosen = self._best_covering(usable, period) if usable else None
        if chosen is None:
            if daily_only and self._best_covering(daily_only, period) is not None:
                return _Values(notes=[msg("engine.not_exact", metric=metric.name)])
            if not usable and not daily_only:
                return _Values(notes=[msg("engine.no_dimension", metric=metric.name, dims=sorted(needed))])
            note = msg("engine.no_data", metric=metric.name, start=period.start, last_day=period.last_day)
            return _Values(notes=[note])
        binding, coverage = chosen
        values = self._run(binding, request, buckets)
        # judged as of a day, that day's own data is not in yet: no gap worth a note
        expected_last = (
            period.last_day - timedelta(days=1) if request.as_of == period.last_day else period.last_day
        )
        if coverage is not None and (coverage[0] > period.start or coverage[1] < expected_last):
            values.notes.append(
                msg("engine.partial", metric=metric.name, first=coverage[0], last=coverage[1])
            )
            # a bucket the data does not reach is unknown, not zero
            for index, bucket in enumerate(buckets):
                if bucket.start > coverage[1] or bucket.last_day < coverage[0]:
                    for key in [key for key in values.values if key[0] == index]:
                        values.values[key] = None
        if binding.note:
            values.notes.append(msg("engine.binding_note", metric=metric.name, note=binding.note))
        return values

    def _best_covering(
        self, bindings: Sequence[Binding], period: Period
    ) -> tuple[Binding, tuple[date, date] | None] | None:
        """The first binding whose table covers the whole period, else the one covering most."""
        best: tuple[int, Binding, tuple[date, date]] | None = None
        for binding in bindings:
            coverage = self._covered(binding)
            if coverage is None:
                continue
            start, last = max(coverage[0], period.start), min(coverage[1], period.last_day)
            if start > last:
                continue
            if start == period.start and last == period.last_day:
                return binding, coverage
            days = (last - start).days + 1
            if best is None or days > best[0]:
                best = (days, binding, coverage)
        return (best[1], best[2]) if best else None

    def _covered(self, binding: Binding) -> tuple[date, date] | None:
        """The first and last day a binding's table has rows for (with its row filters)."""
        cache_key = (binding.table, binding.label)
        if cache_key not in self._coverage:
            table = self.warehouse.table(binding.table)
            # only the filters that pick a series (metric = 'x') bound the coverage; filters that
            # pick rows within it (won deals, repeat buyers) do not: a quiet month is not missing
            series = [condition for condition in binding.where if condition.op == "="]
            table = _filtered(table, _with_conditions(binding, series), self.warehouse)
            day = _day(
                table,
                FACT_TABLES[binding.table].date_column if binding.span is Span.RANGE_ONLY else binding.time,
            )
            row = table.aggregate(first=day.min(), last=day.max()).to_pyarrow().to_pylist()[0]
            if binding.span is Span.RANGE_ONLY and row["last"] is not None:
                end = table.aggregate(last=table.end_date.max()).to_pyarrow().to_pylist()[0]["last"]
                row["last"] = end - timedelta(days=1)
            self._coverage[cache_key] = (row["first"], row["last"]) if row["first"] is not None else None
        return self._coverage[cache_key]

    def _run(self, binding: Binding, request: MetricRequest, buckets: Sequence[Period]) -> _Values:
        table = _filtered(self.warehouse.table(binding.table), binding, self.warehouse)
        by_columns = [binding.dims[name].lstrip("~") for name in request.by]
        table = _where(table, binding, request.where)
        if binding.grained:
            grain = self._grain_for(table, binding, request, buckets)
            if grain is None:
                return _Values(
                    notes=[msg("engine.no_report_shape", dims=sorted({*request.by, *dict(request.where)}))]
                )
            table = table.filter(table.grain == grain)
        if binding.span is Span.RANGE_ONLY:
            return self._run_ranges(binding, table, request, buckets, by_columns)

        period = Period.of(buckets[0].start, buckets[-1].end)
        day = _day(table, binding.time)
        table = table.filter((day >= period.start) & (day < period.end))
        groups = _groups(table, _day(table, binding.time), request.grain, by_columns)
        # how many rows held a value: a sum over rows that all left the column empty is unknown,
        # a sum over no rows at all (a filter nothing matched) is zero
        measures = {"value": _measure(table, binding), "known": _known(table, binding), "rows": table.count()}
        expr = table.group_by(**groups).aggregate(**measures) if groups else table.aggregate(**measures)
        values = _Values(queries=[_query(request.metric, binding.label, expr)])
        starts = _bucket_starts(buckets, request.grain)
        for row in expr.to_pyarrow().to_pylist():
            key = _key(row, starts, request.grain, len(by_columns))
            values.values[key] = (
                _decimal(row["value"]) if row["known"] else (None if row["rows"] else Decimal(0))
            )
            values.keys.add(key)
        if not by_columns:  # a bucket without rows has a known zero for counts and sums
            for index in range(len(buckets)):
                values.values.setdefault((index, ()), Decimal(0))
        return values

    def _run_ranges(
        self,
        binding: Binding,
        table: Any,
        request: MetricRequest,
        buckets: Sequence[Period],
        by_columns: list[str],
    ) -> _Values:
        """Values from reports made for exactly one range: one query for all buckets, each bucket
        matched to a report of exactly its own start and end."""
        period = Period.of(buckets[0].start, buckets[-1].end)
        rows = table.filter((table.start_date >= period.start) & (table.end_date <= period.end))
        groups = {"start": rows.start_date, "end": rows.end_date}
        groups.update({f"d{i}": rows[column] for i, column in enumerate(by_columns)})
        expr = rows.group_by(**groups).aggregate(value=_measure(rows, binding))
        values = _Values(queries=[_query(request.metric, binding.label, expr)])
        index = {(bucket.start, bucket.end): i for i, bucket in enumerate(buckets)}
        for row in expr.to_pyarrow().to_pylist():
            position = index.get((row["start"], row["end"]))
            if position is not None:
                key = (position, tuple(str(row[f"d{i}"]) for i in range(len(by_columns))))
                values.values[key] = _decimal(row["value"])
                values.keys.add(key)
        found = {key[0] for key in values.values}
        missing = [bucket for position, bucket in enumerate(buckets) if position not in found]
        if 0 < len(missing) <= 3:
            values.notes += [
                msg("engine.no_range_report", start=b.start, last_day=b.last_day) for b in missing
            ]
        elif missing:
            values.notes.append(msg("engine.no_range_reports", count=len(missing), total=len(buckets)))
        return values

    def _grain_for(
        self, table: Any, binding: Binding, request: MetricRequest, buckets: Sequence[Period]
    ) -> str | None:
        """The report shape to read: the fewest dimensions that hold every requested one."""
        needed = {binding.dims[name].lstrip("~") for name in (*request.by, *dict(request.where))}
        grains = [row["grain"] for row in table.select("grain").distinct().to_pyarrow().to_pylist()]
        fitting = [grain for grain in grains if needed <= set(filter(None, grain.split(",")))]
        return (
            min(fitting, key=lambda grain: (len(grain.split(",")) if grain else 0, grain))
            if fitting
            else None
        )

    def _cohort(
        self, metric: MetricDef, request: MetricRequest, buckets: Sequence[Period]
    ) -> tuple[_Values, _Values]:
        """Of the contacts that entered the denominator's stage in a bucket, those that reached the
        numerator's stage (by ``as_of`` when given)."""
        assert metric.numerator is not None
        assert metric.denominator is not None
        entered, reached = STAGE_COLUMNS[metric.denominator], STAGE_COLUMNS[metric.numerator]
        dims = bindings_for(metric.denominator)[0].dims
        binding = Binding(
            metric.key, "crm_contacts", entered, Measure.COUNT, None, (Condition(entered, "not_null"),), dims
        )
        missing = {*request.by, *dict(request.where)} - binding.dims.keys()
        if missing:
            note = msg("engine.no_dimension", metric=metric.name, dims=sorted(missing))
            return _Values(notes=[note]), _Values(notes=[note])
        table = _where(
            _filtered(self.warehouse.table("crm_contacts"), binding, self.warehouse), binding, request.where
        )
        period = Period.of(buckets[0].start, buckets[-1].end)
        day = _day(table, entered)
        table = table.filter((day >= period.start) & (day < period.end))
        converted = table[reached].notnull()
        if request.as_of is not None:
            converted = converted & (_day(table, reached) <= request.as_of)
        by_columns = [binding.dims[name].lstrip("~") for name in request.by]
        groups = _groups(table, _day(table, entered), request.grain, by_columns)
        aggregates = {"entered": table.count(), "reached": converted.sum()}
        expr = table.group_by(**groups).aggregate(**aggregates) if groups else table.aggregate(**aggregates)
        query = _query(metric.key, f"cohort {entered} -> {reached}", expr)
        numerator, denominator = _Values(queries=[query]), _Values()
        starts = _bucket_starts(buckets, request.grain)
        for row in expr.to_pyarrow().to_pylist():
            key = _key(row, starts, request.grain, len(by_columns))
            denominator.values[key] = Decimal(row["entered"])
            numerator.values[key] = Decimal(row["reached"] or 0)
            numerator.keys.add(key)
        if not by_columns:
            for index in range(len(buckets)):
                denominator.values.setdefault((index, ()), Decimal(0))
                numerator.values.setdefault((index, ()), Decimal(0))
        return numerator, denominator


# --- helpers ----------------------------------------------------------------------------------------


def _query(metric: str, binding: str, expr: Any) -> Query:
    return Query(metric, binding, expr)


def _shifted(request: MetricRequest) -> MetricRequest:
    grain = Grain.YEAR if request.compare is Compare.PREVIOUS_YEAR else None
    period = request.period.shifted(grain, -1) if grain else request.period.previous()
    as_of = None
    if request.as_of is not None:
        as_of = period.start + (request.as_of - request.period.start)
    return MetricRequest(request.metric, period, request.grain, request.by, request.where, None, as_of)


def _day(table: Any, column: str) -> Any:
    """A column as calendar days: timestamps fall on the workspace's day (the session time zone)."""
    value = table[column]
    return value.cast("date") if value.type().is_timestamp() else value


def _filtered(table: Any, binding: Binding, warehouse: Warehouse) -> Any:
    for condition in binding.where:
        column = table[condition.column]
        match condition.op:
            case "true":
                table = table.filter(column)
            case "false":
                table = table.filter(~column)
            case "not_null":
                table = table.filter(column.notnull())
            case "=":
                table = table.filter(column == condition.value)
            case "in":
                assert isinstance(condition.value, tuple)
                table = table.filter(column.isin(condition.value))
            case ">=":
                table = table.filter(column >= condition.value)
            case "<=":
                table = table.filter(column <= condition.value)
            case "repeat":
                others = _filtered(
                    warehouse.table(binding.table),
                    _with_conditions(binding, [c for c in binding.where if c is not condition]),
                    warehouse,
                )
                repeat = (
                    others.group_by(others[condition.column])
                    .aggregate(n=others.count())
                    .filter(lambda t: t.n > 1)
                )
                table = table.filter(column.isin(repeat[condition.column]))
            case _:
                raise ValueError(f"unknown condition {condition}")
    return table


def _where(table: Any, binding: Binding, where: Iterable[tuple[str, str]]) -> Any:
    """The request's segment filters: equality, or a case-blind match anywhere for ``~`` columns."""
    for name, value in where:
        column = binding.dims[name]
        if column.startswith("~"):
            table = table.filter(table[column[1:]].lower().contains(value.lower()))
        else:
            table = table.filter(table[column] == value)
    return table


def _with_conditions(binding: Binding, conditions: Iterable[Condition]) -> Binding:
    return dataclasses.replace(binding, where=tuple(conditions))


def _measure(table: Any, binding: Binding) -> Any:
    if binding.measure is Measure.COUNT:
        return table.count()
    assert binding.column is not None
    if "|" in binding.column:
        first, *rest = binding.column.split("|")
        column = table[first]
        for name in rest:
            column = column.fill_null(table[name])
    else:
        column = table[binding.column]
    return column.nunique() if binding.measure is Measure.COUNT_DISTINCT else column.sum()


def _known(table: Any, binding: Binding) -> Any:
    """The rows that hold a value for the binding's measure (all rows for a count)."""
    if binding.measure is Measure.COUNT or binding.column is None:
        return table.count()
    return table[binding.column.split("|")[0]].count()


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _combine(parts: Sequence[_Values], combine: Callable[..., Decimal | None]) -> _Values:
    """Values made from several metrics' values key by key; unknown when any input is unknown."""
    keys: set[Key] = set().union(*(set(part.values) for part in parts))
    result = _Values(
        notes=[note for part in parts for note in part.notes],
        queries=[query for part in parts for query in part.queries],
        keys=set().union(*(part.keys for part in parts)),
    )
    for key in keys:
        values = [part.values.get(key) for part in parts]
        result.values[key] = None if any(value is None for value in values) else combine(*values)
    return result


_OPERATORS: Mapping[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}  # fmt: skip


def _formula(expression: str) -> Callable[[Mapping[str, Decimal | None]], Decimal | None]:
    """A derived metric's expression (``(revenue - marketing_cost) / marketing_cost``) as a function.

    Only names, numbers, + - * / and brackets are allowed; a division by zero or a missing input
    gives ``None``.
    """
    tree = ast.parse(expression, mode="eval")

    def evaluate(node: ast.AST, values: Mapping[str, Decimal | None]) -> Decimal | None:
        match node:
            case ast.Expression(body):
                return evaluate(body, values)
            case ast.Name(id=name):
                return values[name]
            case ast.Constant(value=number) if isinstance(number, int | float):
                return Decimal(str(number))
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                inner = evaluate(operand, values)
                return None if inner is None else -inner
            case ast.BinOp(left=left, op=op, right=right) if type(op) in _OPERATORS:
                a, b = evaluate(left, values), evaluate(right, values)
                if a is None or b is None or (isinstance(op, ast.Div) and b == 0):
                    return None
                return _OPERATORS[type(op)](a, b)
        raise ValueError(f"not allowed in a metric expression: {ast.dump(node)}")

    evaluate(tree, {name.id: Decimal(1) for name in ast.walk(tree) if isinstance(name, ast.Name)})
    return lambda values: evaluate(tree, values)


def _groups(table: Any, day: Any, grain: Grain | None, by_columns: Sequence[str]) -> dict[str, Any]:
    """Group-by columns: the bucket (when there is a grain) and the requested dimensions."""
    groups: dict[str, Any] = {}
    if grain is not None:
        groups["bucket"] = day.truncate(_TRUNCATE[grain]) if grain in _TRUNCATE else day
    groups.update({f"d{i}": table[column] for i, column in enumerate(by_columns)})
    return groups


def _bucket_starts(buckets: Iterable[Period], grain: Grain | None) -> dict[date, int]:
    """Each bucket's index by the calendar start its rows are grouped under."""
    return {
        floor_to(bucket.start, grain) if grain else bucket.start: index
        for index, bucket in enumerate(buckets)
    }


def _key(row: Mapping[str, Any], starts: Mapping[date, int], grain: Grain | None, dims: int) -> Key:
    index = starts[_as_date(row["bucket"])] if grain is not None else 0
    return index, tuple("" if row[f"d{i}"] is None else str(row[f"d{i}"]) for i in range(dims))


def _as_date(value: Any) -> date:
    day: date = value.date() if hasattr(value, "date") and callable(value.date) else value
    return day
