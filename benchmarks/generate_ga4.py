"""Write a GA4 BigQuery-export-shaped Parquet file of a given number of events.

    python benchmarks/generate_ga4.py --events 1000000 --out /tmp/ga4-1M.parquet

The file has the export's columns and nesting (``event_params`` as a repeated
``{key, value: {string_value, int_value, float_value, double_value}}``, ``device``, ``geo``,
``traffic_source``, ``collected_traffic_source``, ``session_traffic_source_last_click``,
``ecommerce``, ``items``, ...) and the quirks Koers must handle: ``session_engaged`` as the string
``'1'`` in most sessions and as ``int_value`` 1 in some, ``session_start``, ``first_visit`` and the
first ``page_view`` sharing one timestamp, three vintages of traffic-source fields (cross-channel
last click, manual-campaign last click only, or none of them, with ``collected_traffic_source``, a
lone ``gclid`` or the old ``source``/``medium``/``campaign`` event parameters instead), purchases
without a transaction id (``(not set)``) and reloaded thank-you pages (the same id twice).

Everything is vectorised (NumPy, then Arrow arrays built from index arrays and small
dictionaries), and the file is written in chunks of whole sessions, so 10 million events take
seconds and a few hundred MB of memory. The same ``--events`` and ``--seed`` give the same file.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from numpy.typing import NDArray

Scalar = TypeVar("Scalar", bound=np.generic)
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

CHUNK_EVENTS = 500_000
"""Events per chunk: generated, sorted by time and written one chunk at a time."""
ROW_GROUP_ROWS = 131_072
"""Rows per Parquet row group: readers such as DuckDB read row groups in parallel."""

SITE = "https://www.example-badkamers.nl"
STREAM_ID = "4512345678"

# --- what happens in a session -------------------------------------------------------------------

EXTRA_EVENTS: tuple[tuple[str, float], ...] = (
    ("page_view", 0.33), ("user_engagement", 0.20), ("scroll", 0.13), ("click", 0.07),
    ("view_item", 0.10), ("view_search_results", 0.03), ("add_to_cart", 0.03), ("begin_checkout", 0.02),
    ("file_download", 0.02), ("form_submit", 0.015), ("generate_lead", 0.01), ("purchase", 0.015),
)  # fmt: skip
"""The events after a session's opening ones, with their shares."""
EVENT_NAMES = ("session_start", "first_visit", *(name for name, _ in EXTRA_EVENTS))
SESSION_START, FIRST_VISIT = 0, 1
CODE = {name: index for index, name in enumerate(EVENT_NAMES)}
PAGE_VIEW, PURCHASE = CODE["page_view"], CODE["purchase"]
BOUNCE_SHARE = 0.32
"""Sessions with nothing after the landing page view."""
MEAN_EXTRA = 7.0
"""Mean number of events after the opening ones, in sessions that do not bounce."""
MEAN_GAP_SECONDS = 24.0

PAGES = (
    "/", "/badkamers", "/badkamers/modern", "/badkamers/landelijk", "/badkamers/klein", "/tegels",
    "/tegels/vloer", "/tegels/wand", "/kranen", "/douches", "/baden", "/toiletten", "/meubels",
    "/spiegels", "/verlichting", "/showroom", "/showroom/utrecht", "/showroom/amersfoort", "/contact",
    "/offerte", "/blog", "/blog/badkamer-renoveren", "/blog/kosten-badkamer", "/blog/kleine-badkamer",
    "/inspiratie", "/inspiratie/zwart-wit", "/zoeken", "/winkelwagen", "/afrekenen", "/bedankt",
)  # fmt: skip
VARIANTS = 24
"""Product pages per listed page (``?product=``): page_location has a few hundred values."""
FILES = ("whitepaper-badkamer-renoveren.pdf", "prijslijst-2024.pdf", "montagehandleiding.pdf")
FORMS = ("contact", "offerte", "showroom-afspraak", "nieuwsbrief")
SEARCH_TERMS = ("inloopdouche", "vrijstaand bad", "zwarte kraan", "wc", "badmeubel", "tegels 60x60")
PRODUCTS = tuple(
    (f"SKU-{1000 + i}", name, brand, category, price)
    for i, (name, brand, category, price) in enumerate(
        (n, b, c, p)
        for n, b, c, p in (
            ("Inloopdouche 90x200", "Aquastar", "Douches", 649.0),
            ("Vrijstaand bad Oval", "Bathline", "Baden", 1299.0),
            ("Badmeubel Porto 80", "Mueble", "Meubels", 899.0),
            ("Kraan Nero", "Kranix", "Kranen", 189.0),
            ("Spiegel LED 100", "Lumo", "Spiegels", 249.0),
            ("Hangtoilet Compact", "Porcel", "Toiletten", 329.0),
            ("Wandtegel Wit 30x60", "Tegelhuis", "Tegels", 34.95),
            ("Vloertegel Antraciet 60x60", "Tegelhuis", "Tegels", 44.95),
            ("Handdoekradiator", "Warmo", "Verwarming", 279.0),
            ("Regendouche set", "Aquastar", "Douches", 399.0),
        )
    )
)

# --- who visits, on what, from where -------------------------------------------------------------

