"""Koers benchmarks, each against a plain pandas baseline doing the same work:

1. importing a GA4 BigQuery event export (Parquet) into a fresh file-backed warehouse: the whole
   ``import_file`` call (checks, flattening the event parameters, channel groups, writing the
   events, sessionisation), against pandas reading the file, flattening the parameters, picking
   each session's traffic source and grouping the events into sessions with the same definitions;
   both must agree on the sessions, engaged sessions, users and page views (and a few more), or
   the run fails;
2. computing every KPI of the demo workspace with ``kpi_actual``, against pandas computing the
   same values from the same warehouse tables, read into DataFrames beforehand.

    python benchmarks/run.py                  # 1M and 10M events, then the KPIs
    python benchmarks/run.py --sizes 1M       # one size
    python benchmarks/run.py --quick          # 100k events: a smoke test

Each measurement runs in a fresh process (so that its peak memory is its own); results are
printed as a table and written to ``benchmarks/results/<date>-<machine>.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import multiprocessing
import os
import platform
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_ga4 import generate, parse_count  # noqa: E402

from koers.demo import demo_workspace  # noqa: E402
from koers.demo.generate import generate_demo_data  # noqa: E402
from koers.domain.catalog import STANDARD_CATALOG  # noqa: E402
from koers.domain.kpi import Aggregation, Comparator, Kpi, SubperiodRule  # noqa: E402
from koers.domain.metric import MetricKind, RateBasis  # noqa: E402
from koers.domain.period import Grain, Period  # noqa: E402
from koers.metrics.actuals import kpi_actual  # noqa: E402
from koers.metrics.bindings import STAGE_COLUMNS, Binding, Measure, Span, bindings_for  # noqa: E402
from koers.metrics.engine import MetricEngine  # noqa: E402
from koers.sources import ImportContext, import_file  # noqa: E402
from koers.sources.ga4 import DEFAULT_KEY_EVENTS  # noqa: E402
from koers.store.schema import FACT_TABLES  # noqa: E402
from koers.store.warehouse import Warehouse  # noqa: E402

TIMEZONE = "Europe/Amsterdam"
AIM_SECONDS_10M = 60.0
AIM_SPEEDUP = 5.0
AIM_KPI_SECONDS = 1.0
CHECKED = ("sessions", "engaged_sessions", "users", "pageviews")
"""Totals that must agree between Koers and the baseline, or the run fails."""
ALSO_CHECKED = ("new_users", "key_events", "engagement_msec")
"""Totals that must agree too (the sessions per source and medium as well)."""


# --- 1. importing GA4 events ----------------------------------------------------------------------


def koers_import(path: str, folder: str) -> dict[str, Any]:
    """Import ``path`` into a fresh warehouse file in ``folder``; the time of ``import_file``."""
    warehouse = Warehouse(Path(folder) / "warehouse.duckdb", timezone=TIMEZONE)
    cpu = _cpu()
    began = time.perf_counter()
    record = import_file(Path(path), warehouse, ImportContext(timezone=TIMEZONE), format="ga4_bigquery")
    seconds = time.perf_counter() - began
    others = _others(cpu, seconds)
    totals = warehouse.connection.execute(
        """
        SELECT count(*), count_if(engaged), count(DISTINCT user_pseudo_id),
            count(DISTINCT user_pseudo_id) FILTER (WHERE is_new_user), sum(pageviews), sum(key_events),
            CAST(sum(round(engagement_time * 1000)) AS BIGINT)
        FROM current_web_sessions
        """
    ).fetchone()
    assert totals is not None
    by_source = warehouse.connection.execute(
        "SELECT source, medium, count(*) FROM current_web_sessions GROUP BY ALL"
    ).fetchall()
    events = warehouse.count("web_events")
    warehouse.close()
    names = (
        "sessions",
        "engaged_sessions",
        "users",
        "new_users",
        "pageviews",
        "key_events",
        "engagement_msec",
    )
    return {
        "seconds": seconds,
        "events": events,
        "rows_rejected": record.rows_rejected,
        "totals": dict(zip(names, (int(value or 0) for value in totals), strict=True)),
        "by_source": {f"{source} / {medium}": int(count) for source, medium, count in by_source},
        "peak_rss_mb": _peak_rss_mb(),
        "others_cpu": others,
    }


PARAMS = ("ga_session_id", "ga_session_number", "session_engaged", "engagement_time_msec", "source", "medium",
          "campaign")  # fmt: skip
COLUMNS = ("event_timestamp", "event_name", "user_pseudo_id", "event_params", "device", "geo",
           "collected_traffic_source", "session_traffic_source_last_click")  # fmt: skip


def pandas_sessions(
    path: Path, key_events: Sequence[str] = DEFAULT_KEY_EVENTS, timezone: str = TIMEZONE
) -> pd.DataFrame:
    """The baseline: GA4 export events grouped into sessions with pandas alone, with Koers's
    definitions (see :mod:`koers.sources.ga4`)."""
    events = pd.read_parquet(path, columns=list(COLUMNS), dtype_backend="pyarrow")

    # one row per event parameter (indexed by its event's row), then one column per parameter read
    params = events.pop("event_params").explode()
    keys = params.struct.field("key")
    for name in PARAMS:
        value = params[keys.isin([name])].struct.explode()["value"].struct.explode()
        if name in ("ga_session_id", "ga_session_number", "engagement_time_msec"):
            events[name] = _whole(value)
        elif name == "session_engaged":
            as_text = value["string_value"].fillna(value["int_value"].astype("string[pyarrow]"))
            as_text = as_text.fillna(
                value["double_value"].round().astype("int64[pyarrow]").astype("string[pyarrow]")
            )
            events[name] = as_text == "1"
        else:
            events[name] = value["string_value"]
    del params, keys

    # the session's source: one whole triple from the best place that has one
    last_click = events.pop("session_traffic_source_last_click")
    collected = events.pop("collected_traffic_source")
    cross = [
        last_click.struct.field(["cross_channel_campaign", f]) for f in ("source", "medium", "campaign_name")
    ]
    manual = [last_click.struct.field(["manual_campaign", f]) for f in ("source", "medium", "campaign_name")]
    tagged = [collected.struct.field(f"manual_{f}") for f in ("source", "medium", "campaign_name")]
    gclid = collected.struct.field("gclid")
    source, medium, campaign = events["source"], events["medium"], events["campaign"]  # the parameters
    for test, origin in (
        (gclid, ["google", "cpc", tagged[2]]),
        (tagged[0], tagged),
        (manual[0], manual),
        (cross[0], cross),
    ):
        has = test.notna()
        source = source.mask(has, origin[0])
        medium = medium.mask(has, origin[1])
        campaign = campaign.mask(has, origin[2])
    events["source"], events["medium"], events["campaign"] = source, medium, campaign
    events["device"] = events["device"].struct.field("category")
    events["country"] = events.pop("geo").struct.field("country")

    # sessions: the events of one user with one ga_session_id
    events = events[events["ga_session_id"].notna()]
    events["page_view"] = events["event_name"] == "page_view"
    events["key_event"] = events["event_name"].isin(key_events)
    events["first_visit"] = events["event_name"] == "first_visit"
    events = events.sort_values("event_timestamp", kind="stable")
    keys = ["user_pseudo_id", "ga_session_id"]
    sessions = events.groupby(keys).agg(
        started=("event_timestamp", "min"),
        ended=("event_timestamp", "max"),
        first_visit=("first_visit", "any"),
        first_number=("ga_session_number", "min"),
        engagement_msec=("engagement_time_msec", "sum"),
        pageviews=("page_view", "sum"),
        key_events=("key_event", "sum"),
        engaged_flag=("session_engaged", "any"),
        device=("device", "first"),
        country=("country", "first"),
    )
    # a session's source is that of its first event that has one
    first_source = events.loc[events["source"].notna(), [*keys, "source", "medium", "campaign"]]
    first_source = first_source.drop_duplicates(keys).set_index(keys)
    sessions = sessions.join(first_source)
    direct = sessions["source"].isna()
    sessions["source"] = sessions["source"].mask(direct, "(direct)")
    sessions["medium"] = sessions["medium"].mask(direct, "(none)")
    duration = (sessions["ended"] - sessions["started"]) / 1_000_000
    sessions["duration_seconds"] = duration
    sessions["is_new_user"] = sessions["first_visit"] | (sessions["first_number"] == 1).fillna(False)
    sessions["engaged"] = (
        sessions["engaged_flag"].fillna(False)
        | (duration > 10)
        | (sessions["key_events"] > 0)
        | (sessions["pageviews"] >= 2)
    )
    started = pd.to_datetime(sessions["started"].astype("int64"), unit="us", utc=True)
    sessions["session_date"] = started.dt.tz_convert(timezone).dt.normalize().dt.tz_localize(None)
    return sessions.reset_index()


def _whole(value: pd.DataFrame) -> pd.Series:
    """A parameter as a whole number: ``int_value``, else a number written as text, else a
    rounded float (as Koers reads it)."""
    number = value["int_value"]
    text = pd.to_numeric(value["string_value"], errors="coerce")
    number = number.fillna(text.where(text.round() == text).astype("int64[pyarrow]"))
    for column in ("double_value", "float_value"):
        number = number.fillna(value[column].round().astype("int64[pyarrow]"))
    return number


def pandas_import(path: str) -> dict[str, Any]:
    cpu = _cpu()
    began = time.perf_counter()
    sessions = pandas_sessions(Path(path))
    seconds = time.perf_counter() - began
    others = _others(cpu, seconds)
    totals = {
        "sessions": len(sessions),
        "engaged_sessions": int(sessions["engaged"].sum()),
        "users": int(sessions["user_pseudo_id"].nunique()),
        "new_users": int(sessions.loc[sessions["is_new_user"], "user_pseudo_id"].nunique()),
        "pageviews": int(sessions["pageviews"].sum()),
        "key_events": int(sessions["key_events"].sum()),
        "engagement_msec": int(sessions["engagement_msec"].fillna(0).sum()),
    }
    by_source = sessions.groupby(["source", "medium"]).size()
    return {
        "seconds": seconds,
        "totals": totals,
        "by_source": {f"{source} / {medium}": int(count) for (source, medium), count in by_source.items()},
        "peak_rss_mb": _peak_rss_mb(),
        "others_cpu": others,
    }


# --- 2. the demo workspace's KPIs ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KpiValue:
    value: float | None
    series: tuple[float | None, ...]


def kpi_benchmark(today_iso: str, folder: str, passes: int) -> dict[str, Any]:
    """Every demo KPI at ``today``, by Koers (``kpi_actual``) and by the pandas baseline."""
    today = date.fromisoformat(today_iso)
    workspace = demo_workspace(today)
    kpis = [kpi for goal in workspace.goals for kpi in goal.kpis]
    path = Path(folder) / "warehouse.duckdb"
    with Warehouse(path, timezone=workspace.timezone) as warehouse:
        began = time.perf_counter()
        summary = generate_demo_data(warehouse, today=today)
        generate_seconds = time.perf_counter() - began

    # Koers: a fresh connection, as when the web app starts; a new engine for every pass, as per
    # request, so no pass reuses another's coverage lookups
    warehouse = Warehouse(path, read_only=True, timezone=workspace.timezone)

    def koers_pass() -> dict[str, KpiValue]:
        engine = MetricEngine(warehouse)
        actuals = [kpi_actual(kpi, engine, today) for kpi in kpis]
        return {
            actual.kpi_id: KpiValue(
                _float(actual.value), tuple(_float(point.value) for point in actual.series)
            )
            for actual in actuals
        }

    cpu, began = _cpu(), time.perf_counter()
    koers_cold, koers_warm, koers_values = _passes(koers_pass, passes)
    koers_others = _others(cpu, time.perf_counter() - began)

    # pandas: the same tables, read beforehand (not timed in the comparison)
    began = time.perf_counter()
    frames = {
        name: warehouse.connection.execute(f"SELECT * FROM {table.view}").df()
        for name, table in FACT_TABLES.items()
    }
    load_seconds = time.perf_counter() - began
    warehouse.close()

    def pandas_pass() -> dict[str, KpiValue]:
        engine = PandasKpis(frames, workspace.timezone)
        return {kpi.id: engine.kpi(kpi, today) for kpi in kpis}

    cpu, began = _cpu(), time.perf_counter()
    pandas_cold, pandas_warm, pandas_values = _passes(pandas_pass, passes)
    pandas_others = _others(cpu, time.perf_counter() - began)

    differences = []
    rows = []
    for kpi in kpis:
        mine, theirs = koers_values[kpi.id], pandas_values[kpi.id]
        same = _same(mine.value, theirs.value) and len(mine.series) == len(theirs.series)
        same = same and all(_same(a, b) for a, b in zip(mine.series, theirs.series, strict=False))
        if not same:
            differences.append({"kpi": kpi.id, "koers": _plain(mine), "pandas": _plain(theirs)})
        rows.append(
            {
                "kpi": kpi.id,
                "metric": kpi.metric,
                "segment": dict(kpi.segment),
                "koers": mine.value,
                "pandas": theirs.value,
                "same": same,
            }
        )
    return {
        "today": today.isoformat(),
        "kpis": len(kpis),
        "generate_seconds": generate_seconds,
        "rows": dict(summary.rows),
        "koers": {
            "cold": koers_cold,
            "warm": koers_warm,
            "warm_median": statistics.median(koers_warm),
            "others_cpu": koers_others,
        },
        "pandas": {
            "cold": pandas_cold,
            "warm": pandas_warm,
            "warm_median": statistics.median(pandas_warm),
            "load_tables_seconds": load_seconds,
            "others_cpu": pandas_others,
        },
        "values": rows,
        "differences": differences,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _passes(
    compute: Callable[[], dict[str, KpiValue]], passes: int
) -> tuple[float, list[float], dict[str, KpiValue]]:
    began = time.perf_counter()
    values = compute()
    cold = time.perf_counter() - began
    warm = []
    for _ in range(passes):
        began = time.perf_counter()
        compute()
        warm.append(time.perf_counter() - began)
    return cold, warm, values


class PandasKpis:
    """The baseline: KPI values from the fact tables as pandas DataFrames.

    It reads the same declarations as Koers (the catalog's metrics, their bindings onto the
    tables, the KPIs' periods and segments) and computes with pandas: the first binding whose
    table covers the period (else the one covering most of it), its row filters and the KPI's
    segment, the period cut at the as-of day, one value per sub-period and one for the whole.
    Cohort conversion rates and derived metrics are left out: no demo KPI uses them.
    """

    def __init__(self, frames: Mapping[str, pd.DataFrame], timezone: str) -> None:
        self.frames = frames
        self.timezone = timezone
        self._coverage: dict[tuple[str, str], tuple[pd.Timestamp, pd.Timestamp] | None] = {}

    def kpi(self, kpi: Kpi, as_of: date) -> KpiValue:
        period = kpi.period
        if period is None or as_of < period.start:
            return KpiValue(None, ())
        cut = period if as_of >= period.last_day else Period.of(period.start, as_of + timedelta(days=1))
        grain = kpi.subperiod or (
            Grain.MONTH if period.days > 62 else Grain.WEEK if period.days > 14 else Grain.DAY
        )
        buckets = cut.subperiods(grain)
        where = dict(kpi.segment)
        series = self.metric(kpi.metric, buckets, where)
        complete = [bucket.last_day <= as_of for bucket in buckets]
        value: float | None
        match kpi.aggregation:
            case Aggregation.TOTAL | Aggregation.RATIO | Aggregation.CUMULATIVE:
                value = self.metric(kpi.metric, (cut,), where)[0]
                if kpi.aggregation is Aggregation.CUMULATIVE and STANDARD_CATALOG[kpi.metric].is_additive:
                    running = list(np.cumsum([math.nan if v is None else v for v in series]))
                    series = [None if math.isnan(v) else float(v) for v in running]
            case Aggregation.LAST_SUBPERIOD:
                begun = [v for bucket, v in zip(buckets, series, strict=True) if bucket.start <= as_of]
                value = begun[-1] if begun else None
            case Aggregation.EACH_SUBPERIOD:
                done = [v for v, whole in zip(series, complete, strict=True) if whole]
                if not done:
                    value = series[0] if series else None
                elif any(v is None for v in done):
                    value = None
                elif kpi.subperiod_rule is SubperiodRule.MEAN:
                    value = sum(v for v in done if v is not None) / len(done)
                else:
                    known = [v for v in done if v is not None]
                    value = max(known) if kpi.comparator is Comparator.AT_MOST else min(known)
        return KpiValue(value, tuple(series))

    def metric(self, key: str, buckets: Sequence[Period], where: Mapping[str, str]) -> list[float | None]:
        definition = STANDARD_CATALOG[key]
        if definition.kind is MetricKind.BASE:
            return self.base(key, buckets, where)
        if definition.kind is MetricKind.RATIO:
            assert definition.numerator is not None
            assert definition.denominator is not None
            if definition.basis is RateBasis.COHORT and {definition.numerator, definition.denominator} <= set(
                STAGE_COLUMNS
            ):
                raise NotImplementedError(f"cohort rate {key}")
            numerator = self.metric(definition.numerator, buckets, where)
            denominator = self.metric(definition.denominator, buckets, where)
            return [
                n / d if n is not None and d else None for n, d in zip(numerator, denominator, strict=True)
            ]
        raise NotImplementedError(f"derived metric {key}")

    def base(self, key: str, buckets: Sequence[Period], where: Mapping[str, str]) -> list[float | None]:
        period = Period.of(buckets[0].start, buckets[-1].end)
        usable = [
            binding
            for binding in bindings_for(key)
            if set(where) <= binding.dims.keys()
            and not (binding.span is Span.DAILY_ONLY and any(bucket.days != 1 for bucket in buckets))
        ]
        best: tuple[int, Binding, tuple[pd.Timestamp, pd.Timestamp]] | None = None
        for binding in usable:
            coverage = self.coverage(binding)
            if coverage is None:
                continue
            first = max(coverage[0], pd.Timestamp(period.start))
            last = min(coverage[1], pd.Timestamp(period.last_day))
            if first > last:
                continue
            days = (last - first).days + 1
            if days == period.days:
                best = (days, binding, coverage)
                break
            if best is None or days > best[0]:
                best = (days, binding, coverage)
        if best is None:
            return [None] * len(buckets)
        _, binding, coverage = best
        values = self.run(binding, buckets, where)
        # a sub-period the data does not reach is unknown, not zero
        return [
            None
            if pd.Timestamp(bucket.start) > coverage[1] or pd.Timestamp(bucket.last_day) < coverage[0]
            else value
            for bucket, value in zip(buckets, values, strict=True)
        ]

    def coverage(self, binding: Binding) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        cache = (binding.table, binding.label)
        if cache not in self._coverage:
            table = self.frames[binding.table]
            for condition in binding.where:
                if condition.op == "=":
                    table = table[table[condition.column] == condition.value]
            range_only = binding.span is Span.RANGE_ONLY
            days = self.days(table[FACT_TABLES[binding.table].date_column if range_only else binding.time])
            if days.notna().any():
                last = days.max()
                if range_only:
                    last = self.days(table["end_date"]).max() - pd.Timedelta(days=1)
                self._coverage[cache] = (days.min(), last)
            else:
                self._coverage[cache] = None
        return self._coverage[cache]

    def days(self, column: pd.Series) -> pd.Series:
        """A date or moment column as calendar days in the workspace's time zone."""
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            return column.dt.tz_convert(self.timezone).dt.tz_localize(None).dt.normalize()
        return pd.to_datetime(column)

    def run(
        self, binding: Binding, buckets: Sequence[Period], where: Mapping[str, str]
    ) -> list[float | None]:
        table = self.filtered(self.frames[binding.table], binding)
        for name, wanted in where.items():
            column = binding.dims[name]
            if column.startswith("~"):
                table = table[
                    table[column[1:]].str.lower().str.contains(wanted.lower(), regex=False, na=False)
                ]
            else:
                table = table[table[column] == wanted]
        if binding.grained:
            needed = {binding.dims[name].lstrip("~") for name in where}
            grains = [g for g in table["grain"].unique() if needed <= set(filter(None, g.split(",")))]
            if not grains:
                return [None] * len(buckets)
            grain = min(grains, key=lambda g: (len(g.split(",")) if g else 0, g))
            table = table[table["grain"] == grain]
        if binding.span is Span.RANGE_ONLY:
            values: list[float | None] = []
            for bucket in buckets:
                rows = table[
                    (self.days(table["start_date"]) == pd.Timestamp(bucket.start))
                    & (self.days(table["end_date"]) == pd.Timestamp(bucket.end))
                ]
                values.append(self.measure(rows, binding) if len(rows) else None)
            return values
        day = self.days(table[binding.time])
        inside = (day >= pd.Timestamp(buckets[0].start)) & (day < pd.Timestamp(buckets[-1].end))
        table, day = table[inside], day[inside]
        starts = np.array([np.datetime64(bucket.start, "ns") for bucket in buckets])
        bucket = np.searchsorted(starts, day.to_numpy(dtype="datetime64[ns]"), side="right") - 1
        found = {index: self.measure(rows, binding) for index, rows in table.groupby(bucket)}
        return [found.get(index, 0.0) for index in range(len(buckets))]

    def filtered(self, table: pd.DataFrame, binding: Binding) -> pd.DataFrame:
        whole = table
        for condition in binding.where:
            column = table[condition.column]
            match condition.op:
                case "true":
                    table = table[column.fillna(False).astype(bool)]
                case "false":
                    table = table[~column.fillna(True).astype(bool)]
                case "not_null":
                    table = table[column.notna()]
                case "=":
                    table = table[column == condition.value]
                case "in":
                    assert isinstance(condition.value, tuple)
                    table = table[column.isin(condition.value)]
                case ">=":
                    table = table[column >= condition.value]
                case "<=":
                    table = table[column <= condition.value]
                case "repeat":
                    others = whole
                    for other in binding.where:
                        if other is not condition:
                            others = self.filtered(others, dataclasses.replace(binding, where=(other,)))
                    counts = others[condition.column].value_counts()
                    table = table[column.isin(counts.index[counts > 1])]
                case _:
                    raise ValueError(f"unknown condition {condition}")
        return table

    def measure(self, rows: pd.DataFrame, binding: Binding) -> float | None:
        if binding.measure is Measure.COUNT:
            return float(len(rows))
        assert binding.column is not None
        first, *rest = binding.column.split("|")
        column = rows[first]
        for name in rest:
            column = column.fillna(rows[name])
        if len(rows) and rows[first].notna().sum() == 0:
            return None  # every row left the column empty: unknown, not zero
        return float(column.nunique() if binding.measure is Measure.COUNT_DISTINCT else column.sum())


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _plain(value: KpiValue) -> dict[str, Any]:
    return {"value": value.value, "series": list(value.series)}


# --- 3. where the time goes (--profile) -------------------------------------------------------------


class _TimedCursor:
    """A warehouse cursor that notes how long each statement takes."""

    def __init__(self, cursor: Any, timings: list[tuple[float, str]]) -> None:
        self._cursor = cursor
        self._timings = timings

    def execute(self, sql: str, *args: Any) -> Any:
        began = time.perf_counter()
        result = self._cursor.execute(sql, *args)
        self._timings.append((time.perf_counter() - began, " ".join(sql.split())))
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


def profile_import(path: str, folder: str) -> dict[str, Any]:
    """One Koers import under cProfile, with the time of every statement the warehouse runs."""
    import cProfile
    import pstats

    timings: list[tuple[float, str]] = []
    plain_cursor = Warehouse.cursor
    Warehouse.cursor = lambda self: _TimedCursor(plain_cursor(self), timings)  # type: ignore[method-assign, assignment, return-value]
    warehouse = Warehouse(Path(folder) / "warehouse.duckdb", timezone=TIMEZONE)
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    import_file(Path(path), warehouse, ImportContext(timezone=TIMEZONE), format="ga4_bigquery")
    profiler.disable()
    seconds = time.perf_counter() - began
    warehouse.close()
    stats = pstats.Stats(profiler)
    functions = _top_functions(stats, ("koers/", "hashlib"), 8)
    statements = [(round(t, 3), sql[:100]) for t, sql in sorted(timings, reverse=True)[:8]]
    return {"seconds": seconds, "functions": functions, "statements": statements}


def profile_kpis(today_iso: str, folder: str) -> dict[str, Any]:
    """Warm passes over the demo KPIs under cProfile: the functions that take the time."""
    import cProfile
    import pstats

    today = date.fromisoformat(today_iso)
    workspace = demo_workspace(today)
    kpis = [kpi for goal in workspace.goals for kpi in goal.kpis]
    path = Path(folder) / "warehouse.duckdb"
    with Warehouse(path, timezone=workspace.timezone) as warehouse:
        generate_demo_data(warehouse, today=today)
    warehouse = Warehouse(path, read_only=True, timezone=workspace.timezone)
    for kpi in kpis:  # warm up
        kpi_actual(kpi, MetricEngine(warehouse), today)
    passes = 3
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(passes):
        engine = MetricEngine(warehouse)
        for kpi in kpis:
            kpi_actual(kpi, engine, today)
    profiler.disable()
    warehouse.close()
    stats = pstats.Stats(profiler)
    watched = (
        "koers/",
        "ibis/expr/sql.py",
        "ibis/backends/sql/compilers/base.py",
        "ibis/backends/duckdb/__init__",
        "ibis/expr/types/core.py",
        "duckdb/_seam",
    )
    return {"passes": passes, "functions": _top_functions(stats, watched, 20, per=passes)}


def _top_functions(stats: Any, watched: Sequence[str], count: int, per: int = 1) -> list[tuple[float, str]]:
    """The functions from the ``watched`` files with the most time spent in them and below."""
    rows = []
    for (file, line, name), (_, _, _, cumulative, _) in stats.stats.items():
        if any(part in file for part in watched):
            short = file.split("site-packages/")[-1].split("/src/")[-1]
            rows.append((round(cumulative / per, 3), f"{short}:{line}({name})"))
    return sorted(rows, reverse=True)[:count]


# --- running and reporting --------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> tuple[float, float, float]:
    """CPU seconds so far: the whole machine's busy time, time stolen by the host, and this
    process's own (all its threads)."""
    with open("/proc/stat", encoding="ascii") as handle:
        user, nice, system, _, _, irq, softirq, steal = (int(v) for v in handle.readline().split()[1:9])
    tick = os.sysconf("SC_CLK_TCK")
    own = resource.getrusage(resource.RUSAGE_SELF)
    return (user + nice + system + irq + softirq) / tick, steal / tick, own.ru_utime + own.ru_stime


def _others(before: tuple[float, float, float], seconds: float) -> dict[str, float]:
    """What else ran while this process was measured, in cores busy on average: other
    processes, and the host's steal."""
    after = _cpu()
    busy, stolen, own = (a - b for a, b in zip(after, before, strict=True))
    return {"processes": round(max(busy - own, 0.0) / seconds, 2), "steal": round(stolen / seconds, 2)}


def _in_fresh_process(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        memory_kb = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024**2, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        **{
            name: metadata.version(name)
            for name in ("duckdb", "pandas", "pyarrow", "numpy", "ibis-framework")
        },
    }


def machine_tag(info: Mapping[str, Any]) -> str:
    """A name for the machine without its host name: ``amd-epyc-2c-24g``."""
    cpu = re.sub(r"\((r|tm)\)|cpu|processor|@.*|\d+-core", "", str(info["cpu"]).lower())
    cpu = "-".join(re.findall(r"[a-z0-9]+", cpu)[:4]) or "cpu"
    return f"{cpu}-{info['cores']}c-{round(info['memory_gib'])}g"


def _label(events: int) -> str:
    if events % 1_000_000 == 0:
        return f"{events // 1_000_000}M"
    if events % 1_000 == 0:
        return f"{events // 1_000}k"
    return str(events)


def run_import(events: int, data: Path, seed: int, repeat: int) -> dict[str, Any]:
    path = data / f"ga4-{_label(events)}-seed{seed}.parquet"
    generated = None
    if not path.exists():
        began = time.perf_counter()
        generate(events, path, seed=seed)
        generated = time.perf_counter() - began
    koers_runs, pandas_runs = [], []
    for _ in range(repeat):
        folder = tempfile.mkdtemp(prefix="koers-bench-")
        try:
            koers_runs.append(_in_fresh_process(koers_import, str(path), folder))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        pandas_runs.append(_in_fresh_process(pandas_import, str(path)))
    koers = min(koers_runs, key=lambda run: run["seconds"])
    baseline = min(pandas_runs, key=lambda run: run["seconds"])
    disagree = [
        f"{name}: Koers {koers['totals'][name]:,}, pandas {baseline['totals'][name]:,}"
        for name in (*CHECKED, *ALSO_CHECKED)
        if koers["totals"][name] != baseline["totals"][name]
    ]
    if koers["by_source"] != baseline["by_source"]:
        keys = sorted(set(koers["by_source"]) | set(baseline["by_source"]))
        disagree += [
            f"sessions from {key}: Koers {koers['by_source'].get(key)}, "
            f"pandas {baseline['by_source'].get(key)}"
            for key in keys
            if koers["by_source"].get(key) != baseline["by_source"].get(key)
        ]
    if koers["events"] != events:
        disagree.append(f"events: Koers stored {koers['events']:,} of {events:,}")
    if disagree:
        raise SystemExit(
            f"Koers and the pandas baseline disagree on {_label(events)} events:\n  " + "\n  ".join(disagree)
        )
    return {
        "events": events,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "generate_seconds": None if generated is None else round(generated, 1),
        "repeat": repeat,
        "koers": _summary(koers_runs, events),
        "pandas": _summary(pandas_runs, events),
        "speedup": round(baseline["seconds"] / koers["seconds"], 2),
        "totals": koers["totals"],
        "agree": True,
    }


def _summary(runs: Sequence[Mapping[str, Any]], events: int) -> dict[str, Any]:
    best = min(run["seconds"] for run in runs)
    return {
        "seconds": round(best, 2),
        "all_seconds": [round(run["seconds"], 2) for run in runs],
        "events_per_second": round(events / best),
        "peak_rss_mb": round(max(run["peak_rss_mb"] for run in runs)),
        "others_cpu": [run["others_cpu"] for run in runs],
    }


def report(results: Mapping[str, Any]) -> str:
    lines = [
        f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"{results['machine']['memory_gib']} GiB; Python {results['machine']['python']}, "
        f"DuckDB {results['machine']['duckdb']}, pandas {results['machine']['pandas']}",
        "",
    ]
    if results["imports"]:
        lines.append(
            f"{'GA4 import':<12}{'Koers s':>9}{'ev/s':>12}{'peak MB':>9}"
            f"{'pandas s':>10}{'ev/s':>12}{'peak MB':>9}{'speed-up':>10}"
        )
        for run in results["imports"]:
            koers, baseline = run["koers"], run["pandas"]
            lines.append(
                f"{_label(run['events']) + ' events':<12}"
                f"{koers['seconds']:>9.2f}{koers['events_per_second']:>12,}"
                f"{koers['peak_rss_mb']:>9,}{baseline['seconds']:>10.2f}{baseline['events_per_second']:>12,}"
                f"{baseline['peak_rss_mb']:>9,}{run['speedup']:>9.1f}x"
            )
        lines.append(
            "(the fastest of the runs; all runs, s, and other processes' CPU use, cores busy, during each:"
        )
        for run in results["imports"]:
            for name in ("koers", "pandas"):
                side = run[name]
                others = ", ".join(f"{o['processes']:.2f}" for o in side["others_cpu"])
                times = ", ".join(f"{t:.2f}" for t in side["all_seconds"])
                lines.append(f"   {_label(run['events'])} {name}: {times}; others {others}")
        lines[-1] += ")"
        lines.append("")
    kpis = results.get("kpis")
    if kpis:
        koers, baseline = kpis["koers"], kpis["pandas"]
        lines += [
            f"Demo KPIs ({kpis['kpis']} at {kpis['today']})   cold s   warm median s",
            f"  Koers kpi_actual          {koers['cold']:>6.3f}   {koers['warm_median']:>6.3f}",
            f"  pandas baseline           {baseline['cold']:>6.3f}   {baseline['warm_median']:>6.3f}"
            f"   (+{baseline['load_tables_seconds']:.3f} s to read the tables)",
            f"  (other processes' CPU use: {koers['others_cpu']['processes']:.2f} and "
            f"{baseline['others_cpu']['processes']:.2f} cores busy)",
        ]
        for row in kpis["values"]:
            mark = "" if row["same"] else "   DIFFERENT"
            lines.append(
                f"    {row['kpi']:<24} Koers {_show(row['koers']):>14}  "
                f"pandas {_show(row['pandas']):>14}{mark}"
            )
        lines.append("")
    lines.append("Aims:")
    for aim in results["aims"]:
        lines.append(f"  [{'met' if aim['met'] else 'NOT met'}] {aim['aim']}: {aim['measured']}")
    return "\n".join(lines)


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def aims(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    def aim(text: str, measured: str, met: bool) -> dict[str, Any]:
        return {"aim": text, "measured": measured, "met": met}

    found = []
    ten = next((run for run in results["imports"] if run["events"] == 10_000_000), None)
    if ten is not None:
        seconds = ten["koers"]["seconds"]
        found.append(
            aim(
                f"10M events imported in at most {AIM_SECONDS_10M:.0f} s",
                f"{seconds:.1f} s",
                seconds <= AIM_SECONDS_10M,
            )
        )
    for run in results["imports"]:
        found.append(
            aim(
                f"{_label(run['events'])} events at least {AIM_SPEEDUP:.0f}x faster than pandas",
                f"{run['speedup']:.1f}x",
                run["speedup"] >= AIM_SPEEDUP,
            )
        )
    kpis = results.get("kpis")
    if kpis:
        cold, warm = kpis["koers"]["cold"], kpis["koers"]["warm_median"]
        found.append(
            aim(
                f"all demo KPIs in under {AIM_KPI_SECONDS:.0f} s (cold and warm)",
                f"cold {cold:.2f} s, warm {warm:.2f} s",
                max(cold, warm) < AIM_KPI_SECONDS,
            )
        )
        found.append(
            aim(
                "KPI values equal to the pandas baseline's",
                f"{len(kpis['differences'])} differences",
                not kpis["differences"],
            )
        )
    return found


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1M,10M", help="events per import run, comma-separated (default 1M,10M)"
    )
    parser.add_argument("--quick", action="store_true", help="one run of 100k events: a smoke test")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each import; the fastest counts")
    parser.add_argument("--kpi-passes", type=int, default=7, help="warm passes over the demo KPIs")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-kpis", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="profile the largest import and the KPIs instead of timing"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(), help="the demo's today")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "koers-bench",
        help="where generated event files are kept between runs",
    )
    parser.add_argument(
        "--out", type=Path, help="the JSON file (default benchmarks/results/<date>-<machine>.json)"
    )
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args(list(argv) if argv is not None else None)
    sizes = [100_000] if args.quick else [parse_count(size) for size in args.sizes.split(",") if size.strip()]

    if args.profile:
        _profile(max(sizes), args)
        return
    info = machine()
    results: dict[str, Any] = {
        "date": date.today().isoformat(),
        "machine": info,
        "load_at_start": [round(value, 2) for value in os.getloadavg()],
        "imports": [],
    }
    if not args.skip_import:
        for events in sizes:
            print(f"importing {_label(events)} events ...", flush=True)
            results["imports"].append(run_import(events, args.data, args.seed, args.repeat))
    if not args.skip_kpis:
        print("computing the demo KPIs ...", flush=True)
        folder = tempfile.mkdtemp(prefix="koers-bench-kpis-")
        try:
            results["kpis"] = _in_fresh_process(
                kpi_benchmark, args.today.isoformat(), folder, args.kpi_passes
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    results["load_at_end"] = [round(value, 2) for value in os.getloadavg()]
    results["aims"] = aims(results)
    print()
    print(report(results))
    if not args.no_save:
        out = (
            args.out
            or HERE
            / "results"
            / f"{results['date']}-{machine_tag(info)}{'-quick' if args.quick else ''}.json"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=1, default=_json) + "\n", encoding="utf-8")
        print(f"\nwritten to {out}")


def _profile(events: int, args: argparse.Namespace) -> None:
    path = args.data / f"ga4-{_label(events)}-seed{args.seed}.parquet"
    if not path.exists():
        generate(events, path, seed=args.seed)
    folder = tempfile.mkdtemp(prefix="koers-bench-")
    try:
        found = _in_fresh_process(profile_import, str(path), folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Koers import of {_label(events)} events: {found['seconds']:.2f} s (under cProfile)")
    print("  slowest statements (s):")
    for seconds, sql in found["statements"]:
        print(f"    {seconds:7.3f}  {sql}")
    print("  Python functions (s, with what they call):")
    for seconds, name in found["functions"]:
        print(f"    {seconds:7.3f}  {name}")
    folder = tempfile.mkdtemp(prefix="koers-bench-kpis-")
    try:
        found = _in_fresh_process(profile_kpis, args.today.isoformat(), folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nDemo KPIs, a warm pass with a new engine (mean of {found['passes']}, under cProfile), s:")
    for seconds, name in found["functions"]:
        print(f"    {seconds:7.3f}  {name}")


def _json(value: Any) -> Any:
    if isinstance(value, Decimal | np.generic):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


if __name__ == "__main__":
    main()