DEVICES = (
    # category, brand, model, operating system, version, browser, browser version, language, share
    ("desktop", "Microsoft", "", "Windows", "Windows 10", "Chrome", "124.0.6367.91", "nl-nl", 0.27),
    ("desktop", "Apple", "", "Macintosh", "Macintosh Intel 10.15", "Safari", "17.4.1", "nl-nl", 0.09),
    ("desktop", "Microsoft", "", "Windows", "Windows 11", "Edge", "124.0.2478.80", "nl-nl", 0.06),
    ("mobile", "Apple", "iPhone", "iOS", "iOS 17.4.1", "Safari", "17.4.1", "nl-nl", 0.27),
    ("mobile", "Samsung", "SM-S911B", "Android", "Android 14", "Chrome", "124.0.6367.82", "nl-nl", 0.16),
    ("mobile", "Google", "Pixel 7", "Android", "Android 14", "Chrome", "124.0.6367.82", "en-us", 0.06),
    ("tablet", "Apple", "iPad", "iOS", "iPadOS 17.4", "Safari", "17.4", "nl-nl", 0.06),
    ("mobile", "(not set)", "(not set)", "Android", "Android 13", "Samsung Internet", "24.0", "nl-be", 0.03),
)
GEOS = (
    # continent, sub-continent, country, region, city, share
    ("Europe", "Western Europe", "Netherlands", "Utrecht", "Utrecht", 0.18),
    ("Europe", "Western Europe", "Netherlands", "North Holland", "Amsterdam", 0.22),
    ("Europe", "Western Europe", "Netherlands", "South Holland", "Rotterdam", 0.14),
    ("Europe", "Western Europe", "Netherlands", "North Brabant", "Eindhoven", 0.12),
    ("Europe", "Western Europe", "Netherlands", "Gelderland", "Arnhem", 0.10),
    ("Europe", "Western Europe", "Netherlands", "(not set)", "(not set)", 0.05),
    ("Europe", "Western Europe", "Belgium", "Flanders", "Antwerp", 0.08),
    ("Europe", "Western Europe", "Belgium", "Flanders", "Ghent", 0.04),
    ("Europe", "Western Europe", "Germany", "North Rhine-Westphalia", "Dusseldorf", 0.04),
    ("Americas", "Northern America", "United States", "California", "San Jose", 0.02),
    ("Europe", "Northern Europe", "United Kingdom", "England", "London", 0.01),
)
TRAFFIC = (
    # source, medium, campaign, default channel group, share, tagged (utm or gclid)
    ("google", "organic", "(organic)", "Organic Search", 0.34, False),
    ("bing", "organic", "(organic)", "Organic Search", 0.03, False),
    ("google", "cpc", "Brand", "Paid Search", 0.07, True),
    ("google", "cpc", "Badkamers generiek", "Paid Search", 0.06, True),
    ("google", "cpc", "Showroom", "Paid Search", 0.02, True),
    ("(direct)", "(none)", "(direct)", "Direct", 0.18, False),
    ("vtwonen.nl", "referral", "(referral)", "Referral", 0.04, False),
    ("houzz.nl", "referral", "(referral)", "Referral", 0.02, False),
    ("l.facebook.com", "referral", "(referral)", "Organic Social", 0.05, False),
    ("instagram", "social", "voorjaar-2024", "Organic Social", 0.03, True),
    ("facebook", "paid_social", "prospecting-q2", "Paid Social", 0.04, True),
    ("newsletter", "email", "nieuwsbrief-2024-06", "Email", 0.07, True),
    ("chatgpt.com", "referral", "(referral)", "Referral", 0.01, False),
    ("marktplaats", "display", "banner-juni", "Display", 0.02, True),
)
DIRECT = next(i for i, row in enumerate(TRAFFIC) if row[0] == "(direct)")
CPC = frozenset(i for i, row in enumerate(TRAFFIC) if row[1] == "cpc")
VINTAGES = (0.55, 0.15, 0.30)
"""Sessions whose events carry ``session_traffic_source_last_click`` with the cross-channel
campaign, with only the manual campaign, or without it (an older export, or a property that has
not got the field yet)."""
INT_ENGAGED_SHARE = 0.1
"""Sessions whose ``session_engaged`` parameter is ``int_value`` 1 instead of ``string_value``."""


@dataclass(frozen=True, slots=True)
class Sessions:
    """Every session of the file, in order of their first event."""

    user: Ints
    start_us: Ints
    number: Ints
    length: Ints
    device: Ints
    geo: Ints
    traffic: Ints
    vintage: Ints
    ga_engaged: Bools
    int_engaged: Bools
    old_params: Bools
    gclid_only: Bools


@dataclass(frozen=True, slots=True)
class Users:
    pseudo_id: pa.Array
    user_id: pa.Array
    first_touch_us: Ints
    first_traffic: Ints


def parse_count(text: str) -> int:
    """``1000000``, ``1M``, ``100k``, ``2.5M`` or ``1_000_000`` as a number."""
    match = re.fullmatch(r"\s*([\d_.]+)\s*([kKmM]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a number of events: {text!r}")
    number = float(match.group(1).replace("_", ""))
    return int(number * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()])


def generate(
    events: int,
    out: Path,
    *,
    seed: int = 1,
    start: date = date(2024, 6, 1),
    days: int = 28,
    timezone: str = "Europe/Amsterdam",
    row_group_rows: int = ROW_GROUP_ROWS,
) -> Path:
    """Write ``events`` GA4 export events to ``out`` (Parquet, Snappy) and return ``out``."""
    if events < 1:
        raise ValueError("at least one event")
    rng = np.random.default_rng([seed, 0])
    sessions, users = _sessions(rng, events, start, days, timezone)
    out.parent.mkdir(parents=True, exist_ok=True)
    ends = np.cumsum(sessions.length)
    cuts = np.searchsorted(ends, np.arange(CHUNK_EVENTS, int(ends[-1]), CHUNK_EVENTS), side="left") + 1
    bounds = [int(b) for b in np.unique(np.r_[0, cuts, len(ends)])]
    chunks = list(pairwise(bounds))

    def make(chunk: int) -> pa.Table:
        first, last = chunks[chunk]
        return _chunk(np.random.default_rng([seed, 1, chunk]), sessions, users, first, last, timezone)

    writer: pq.ParquetWriter | None = None
    # the next chunk is built while this one is written: both mostly run outside the GIL
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(make, 0)
        try:
            for chunk in range(len(chunks)):
                table = pending.result()
                if chunk + 1 < len(chunks):
                    pending = pool.submit(make, chunk + 1)
                if writer is None:
                    # no Arrow schema in the file: readers see plain strings, as in a BigQuery
                    # export, not the dictionaries the columns are built from; only text is
                    # dictionary-encoded: trying it on timestamps and ids costs more than the rest
                    writer = pq.ParquetWriter(
                        out,
                        table.schema,
                        compression="snappy",
                        store_schema=False,
                        use_dictionary=_text_columns(table.slice(0, 1)),
                    )
                writer.write_table(table, row_group_size=row_group_rows)
                del table
        finally:
            if writer is not None:
                writer.close()
    return out


def _text_columns(sample: pa.Table) -> list[str]:
    """The Parquet paths of the text leaves of ``sample``'s columns."""
    buffer = pa.BufferOutputStream()
    pq.write_table(sample, buffer, store_schema=False)
    schema = pq.ParquetFile(pa.BufferReader(buffer.getvalue())).schema
    return [column.path for column in schema if column.physical_type == "BYTE_ARRAY"]


def _pick(rng: np.random.Generator, shares: Sequence[float], size: int) -> Ints:
    weights = np.asarray(shares, dtype=np.float64)
    return np.searchsorted(np.cumsum(weights / weights.sum()), rng.random(size), side="right").astype(
        np.int64
    )


def _sessions(
    rng: np.random.Generator, events: int, start: date, days: int, timezone: str
) -> tuple[Sessions, Users]:
    """Sessions enough for ``events`` events; the last one is cut so that the total is exact."""
    estimate = int(events / (3.0 + (1 - BOUNCE_SHARE) * MEAN_EXTRA)) + 16
    while True:
        count = int(estimate * 1.15) + 16
        # most users come once; a pool of returning users makes up a third of the sessions
        once = max(1, int(count * 0.62))
        returning = max(1, int(count * 0.06))
        user = np.where(
            rng.random(count) < 0.66,
            rng.integers(0, once, count),
            once + rng.integers(0, returning, count),
        ).astype(np.int64)
        user_count = once + returning
        prior = np.where(rng.random(user_count) < 0.55, 0, 1 + rng.geometric(0.35, user_count))
        start_us = _moments(rng, count, start, days, timezone)
        order = np.lexsort((start_us, user))
        rank = np.empty(count, dtype=np.int64)
        sorted_user = user[order]
        group_start = np.r_[0, np.flatnonzero(sorted_user[1:] != sorted_user[:-1]) + 1]
        first_of_group = np.repeat(group_start, np.diff(np.r_[group_start, count]))
        rank[order] = np.arange(count) - first_of_group
        number = prior[user] + rank + 1
        new = number == 1
        bounce = rng.random(count) < BOUNCE_SHARE
        extra = np.minimum(np.where(bounce, 0, rng.geometric(1 / MEAN_EXTRA, count)), 80)
        length = 2 + new.astype(np.int64) + extra
        total = np.cumsum(length)
        if total[-1] >= events:
            break
        estimate *= 2
    kept = int(np.searchsorted(total, events, side="left")) + 1
    length = length[:kept].copy()
    length[-1] -= int(total[kept - 1]) - events
    by_time = np.argsort(start_us[:kept], kind="stable")

    def take(values: NDArray[Scalar]) -> NDArray[Scalar]:
        return values[:kept][by_time]

    traffic = _pick(rng, [row[4] for row in TRAFFIC], count)
    # a user's first touch: the source of their first session when the file has it, else any
    first_session = np.full(user_count, -1, dtype=np.int64)
    new_rows = np.flatnonzero(new[:kept])
    first_session[user[new_rows]] = new_rows
    has_first = first_session >= 0
    first_traffic = np.where(
        has_first, traffic[np.maximum(first_session, 0)], _pick(rng, [row[4] for row in TRAFFIC], user_count)
    )
    first_touch = np.where(
        has_first,
        start_us[np.maximum(first_session, 0)],
        _epoch_us(start) - rng.integers(1, 400 * 86_400, user_count) * 1_000_000,
    )
    ga_engaged = rng.random(count) < np.where(extra > 0, 0.8, 0.05)
    sessions = Sessions(
        user=take(user),
        start_us=take(start_us),
        number=take(number),
        length=length[by_time],
        device=take(_pick(rng, [row[-1] for row in DEVICES], count)),
        geo=take(_pick(rng, [row[-1] for row in GEOS], count)),
        traffic=take(traffic),
        vintage=take(_pick(rng, VINTAGES, count)),
        ga_engaged=take(ga_engaged),
        int_engaged=take(rng.random(count) < INT_ENGAGED_SHARE),
        old_params=take(rng.random(count) < 0.5),
        gclid_only=take(rng.random(count) < 0.5),
    )
    # pseudo ids look like GA4's ("<random>.<first touch in seconds>") and are unique by construction
    random_part = 100_000_000 + np.arange(user_count) * 997 + rng.integers(0, 997, user_count)
    pseudo = pc.binary_join_element_wise(
        pa.array(rng.permutation(random_part)).cast(pa.string()),
        pa.array(first_touch // 1_000_000).cast(pa.string()),
        ".",
    )
    signed_in = rng.random(user_count) < 0.04
    user_id = pc.if_else(
        pa.array(signed_in),
        pc.binary_join_element_wise("klant-", pa.array(np.arange(user_count)).cast(pa.string()), ""),
        pa.scalar(None, pa.string()),
    )
    return sessions, Users(pseudo, user_id, first_touch, first_traffic)


def _epoch_us(day: date) -> int:
    return (day - date(1970, 1, 1)).days * 86_400_000_000


HOURS = (0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 2.5, 3.5, 4.0, 4.0,
         4.2, 4.0, 3.8, 3.7, 3.6, 3.5, 4.0, 5.5, 6.5, 6.5, 4.5, 2.0)  # fmt: skip


def _moments(rng: np.random.Generator, count: int, start: date, days: int, timezone: str) -> Ints:
    """Session starts in the property's local time (evenings busiest), as UTC microseconds."""
    day = rng.integers(0, days, count)
    hour = _pick(rng, HOURS, count)
    local = (
        _epoch_us(start) + day * 86_400_000_000 + hour * 3_600_000_000 + rng.integers(0, 3_600_000_000, count)
    )
    naive = pa.array(local, pa.timestamp("us"))
    aware = pc.assume_timezone(naive, timezone=timezone, ambiguous="earliest", nonexistent="latest")
    return np.asarray(aware.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _dictionary(indices: NDArray[np.integer], values: Sequence[str], mask: Bools | None = None) -> pa.Array:
    """Text as indices into ``values``; each value once in the dictionary, so that the Parquet
    writer can write it as the column's dictionary instead of falling back to plain text."""
    unique = list(dict.fromkeys(values))
    place = {value: index for index, value in enumerate(unique)}
    remap = np.array([place[value] for value in values], dtype=np.int32)
    return pa.DictionaryArray.from_arrays(
        pa.array(remap[np.asarray(indices, dtype=np.int64)], mask=mask), pa.array(unique, pa.string())
    )


def _struct(fields: dict[str, pa.Array], mask: Bools | None = None) -> pa.StructArray:
    children = list(fields.values())
    if mask is not None:
        # pyarrow writes a dictionary column's null count without the nulls of its parents
        # (0 where the struct is null); DuckDB trusts that count and then takes ``x IS NULL``
        # for false. Plain text below a struct that can be null gets the count right.
        children = [_decoded(child) for child in children]
    return pa.StructArray.from_arrays(children, list(fields), mask=None if mask is None else pa.array(mask))


def _decoded(array: pa.Array) -> pa.Array:
    """``array`` with every dictionary in it, at any depth, turned into plain values."""
    if pa.types.is_dictionary(array.type):
        return array.dictionary_decode()
    if pa.types.is_struct(array.type):
        names = [array.type.field(i).name for i in range(array.type.num_fields)]
        children = [_decoded(array.field(i)) for i in range(array.type.num_fields)]
        return pa.StructArray.from_arrays(children, names, mask=array.is_null() if array.null_count else None)
    return array


def _zeros(size: int) -> Ints:
    return np.zeros(size, dtype=np.int64)


@lru_cache(maxsize=8)
def _null(type_: pa.DataType, size: int) -> pa.Array:
    return pa.nulls(size, type_)


class _Params:
    """Event parameters collected one key at a time, then laid out as GA4's repeated record."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.keys: list[str] = []
        self.masks: list[Bools] = []
        self.kinds: list[str] = []
        self.values: list[NDArray[np.generic]] = []
        self.dictionaries: list[Sequence[str]] = []

    def add_text(
        self, key: str, mask: Bools, indices: NDArray[np.integer], dictionary: Sequence[str]
    ) -> None:
        self._add(key, mask, "string", np.asarray(indices, dtype=np.int64), dictionary)

    def add_int(self, key: str, mask: Bools, values: NDArray[np.integer]) -> None:
        self._add(key, mask, "int", np.asarray(values, dtype=np.int64), ())

    def add_double(self, key: str, mask: Bools, values: NDArray[np.floating]) -> None:
        self._add(key, mask, "double", np.asarray(values, dtype=np.float64), ())

    def _add(
        self, key: str, mask: Bools, kind: str, values: NDArray[np.generic], dictionary: Sequence[str]
    ) -> None:
        self.keys.append(key)
        self.masks.append(np.broadcast_to(mask, (self.size,)))
        self.kinds.append(kind)
        self.values.append(np.broadcast_to(values, (self.size,)))
        self.dictionaries.append(dictionary)

    def array(self) -> pa.Array:
        names = list(dict.fromkeys(self.keys))
        present = np.stack(self.masks, axis=1)
        offsets = np.r_[0, np.cumsum(present.sum(axis=1))].astype(np.int32)
        event, key = np.nonzero(present)
        total = len(event)
        text = np.zeros(total, dtype=np.int32)
        text_null = np.ones(total, dtype=bool)
        whole = np.zeros(total, dtype=np.int64)
        whole_null = np.ones(total, dtype=bool)
        double = np.zeros(total, dtype=np.float64)
        double_null = np.ones(total, dtype=bool)
        words: list[str] = []
        for index, kind in enumerate(self.kinds):
            rows = np.flatnonzero(key == index)
            values = self.values[index][event[rows]]
            if kind == "string":
                text[rows] = values + len(words)
                text_null[rows] = False
                words.extend(self.dictionaries[index])
            elif kind == "int":
                whole[rows] = values
                whole_null[rows] = False
            else:
                double[rows] = values
                double_null[rows] = False
        value = _struct(
            {
                "string_value": _dictionary(text, words, text_null),
                "int_value": pa.array(whole, mask=whole_null),
                "float_value": _null(pa.float64(), total),
                "double_value": pa.array(double, mask=double_null),
            }
        )
        key_names = np.array([names.index(name) for name in self.keys])[key]
        item = _struct({"key": _dictionary(key_names, names), "value": value})
        return pa.ListArray.from_arrays(pa.array(offsets), item)


def _chunk(
    rng: np.random.Generator, sessions: Sessions, users: Users, first: int, last: int, timezone: str
) -> pa.Table:
    """The events of sessions ``first`` to ``last``, sorted by time, as an export table."""
    length = sessions.length[first:last]
    size = int(length.sum())
    local_session = np.repeat(np.arange(last - first), length)
    session_first = np.cumsum(length) - length
    position = np.arange(size) - session_first[local_session]
    session = local_session + first
    new = sessions.number[session] == 1

    # names: session_start, first_visit (new users), the landing page_view, then the rest
    head = 2 + new.astype(np.int64)
    name = _pick(rng, [share for _, share in EXTRA_EVENTS], size) + 2
    name = np.where(position == 0, SESSION_START, name)
    name = np.where(new & (position == 1), FIRST_VISIT, name)
    name = np.where(position == head - 1, PAGE_VIEW, name)
    opening = position < head
    # the opening events share one moment; the rest follow with gaps of a second or more
    gap = (
        1_000_000
        + rng.exponential(MEAN_GAP_SECONDS * 1e6, size).astype(np.int64)
        + rng.integers(0, 1000, size)
    )
    elapsed = np.cumsum(np.where(opening, 0, gap))
    elapsed -= elapsed[session_first][local_session]
    moment = sessions.start_us[session] + elapsed
    # every event is on the page of the latest page_view; the opening events on the landing page
    is_view = name == PAGE_VIEW
    viewed = rng.integers(0, len(PAGES), size) * VARIANTS
    viewed += np.where(rng.random(size) < 0.3, rng.integers(1, VARIANTS, size), 0)
    latest = np.maximum.accumulate(np.where(is_view, np.arange(size), 0))
    landing = session_first[local_session] + head - 1
    location = viewed[np.where(opening, np.minimum(landing, size - 1), latest)]
    referrer = np.r_[location[:1], location[:-1]]
    # GA4 flags a session engaged from some event on; some exports write the flag as an integer
    engaged_from = head + rng.integers(0, 3, last - first)[local_session]

    order = np.argsort(moment, kind="stable")
    session, position, name, moment, head, location, referrer, engaged_from = (
        values[order] for values in (session, position, name, moment, head, location, referrer, engaged_from)
    )
    new, opening = new[order], opening[order]
    user = sessions.user[session]
    traffic = sessions.traffic[session]
    vintage = sessions.vintage[session]
    tagged = np.array([row[5] for row in TRAFFIC])[traffic]
    cpc = np.isin(traffic, list(CPC))

    moments = pa.array(moment, pa.timestamp("us", "UTC"))
    local_day = pc.local_timestamp(moments.cast(pa.timestamp("us", timezone))).cast(pa.date32())
    day_numbers = np.asarray(local_day.cast(pa.int32()).to_numpy(zero_copy_only=False), dtype=np.int64)
    day_first = int(day_numbers.min())
    day_names = [(date(1970, 1, 1) + timedelta(days=day_first + i)).strftime("%Y%m%d")
                 for i in range(int(day_numbers.max()) - day_first + 1)]  # fmt: skip

    # --- event parameters ----------------------------------------------------------------------
    params = _Params(size)
    every = np.ones(size, dtype=bool)
    locations = [SITE + p + (f"?product={v}" if v else "") for p in PAGES for v in range(VARIANTS)]
    titles = [p.strip("/").replace("/", " - ").capitalize() or "Home" for p in PAGES]
    params.add_int("ga_session_id", every, sessions.start_us[session] // 1_000_000)
    params.add_int("ga_session_number", every, sessions.number[session])
    params.add_text("page_location", every, location, locations)
    params.add_text("page_title", every, location // VARIANTS, titles)
    params.add_text(
        "page_referrer", (name == PAGE_VIEW) & ~opening & (rng.random(size) < 0.6), referrer, locations
    )
    params.add_int("batch_page_id", every, moment // 1_000)
    params.add_int("batch_ordering_id", every, position + 1)
    params.add_int("entrances", opening & (name == PAGE_VIEW), np.ones(size, dtype=np.int64))
    timed = ~np.isin(name, [SESSION_START, FIRST_VISIT]) & ~(opening & (name == PAGE_VIEW))
    params.add_int("engagement_time_msec", timed, rng.integers(1, 40_000, size))
    flagged = sessions.ga_engaged[session] & (position >= engaged_from)
    int_flag = sessions.int_engaged[session]
    params.add_text("session_engaged", flagged & ~int_flag, np.zeros(size, dtype=np.int64), ["1"])
    params.add_int("session_engaged", flagged & int_flag, np.ones(size, dtype=np.int64))
    params.add_int("engaged_session_event", flagged, np.ones(size, dtype=np.int64))
    params.add_text(
        "ignore_referrer", opening & (rng.random(size) < 0.05), np.zeros(size, dtype=np.int64), ["true"]
    )
    params.add_int("percent_scrolled", name == CODE["scroll"], np.full(size, 90))
    is_download = name == CODE["file_download"]
    file = rng.integers(0, len(FILES), size)
    params.add_text("file_name", is_download, file, [f"/downloads/{f}" for f in FILES])
    params.add_text("file_extension", is_download, np.zeros(size, dtype=np.int64), ["pdf"])
    params.add_text("link_url", is_download, file, [f"{SITE}/downloads/{f}" for f in FILES])
    is_form = np.isin(name, [CODE["form_submit"], CODE["generate_lead"]])
    form = rng.integers(0, len(FORMS), size)
    params.add_text("form_id", is_form & (rng.random(size) < 0.8), form, [f"form-{f}" for f in FORMS])
    params.add_text("form_name", is_form, form, list(FORMS))
    params.add_text("form_destination", is_form, form, [f"{SITE}/{f}/verzonden" for f in FORMS])
    params.add_text(
        "search_term",
        name == CODE["view_search_results"],
        rng.integers(0, len(SEARCH_TERMS), size),
        SEARCH_TERMS,
    )
    params.add_text(
        "outbound",
        (name == CODE["click"]) & (rng.random(size) < 0.3),
        np.zeros(size, dtype=np.int64),
        ["true"],
    )
    # the old way to tag a session: source, medium and campaign parameters on its opening events
    old = opening & (vintage == 2) & sessions.old_params[session] & (traffic != DIRECT)
    params.add_text("source", old, traffic, [row[0] for row in TRAFFIC])
    params.add_text("medium", old, traffic, [row[1] for row in TRAFFIC])
    params.add_text("campaign", old & tagged, traffic, [row[2] for row in TRAFFIC])

    # purchases: an order id each, now and then none, now and then a reloaded thank-you page
    is_purchase = name == PURCHASE
    purchases = np.flatnonzero(is_purchase)
    order_number = (session[purchases] * 8 + position[purchases] % 8).astype(np.int64)
    reload = rng.random(len(purchases)) < 0.03
    # a reload repeats the session's previous purchase (same id) when there is one
    same_session = np.r_[False, session[purchases][1:] == session[purchases][:-1]]
    previous = np.r_[0, order_number[:-1]]
    order_number = np.where(reload & same_session, previous, order_number)
    not_set = rng.random(len(purchases)) < 0.02
    transaction = pc.if_else(
        pa.array(not_set),
        pa.scalar("(not set)"),
        pc.binary_join_element_wise("T", pa.array(order_number).cast(pa.string()), ""),
    )
    revenue = np.round(rng.lognormal(6.0, 0.9, len(purchases)), 2)
    purchase_value = np.zeros(size)
    purchase_value[purchases] = revenue
    params.add_double("value", is_purchase, purchase_value)
    params.add_text("currency", is_purchase, np.zeros(size, dtype=np.int64), ["EUR"])
    event_params = params.array()

    # --- the records around the parameters -------------------------------------------------------
    device = sessions.device[session]
    devices = {
        "category": _dictionary(device, [row[0] for row in DEVICES]),
        "mobile_brand_name": _dictionary(device, [row[1] for row in DEVICES]),
        "mobile_model_name": _dictionary(device, [row[2] for row in DEVICES]),
        "mobile_marketing_name": _null(pa.string(), size),
        "mobile_os_hardware_model": _null(pa.string(), size),
        "operating_system": _dictionary(device, [row[3] for row in DEVICES]),
        "operating_system_version": _dictionary(device, [row[4] for row in DEVICES]),
        "vendor_id": _null(pa.string(), size),
        "advertising_id": _null(pa.string(), size),
        "language": _dictionary(device, [row[7] for row in DEVICES]),
        "is_limited_ad_tracking": _dictionary(_zeros(size), ["No"]),
        "time_zone_offset_seconds": _null(pa.int64(), size),
        "browser": _null(pa.string(), size),
        "browser_version": _null(pa.string(), size),
        "web_info": _struct(
            {
                "browser": _dictionary(device, [row[5] for row in DEVICES]),
                "browser_version": _dictionary(device, [row[6] for row in DEVICES]),
                "hostname": _dictionary(_zeros(size), [SITE.removeprefix("https://")]),
            }
        ),
    }
    geo = sessions.geo[session]
    geos = {
        "city": _dictionary(geo, [row[4] for row in GEOS]),
        "country": _dictionary(geo, [row[2] for row in GEOS]),
        "continent": _dictionary(geo, [row[0] for row in GEOS]),
        "region": _dictionary(geo, [row[3] for row in GEOS]),
        "sub_continent": _dictionary(geo, [row[1] for row in GEOS]),
        "metro": _dictionary(_zeros(size), ["(not set)"]),
    }
    touch = users.first_traffic[user]
    first_touch = {
        "name": _dictionary(touch, [row[2] for row in TRAFFIC]),
        "medium": _dictionary(touch, [row[1] for row in TRAFFIC]),
        "source": _dictionary(touch, [row[0] for row in TRAFFIC]),
    }
    sources = [row[0] for row in TRAFFIC]
    media = [row[1] for row in TRAFFIC]
    campaigns = [row[2] for row in TRAFFIC]
    groups = [row[3] for row in TRAFFIC]
    manual = {
        "campaign_id": _null(pa.string(), size),
        "campaign_name": _dictionary(traffic, campaigns),
        "source": _dictionary(traffic, sources),
        "medium": _dictionary(traffic, media),
        "term": _null(pa.string(), size),
        "content": _null(pa.string(), size),
        "source_platform": _dictionary(
            traffic, ["Google Ads" if i in CPC else "Manual" for i in range(len(TRAFFIC))]
        ),
        "creative_format": _null(pa.string(), size),
        "marketing_tactic": _null(pa.string(), size),
    }
    ads = {
        "customer_id": _dictionary(_zeros(size), ["1234567890"], ~cpc),
        "account_name": _dictionary(_zeros(size), ["Badkamerwinkel"], ~cpc),
        "campaign_id": _dictionary(traffic, [str(9_000_000 + i) for i in range(len(TRAFFIC))], ~cpc),
        "campaign_name": _dictionary(traffic, campaigns, ~cpc),
        "ad_group_id": _null(pa.string(), size),
        "ad_group_name": _null(pa.string(), size),
    }
    cross = {
        "campaign_id": _null(pa.string(), size),
        "campaign_name": _dictionary(traffic, campaigns),
        "source": _dictionary(traffic, sources),
        "medium": _dictionary(traffic, media),
        "source_platform": _dictionary(
            traffic, ["Google Ads" if i in CPC else "Manual" for i in range(len(TRAFFIC))]
        ),
        "default_channel_group": _dictionary(traffic, groups),
        "primary_channel_group": _dictionary(traffic, groups),
    }
    last_click = _struct(
        {
            "manual_campaign": _struct(manual),
            "google_ads_campaign": _struct(ads, ~cpc),
            "cross_channel_campaign": _struct(cross, vintage != 0),
        },
        vintage == 2,
    )
    # collected: what the landing page's URL carried, on the opening events only
    collected_mask = ~(opening & (tagged | cpc))
    # half of the Google Ads clicks carry only a gclid
    utm = tagged & ~(cpc & sessions.gclid_only[session])
    gclids = pc.binary_join_element_wise(
        "Cj0KCQjw", pa.array(sessions.start_us[session] % 99_991_007 + session).cast(pa.string()), ""
    )
    collected = _struct(
        {
            "manual_campaign_id": _null(pa.string(), size),
            "manual_campaign_name": _dictionary(traffic, campaigns, ~utm),
            "manual_source": _dictionary(traffic, sources, ~utm),
            "manual_medium": _dictionary(traffic, media, ~utm),
            "manual_term": _null(pa.string(), size),
            "manual_content": _null(pa.string(), size),
            "manual_source_platform": _null(pa.string(), size),
            "manual_creative_format": _null(pa.string(), size),
            "manual_marketing_tactic": _null(pa.string(), size),
            "gclid": pc.if_else(pa.array(cpc), gclids, pa.scalar(None, pa.string())),
            "dclid": _null(pa.string(), size),
            "srsltid": _null(pa.string(), size),
        },
        collected_mask,
    )

    quantity = np.zeros(size, dtype=np.int64)
    quantity[purchases] = rng.integers(1, 4, len(purchases))
    purchase_revenue = pa.array(purchase_value, mask=~is_purchase)
    money_null = pa.array(np.zeros(size), mask=~is_purchase)
    ecommerce = _struct(
        {
            "total_item_quantity": pa.array(quantity, mask=~is_purchase),
            "purchase_revenue_in_usd": pc.multiply(purchase_revenue, 1.08),
            "purchase_revenue": purchase_revenue,
            "refund_value_in_usd": _null(pa.float64(), size),
            "refund_value": _null(pa.float64(), size),
            "shipping_value_in_usd": money_null,
            "shipping_value": money_null,
            "tax_value_in_usd": pc.multiply(purchase_revenue, 0.21 * 1.08),
            "tax_value": pc.multiply(purchase_revenue, 0.21),
            "unique_items": pa.array(quantity, mask=~is_purchase),
            "transaction_id": _scatter(transaction, purchases, size),
        },
        ~is_purchase,
    )
    items = _items(rng, name, size)

    privacy = _struct(
        {
            "analytics_storage": _dictionary(_zeros(size), ["Yes"]),
            "ads_storage": _dictionary(_zeros(size), ["Yes"]),
            "uses_transient_token": _dictionary(_zeros(size), ["No"]),
        }
    )
    empty_params = pa.ListArray.from_arrays(
        pa.array(np.zeros(size + 1, dtype=np.int32)), pa.array([], event_params.type.value_type)
    )
    columns: dict[str, pa.Array] = {
        "event_date": _dictionary(day_numbers - day_first, day_names),
        "event_timestamp": pa.array(moment),
        "event_name": _dictionary(name, EVENT_NAMES),
        "event_params": event_params,
        "event_previous_timestamp": _null(pa.int64(), size),
        "event_value_in_usd": pa.array(purchase_value * 1.08, mask=~is_purchase),
        "event_bundle_sequence_id": pa.array(moment // 1_000_000 % 1_000_000 + position),
        "event_server_timestamp_offset": pa.array(rng.integers(100_000, 900_000, size)),
        "user_id": users.user_id.take(pa.array(user)),
        "user_pseudo_id": users.pseudo_id.take(pa.array(user)),
        "privacy_info": privacy,
        "user_properties": empty_params,
        "user_first_touch_timestamp": pa.array(users.first_touch_us[user]),
        "user_ltv": _struct(
            {"revenue": _null(pa.float64(), size), "currency": _null(pa.string(), size)},
            np.ones(size, dtype=bool),
        ),
        "device": _struct(devices),
        "geo": _struct(geos),
        "traffic_source": _struct(first_touch),
        "stream_id": _dictionary(_zeros(size), [STREAM_ID]),
        "platform": _dictionary(_zeros(size), ["WEB"]),
        "ecommerce": ecommerce,
        "items": items,
        "collected_traffic_source": collected,
        "is_active_user": pa.array(np.ones(size, dtype=bool)),
        "batch_event_index": pa.array(position),
        "session_traffic_source_last_click": last_click,
    }
    return pa.table(columns)


def _scatter(values: pa.Array, rows: Ints, size: int) -> pa.Array:
    """``values`` at ``rows`` of an otherwise empty column of ``size`` rows."""
    index = np.full(size, -1, dtype=np.int64)
    index[rows] = np.arange(len(rows))
    return values.take(pa.array(index, mask=index < 0))


def _items(rng: np.random.Generator, name: Ints, size: int) -> pa.Array:
    """One to three products on product, cart and purchase events; none elsewhere."""
    with_items = np.isin(name, [CODE["view_item"], CODE["add_to_cart"], CODE["begin_checkout"], PURCHASE])
    count = np.where(with_items, np.where(name == CODE["view_item"], 1, rng.integers(1, 4, size)), 0)
    offsets = np.r_[0, np.cumsum(count)].astype(np.int32)
    total = int(offsets[-1])
    product = rng.integers(0, len(PRODUCTS), total)
    quantity = rng.integers(1, 3, total)
    price = np.array([row[4] for row in PRODUCTS])[product]
    item = _struct(
        {
            "item_id": _dictionary(product, [row[0] for row in PRODUCTS]),
            "item_name": _dictionary(product, [row[1] for row in PRODUCTS]),
            "item_brand": _dictionary(product, [row[2] for row in PRODUCTS]),
            "item_variant": _null(pa.string(), total),
            "item_category": _dictionary(product, [row[3] for row in PRODUCTS]),
            "price": pa.array(price),
            "quantity": pa.array(quantity),
            "item_revenue": pa.array(price * quantity),
        }
    )
    return pa.ListArray.from_arrays(pa.array(offsets), item)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events", type=parse_count, default=1_000_000, help="number of events (1M, 100k, ...)"
    )
    parser.add_argument("--out", type=Path, required=True, help="the Parquet file to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2024, 6, 1), help="first day")
    parser.add_argument("--days", type=int, default=28, help="days the sessions start on")
    parser.add_argument("--timezone", default="Europe/Amsterdam", help="the property's time zone")
    parser.add_argument("--row-group-rows", type=int, default=ROW_GROUP_ROWS)
    args = parser.parse_args(argv)
    ZoneInfo(args.timezone)  # fail early on a bad name
    began = time.perf_counter()
    generate(
        args.events,
        args.out,
        seed=args.seed,
        start=args.start,
        days=args.days,
        timezone=args.timezone,
        row_group_rows=args.row_group_rows,
    )
    seconds = time.perf_counter() - began
    megabytes = args.out.stat().st_size / 1e6
    print(f"{args.out}: {args.events:,} events, {megabytes:,.1f} MB in {seconds:.1f} s")


if __name__ == "__main__":
    main()
