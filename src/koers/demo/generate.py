"""Two years of generated data for the demo bathroom shop, written to a warehouse import by import.

Everything starts from one simulation of visitors, so that the sources agree with each other the
way real ones do: every visitor arrives on a day (season, weekday, growth and noise decide how
many), some come back later (bathroom buyers research for weeks), and each visit (session) has a
channel, a device and a behaviour (pages, engagement, forms, downloads, orders). From those
sessions come

- the GA4 daily report (``web_daily``: totals, by channel, by device; users are distinct per day),
- the GA4 reports for whole months, quarters and years (``web_ranges``: distinct users over the
  range, fewer than the sum of daily users, because visitors come back),
- the GA4 BigQuery event export of the latest weeks (at least the last complete month and the
  quarter so far), written as newline-delimited JSON and read by the ``ga4_bigquery`` importer,
  so that raw sessions and the daily report describe the very same visits,
- HubSpot contacts (the visitors who filled in a form or downloaded the whitepaper, plus showroom
  and phone leads) moving through lead, MQL, SQL, opportunity and customer, and their deals,
  including a second, small decoration deal for some customers,
- Google Ads results per campaign (clicks follow the Paid Search sessions) and a Meta Ads
  prospecting campaign, newsletter statistics and NPS answers.

Choices, where the shop leaves one open:

- **Weekly season**: bathroom renovations are researched at home, together, at the weekend's end:
  Sunday and Monday are the busiest days, Friday and Saturday (out, or in a showroom) the quietest.
- **Yearly season**: peaks in January to March (plans for the new year) and September to October
  (before winter), dips in summer and December.
- **Meta Ads** links carry no UTM tags, as often happens: their visits arrive in GA4 as
  ``facebook.com / referral``, that is Organic Social.
- **Level**: set so that this quarter's new visitors end a little above the demo KPI's target;
  returning visitors and whitepaper downloads lag their targets, the way a demo should show.

The same seed and ``today`` give the same rows; every source is its own import, so
``koers imports`` lists them and each can be undone.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from koers.domain.period import Grain, Period, add, floor_to
from koers.sources import import_file
from koers.sources.base import ImportContext
from koers.store.schema import FACT_TABLES, WEB_DIMENSIONS
from koers.store.warehouse import ImportBatch, ImportRecord, TablePart, Warehouse

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

PROPERTY = "badkamerwinkel"
DEMO_FORMAT = "demo"
SITE = "https://www.badkamerwinkel.nl"
MONTHS_OF_HISTORY = 24
WARM_UP_DAYS = 150
"""Visitors are simulated from this many days before the data starts, so that the first months
already have returning visitors and a filled sales pipeline."""

CHANNELS = ("Organic Search", "Paid Search", "Direct", "Email", "Organic Social", "Referral")
OS, PS, DIRECT, EMAIL, SOCIAL, REFERRAL = range(6)
DEVICES = ("mobile", "desktop", "tablet")
COUNTRIES = ("Netherlands", "Belgium")
GOOGLE_CAMPAIGNS = ("Brand", "Badkamers generiek", "Showroom")

# --- the shape of the year, the week and the day -------------------------------------------------

SEASON = (1.30, 1.30, 1.20, 1.00, 0.95, 0.85, 0.72, 0.78, 1.12, 1.18, 1.00, 0.72)
"""Visitors per month, relative: renovation plans peak in January-March and September-October."""
WEEKDAY = (1.12, 1.06, 1.00, 0.97, 0.82, 0.80, 1.18)
"""Monday to Sunday."""
HOURS = (
    0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 2.5, 3.5, 4.0, 4.0,
    4.2, 4.0, 3.8, 3.7, 3.6, 3.5, 4.0, 5.5, 6.5, 6.5, 4.5, 2.0,
)  # fmt: skip
"""Sessions per hour of the day, relative: evenings are when people plan at home."""
GROWTH_PER_YEAR = 1.09

# --- visitors ------------------------------------------------------------------------------------

NEW_VISITORS_PER_QUARTER = 2200
"""Expected new visitors in today's quarter; the demo KPI asks for 2,000."""
RETURN_SHARE = 0.21
"""Share of new visitors who come back at all."""
MORE_VISITS = 0.35
"""Chance that a returning visitor's visit is their last (geometric number of extra visits)."""
SAME_DAY = 0.12
GAP_DAYS = 11.0
NEW_CHANNELS = (0.44, 0.17, 0.15, 0.01, 0.13, 0.10)
RETURN_CHANNELS = (0.28, 0.11, 0.38, 0.10, 0.06, 0.07)
NEWSLETTER_CHANNELS = (0.17, 0.07, 0.23, 0.45, 0.04, 0.04)
"""For return visits in the two days after a newsletter went out."""
ENGAGED = (0.66, 0.60, 0.70, 0.74, 0.46, 0.64)
CONVERTS = (1.0, 1.15, 1.1, 1.0, 0.5, 0.9)
"""How likely a channel's sessions are to convert, relative."""
DEVICE_SHARE = (0.58, 0.34, 0.08)

# per session: (new visitor, returning visitor)
CONTACT = (0.073, 0.11)
QUOTE = (0.012, 0.045)
WHITEPAPER = (0.095, 0.065)
NEWSLETTER = (0.028, 0.015)
BATHROOM_ORDER = (0.016, 0.078)
DECORATION_ORDER = (0.013, 0.052)

# --- the sales funnel ----------------------------------------------------------------------------

OFFLINE_LEADS_PER_DAY = 0.8
"""Showroom visitors and callers who become HubSpot leads without a web form."""
ORIGINS = ("contact", "quote", "whitepaper", "offline")
TO_MQL = (0.42, 0.72, 0.18, 0.55)
TO_SQL = (0.45, 0.55, 0.35, 0.5)
TO_OPPORTUNITY = 0.55
TO_CUSTOMER = 0.4
REPEAT_SHARE = 0.5
"""Customers who later buy extra decoration (a second, small won deal)."""

# --- newsletter, survey and ads ------------------------------------------------------------------

NEWSLETTER_EVERY_DAYS = 14
SUBSCRIBERS_AT_START = 3400
NPS_PER_DAY = 0.6
NPS_SCORES = (0.005, 0.005, 0.01, 0.02, 0.03, 0.04, 0.06, 0.11, 0.17, 0.25, 0.30)
NPS_COMMENTS = (
    ("Levering duurde veel langer dan beloofd.", "De offerte klopte niet met de factuur."),
    ("Mooie badkamer, maar de communicatie kon beter.", "Prima, de montage liep wat uit."),
    (
        "De showroom was top, fijn advies.",
        "Snel geleverd en netjes geplaatst.",
        "Heel blij met onze badkamer!",
    ),
)
"""Comments of detractors (0-6), passives (7-8) and promoters (9-10)."""
CTR = (0.24, 0.045, 0.03)
CPC = (0.35, 1.35, 0.95)
META_IMPRESSIONS_PER_DAY = 1500
META_CPM = 8.4
META_CAMPAIGN = "Prospecting badkamerinspiratie"
META_AD_SET = "Wonen en interieur 30-55"

LANDING = {
    OS: ("/inspiratie/kleine-badkamer", "/badkamers", "/inspiratie/badkamer-trends", "/"),
    PS: ("/badkamers", "/showroom", "/"),
    DIRECT: ("/", "/badkamers", "/decoratie"),
    EMAIL: ("/inspiratie/badkamer-trends", "/decoratie", "/acties"),
    SOCIAL: ("/inspiratie/badkamer-trends", "/inspiratie/kleine-badkamer"),
    REFERRAL: ("/badkamers", "/showroom", "/"),
}
PAGES = (
    "/badkamers", "/badkamers/complete-badkamer-modern", "/badkamers/complete-badkamer-landelijk",
    "/badkamers/inloopdouche", "/decoratie", "/decoratie/spiegels", "/decoratie/handdoekrekken",
    "/inspiratie", "/showroom", "/over-ons", "/veelgestelde-vragen",
)  # fmt: skip
SOURCES: dict[int, tuple[tuple[str, str, float], ...]] = {
    OS: (("google", "organic", 0.9), ("bing", "organic", 0.1)),
    PS: (("google", "cpc", 1.0),),
    DIRECT: (("(direct)", "(none)", 1.0),),
    EMAIL: (("nieuwsbrief", "email", 1.0),),
    SOCIAL: (
        ("instagram.com", "referral", 0.5), ("facebook.com", "referral", 0.35),
        ("pinterest.com", "referral", 0.15),
    ),
    REFERRAL: (
        ("vtwonen.nl", "referral", 0.4), ("werkspot.nl", "referral", 0.3), ("houzz.nl", "referral", 0.3),
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What :func:`generate_demo_data` wrote: the days, the imports and the rows per table."""

    first_day: date
    last_day: date
    events: Period
    """The days with raw GA4 events (and so with ``web_sessions``)."""
    imports: tuple[ImportRecord, ...]
    rows: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "events": {"start": self.events.start.isoformat(), "last_day": self.events.last_day.isoformat()},
            "imports": [record.to_dict() for record in self.imports],
            "rows": dict(self.rows),
        }


def generate_demo_data(warehouse: Warehouse, *, today: date, seed: int = 2023) -> DemoSummary:
    """Write two years of the bathroom shop's data (the 24 months before today's month and this
    month up to yesterday) into ``warehouse``, one import per source; the same seed and ``today``
    give the same rows."""
    calendar = _Calendar.build(today, warehouse.timezone)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    visits = _simulate_visits(streams[0], calendar)
    records: list[ImportRecord] = []

    def write(part: TablePart, file_name: str) -> None:
        assert part.rows is not None
        batch = ImportBatch(DEMO_FORMAT, (part,))
        records.append(warehouse.write(batch, file_name=file_name, file_sha256=_sha256(part.rows)))

    span = (calendar.start, calendar.end)
    write(TablePart("web_daily", rows=_web_daily(visits, calendar), covers=span), "demo-ga4-daily")
    write(TablePart("web_ranges", rows=_web_ranges(visits, calendar)), "demo-ga4-ranges")
    events = calendar.events
    with tempfile.TemporaryDirectory(prefix="koers-demo-") as folder:
        path = Path(folder) / (f"demo-ga4-events-{events.start:%Y%m%d}-{events.last_day:%Y%m%d}.ndjson")
        _write_events(visits, calendar, streams[1], path)
        context = ImportContext(timezone=warehouse.timezone, options={"property": PROPERTY})
        records.append(import_file(path, warehouse, context, format="ga4_bigquery"))
    google, meta = _ads(visits, calendar, streams[2])
    write(TablePart("ads_daily", rows=google, covers=span), "demo-google-ads")
    write(TablePart("ads_daily", rows=meta, covers=span), "demo-meta-ads")
    contacts, deals = _crm(visits, calendar, streams[3])
    write(TablePart("crm_contacts", rows=contacts), "demo-hubspot-contacts")
    write(TablePart("deals", rows=deals), "demo-hubspot-deals")
    write(TablePart("email_daily", rows=_email(visits, calendar, streams[4]), covers=span), "demo-newsletter")
    write(TablePart("survey_answers", rows=_survey(calendar, streams[5])), "demo-nps")
    return DemoSummary(
        first_day=calendar.start,
        last_day=calendar.end - timedelta(days=1),
        events=events,
        imports=tuple(records),
        rows={name: warehouse.count(name) for name in FACT_TABLES},
    )


# --- the calendar ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Calendar:
    """The simulated days, from the warm-up on, with what each day is like.

    Days are numbered from ``warm``; the arrays run past today (to the end of today's quarter and
    beyond), so that the level can be set on the whole quarter, and CRM moments that would fall
    after today can be computed (and then left out), though only the days before today are
    simulated.
    """

    warm: date
    start: date
    end: date
    quarter: Period
    events: Period
    season: Floats
    """Expected new visitors per day, relative (season, weekday and growth)."""
    utc_offset: Ints
    """Seconds the workspace's clock is ahead of UTC at noon on each day."""
    epoch_day: int
    """Days from 1970-01-01 to ``warm``."""

    @classmethod
    def build(cls, today: date, timezone: str) -> _Calendar:
        start = add(floor_to(today, Grain.MONTH), Grain.MONTH, -MONTHS_OF_HISTORY)
        warm = start - timedelta(days=WARM_UP_DAYS)
        quarter = Period.containing(today, Grain.QUARTER)
        last_month = add(floor_to(today, Grain.MONTH), Grain.MONTH, -1)
        events = Period.of(min(last_month, quarter.start), today)
        horizon = max(quarter.end, today) + timedelta(days=400)  # CRM moments may fall after today
        days = [warm + timedelta(days=i) for i in range((horizon - warm).days)]
        zone = ZoneInfo(timezone)
        offsets = [
            int(
                (datetime(d.year, d.month, d.day, 12, tzinfo=zone).utcoffset() or timedelta()).total_seconds()
            )
            for d in days
        ]
        middles = np.array([15.5 + 30.44 * month for month in range(12)])
        day_of_year = np.array([d.timetuple().tm_yday for d in days], dtype=np.float64)
        season = np.interp(day_of_year, middles, np.array(SEASON), period=365.25)
        weekday = np.array(WEEKDAY)[[d.weekday() for d in days]]
        years = (np.arange(len(days)) - (today - warm).days) / 365.25
        shape = season * weekday * GROWTH_PER_YEAR**years
        return cls(
            warm=warm,
            start=start,
            end=today,
            quarter=quarter,
            events=events,
            season=shape.astype(np.float64),
            utc_offset=np.array(offsets, dtype=np.int64),
            epoch_day=(warm - date(1970, 1, 1)).days,
        )

    def index(self, day: date) -> int:
        return (day - self.warm).days

    @property
    def simulated(self) -> int:
        """The number of simulated days: from the warm-up to yesterday."""
        return self.index(self.end)

    def day(self, index: int) -> date:
        return self.warm + timedelta(days=index)

    def utc_micros(self, days: Ints, seconds: Ints | Floats) -> Ints:
        """Moments on the workspace's clock (day index, seconds into the day) as UTC microseconds."""
        safe = np.clip(days, 0, len(self.utc_offset) - 1)
        local = (self.epoch_day + days) * 86400 + np.asarray(seconds) - self.utc_offset[safe]
        micros: Ints = np.rint(local * 1_000_000).astype(np.int64)
        return micros

    def weekdays(self, days: Ints) -> Ints:
        return ((self.warm.weekday() + days) % 7).astype(np.int64)


# --- visitors and their sessions -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Visits:
    """Every session up to yesterday (the warm-up's included), one array entry per session, sorted by
    user and session number."""

    users: int
    user: Ints
    number: Ints
    """GA4's ga_session_number: 1 for the user's first session."""
    day: Ints
    second: Ints
    """Seconds into the day (workspace clock) the session started."""
    millis: Ints
    """Milliseconds into that second, so that events are not all on whole seconds."""
    duration_ms: Ints
    engagement_ms: Ints
    engaged: Bools
    pageviews: Ints
    scrolls: Ints
    channel: Ints
    source: Ints
    """Index into the channel's :data:`SOURCES`."""
    campaign: Ints
    """For Paid Search: index into :data:`GOOGLE_CAMPAIGNS`; else -1."""
    device: Ints
    country: Ints
    contact: Bools
    quote: Bools
    whitepaper: Bools
    newsletter: Bools
    order: Ints
    """0 no order, 1 a bathroom, 2 decoration."""
    revenue_cents: Ints
    sends: Ints
    """The days newsletters went out."""
    user_key: Ints
    """A random number per user for its ``user_pseudo_id``."""

    @property
    def new(self) -> Bools:
        return np.asarray(self.number == 1)

    @property
    def forms(self) -> Ints:
        return self.contact.astype(np.int64) + self.quote.astype(np.int64)

    @property
    def key_events(self) -> Ints:
        return (
            self.forms
            + self.whitepaper.astype(np.int64)
            + self.newsletter.astype(np.int64)
            + (self.order > 0).astype(np.int64)
        )

    def between(self, calendar: _Calendar, start: date, end: date) -> Bools:
        return np.asarray((self.day >= calendar.index(start)) & (self.day < calendar.index(end)))


def _pick(rng: np.random.Generator, weights: Sequence[float] | Floats, size: int) -> Ints:
    """``size`` draws from a categorical distribution."""
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
    drawn = np.searchsorted(cumulative / cumulative[-1], rng.random(size), side="right")
    return np.minimum(drawn, len(cumulative) - 1).astype(np.int64)


def _pick_rows(rng: np.random.Generator, table: Floats, rows: Ints) -> Ints:
    """One categorical draw per entry of ``rows``, from that row of ``table``."""
    cumulative = np.cumsum(table, axis=1)
    cumulative /= cumulative[:, -1:]
    above = rng.random(len(rows))[:, None] > cumulative[rows]
    drawn: Ints = np.minimum(np.count_nonzero(above, axis=1), table.shape[1] - 1).astype(np.int64)
    return drawn


def _simulate_visits(rng: np.random.Generator, calendar: _Calendar) -> _Visits:
    days = calendar.simulated
    quarter = slice(calendar.index(calendar.quarter.start), calendar.index(calendar.quarter.end))
    level = NEW_VISITORS_PER_QUARTER / float(calendar.season[quarter].sum())
    noise = np.empty(days)
    drift = 0.0
    for i in range(days):  # weeks that go better or worse than the season says
        drift = 0.7 * drift + rng.normal(0.0, 0.07)
        noise[i] = drift
    expected = level * calendar.season[:days] * np.exp(noise + rng.normal(0.0, 0.08, days))
    arrivals = rng.poisson(expected)
    users = int(arrivals.sum())
    first_day = np.repeat(np.arange(days, dtype=np.int64), arrivals)

    # return visits: a geometric number of them, days to weeks apart
    returns = rng.random(users) < RETURN_SHARE
    extra = np.where(returns, rng.geometric(MORE_VISITS, users), 0).astype(np.int64)
    owner = np.repeat(np.arange(users, dtype=np.int64), extra)
    gaps = np.where(
        rng.random(len(owner)) < SAME_DAY, 0, np.ceil(rng.exponential(GAP_DAYS, len(owner)))
    ).astype(np.int64)
    group_start = np.repeat(np.cumsum(extra) - extra, extra)
    running = np.cumsum(gaps)
    within = running - (running - gaps)[group_start]
    rank = np.arange(len(owner), dtype=np.int64) - group_start

    user = np.concatenate([np.arange(users, dtype=np.int64), owner])
    day = np.concatenate([first_day, first_day[owner] + within])
    number = np.concatenate([np.ones(users, dtype=np.int64), rank + 2])
    order = np.lexsort((number, user))
    user, day, number = user[order], day[order], number[order]
    sessions = len(user)
    new = number == 1

    # where visitors come from and on what
    sends = np.arange(_first_thursday(calendar), days + 14, NEWSLETTER_EVERY_DAYS, dtype=np.int64)
    after_send = np.isin(day, sends) | np.isin(day - 1, sends) | np.isin(day - 2, sends)
    mix = np.array([NEW_CHANNELS, RETURN_CHANNELS, NEWSLETTER_CHANNELS])
    channel = _pick_rows(rng, mix, np.where(new, 0, np.where(after_send, 2, 1)).astype(np.int64))
    source_weights = np.zeros((len(CHANNELS), 3))
    for index, options in SOURCES.items():
        source_weights[index, : len(options)] = [weight for _, _, weight in options]
    source = _pick_rows(rng, source_weights, channel)
    campaign = np.where(channel == PS, _pick(rng, (0.30, 0.52, 0.18), sessions), -1)
    user_device = _pick(rng, DEVICE_SHARE, users)
    device = np.where(rng.random(sessions) < 0.85, user_device[user], _pick(rng, DEVICE_SHARE, sessions))
    country = _pick(rng, (0.88, 0.12), users)[user]

    # what they do
    converts = np.array(CONVERTS)[channel]

    def chance(rates: tuple[float, float]) -> Bools:
        probability = np.where(new, rates[0], rates[1]) * converts
        return np.asarray(rng.random(sessions) < probability)

    contact, quote, whitepaper, newsletter = (
        chance(CONTACT),
        chance(QUOTE),
        chance(WHITEPAPER),
        chance(NEWSLETTER),
    )
    draw = rng.random(sessions)
    bathroom = np.where(new, BATHROOM_ORDER[0], BATHROOM_ORDER[1]) * converts
    decoration = np.where(new, DECORATION_ORDER[0], DECORATION_ORDER[1]) * converts
    order = np.where(draw < bathroom, 1, np.where(draw < bathroom + decoration, 2, 0)).astype(np.int64)
    revenue = np.where(
        order == 1,
        np.clip(np.round(rng.lognormal(np.log(7200), 0.2, sessions)), 4500, 13500) * 100,
        np.where(
            order == 2, np.floor(np.clip(rng.lognormal(np.log(95), 0.8, sessions), 15, 1200)) * 100 + 95, 0
        ),
    ).astype(np.int64)
    conversions = (contact.astype(np.int64) + quote + whitepaper + newsletter + (order > 0)).astype(np.int64)
    engaged_chance = np.minimum(np.array(ENGAGED)[channel] + np.where(new, 0.0, 0.12), 0.92)
    engaged = (rng.random(sessions) < engaged_chance) | (conversions > 0)
    seconds = np.clip(rng.lognormal(np.log(62), 0.85, sessions), 11, 1500) + 45 * conversions
    duration_ms = np.where(engaged, np.rint(seconds * 1000), rng.integers(0, 10_001, sessions)).astype(
        np.int64
    )
    share = np.where(engaged, rng.uniform(0.5, 0.9, sessions), rng.uniform(0.3, 0.9, sessions))
    engagement_ms = np.rint(duration_ms * share).astype(np.int64)
    pageviews = np.where(engaged, 1 + rng.poisson(2.6, sessions) + conversions, 1).astype(np.int64)
    scrolls = np.where(engaged, rng.binomial(pageviews, 0.45), 0).astype(np.int64)

    # when: an hour of the day, later sessions of a day after the earlier ones have ended
    second = (_pick(rng, HOURS, sessions) * 3600 + rng.integers(0, 3600, sessions)).astype(np.int64)
    second = np.minimum(second, 86340 - duration_ms // 1000 - 1)
    for _ in range(50):
        same_user = np.concatenate([[False], user[1:] == user[:-1]])
        previous_end = np.concatenate([[0], second[:-1] + duration_ms[:-1] // 1000 + 1])
        previous_day = np.concatenate([[0], day[:-1]])
        clash = same_user & ((day < previous_day) | ((day == previous_day) & (second < previous_end + 1800)))
        if not clash.any():
            break
        count = int(clash.sum())
        later = previous_end[clash] + 1800 + rng.integers(0, 7200, count)
        moved_day = previous_day[clash]
        late = later + duration_ms[clash] // 1000 + 60 > 86400
        day[clash] = np.where(late, moved_day + 1, moved_day)
        second[clash] = np.where(late, rng.integers(8 * 3600, 12 * 3600, count), later)

    millis = rng.integers(0, 1000, sessions).astype(np.int64)
    user_key = rng.integers(100_000_000, 999_999_999, users).astype(np.int64)
    past = day < days  # visits still to come are not data yet
    return _Visits(
        users=users,
        user=user[past],
        number=number[past],
        day=day[past],
        second=second[past],
        millis=millis[past],
        duration_ms=duration_ms[past],
        engagement_ms=engagement_ms[past],
        engaged=np.asarray(engaged)[past],
        pageviews=pageviews[past],
        scrolls=scrolls[past],
        channel=channel[past],
        source=source[past],
        campaign=campaign.astype(np.int64)[past],
        device=device.astype(np.int64)[past],
        country=country[past],
        contact=contact[past],
        quote=quote[past],
        whitepaper=whitepaper[past],
        newsletter=newsletter[past],
        order=order[past],
        revenue_cents=revenue[past],
        sends=sends,
        user_key=user_key,
    )


def _first_thursday(calendar: _Calendar) -> int:
    return (3 - calendar.warm.weekday()) % 7


# --- GA4 reports ---------------------------------------------------------------------------------

_ADDITIVE = (
    "sessions", "engaged_sessions", "session_duration", "engagement_time", "pageviews", "scrolls",
    "key_events", "form_submissions", "downloads", "newsletter_signups", "orders",
)  # fmt: skip


def _measures(visits: _Visits, rows: Bools, group: Ints, groups: int) -> dict[str, Any]:
    """The web measures of the sessions in ``rows``, per group (``group`` numbers each session's
    group from 0): additive ones summed, users counted distinct within the group."""
    g = group[rows]

    def total(values: Ints | Bools | Floats) -> Floats:
        weights = np.asarray(values)[rows].astype(np.float64)
        return np.bincount(g, weights=weights, minlength=groups).astype(np.float64)

    def distinct(extra: Bools | None = None) -> Ints:
        keep = rows if extra is None else rows & extra
        pairs = np.unique(group[keep] * visits.users + visits.user[keep])
        return np.bincount(pairs // visits.users, minlength=groups).astype(np.int64)

    ones = np.ones(len(visits.user), dtype=np.int64)
    measures: dict[str, Any] = {
        "sessions": total(ones),
        "engaged_sessions": total(visits.engaged),
        "session_duration": total(visits.duration_ms) / 1000,
        "engagement_time": total(visits.engagement_ms) / 1000,
        "pageviews": total(visits.pageviews),
        "scrolls": total(visits.scrolls),
        "key_events": total(visits.key_events),
        "form_submissions": total(visits.forms),
        "downloads": total(visits.whitepaper),
        "newsletter_signups": total(visits.newsletter),
        "orders": total(visits.order > 0),
        "revenue": total(visits.revenue_cents),
        "new_users": total(visits.new),
        "users": distinct(),
        "returning_users": distinct(~visits.new),
    }
    for name in (*_ADDITIVE, "revenue", "new_users"):
        if name not in ("session_duration", "engagement_time"):
            measures[name] = np.rint(measures[name]).astype(np.int64)
    return measures


def _report_rows(
    visits: _Visits, rows: Bools, grain: str, codes: Ints, names: Sequence[str], groups_per_slot: int
) -> dict[str, Any]:
    """Rows of one report grain: one per slot (a day, or one range) and dimension value that
    had sessions. ``codes`` numbers each session's slot x ``groups_per_slot`` + dimension value."""
    slots = int(codes[rows].max()) + 1 if rows.any() else 0
    measures = _measures(visits, rows, codes, slots)
    present = np.flatnonzero(measures["sessions"] > 0)
    data: dict[str, Any] = {name: values[present] for name, values in measures.items()}
    data["_slot"] = present // groups_per_slot
    value = present % groups_per_slot
    for dimension in WEB_DIMENSIONS:
        data[dimension] = [names[int(v)] for v in value] if dimension == grain else [""] * len(present)
    data["grain"] = [grain] * len(present)
    return data


def _grains(visits: _Visits) -> tuple[tuple[str, Ints, Sequence[str], int], ...]:
    zero = np.zeros(len(visits.user), dtype=np.int64)
    return (
        ("", zero, ("",), 1),
        ("channel", visits.channel, CHANNELS, len(CHANNELS)),
        ("device", visits.device, DEVICES, len(DEVICES)),
    )


def _web_daily(visits: _Visits, calendar: _Calendar) -> pa.Table:
    rows = visits.between(calendar, calendar.start, calendar.end)
    parts = []
    for grain, values, names, size in _grains(visits):
        data = _report_rows(visits, rows, grain, visits.day * size + values, names, size)
        data["date"] = _dates(calendar, data.pop("_slot"))
        parts.append(data)
    return _web_table("web_daily", parts)


def _web_ranges(visits: _Visits, calendar: _Calendar) -> pa.Table:
    """GA4's answer for every whole calendar month, quarter and year in the data: distinct users
    over the range, and the range's totals."""
    span = Period.of(calendar.start, calendar.end)
    ranges = [
        piece
        for grain in (Grain.MONTH, Grain.QUARTER, Grain.YEAR)
        for piece in span.complete_subperiods(grain)
    ]
    parts = []
    for period in ranges:
        rows = visits.between(calendar, period.start, period.end)
        for grain, values, names, size in _grains(visits):
            data = _report_rows(visits, rows, grain, values, names, size)
            data.pop("_slot")
            count = len(data["grain"])
            data["start_date"] = _dates(calendar, np.full(count, calendar.index(period.start)))
            data["end_date"] = _dates(calendar, np.full(count, calendar.index(period.end)))
            parts.append(data)
    return _web_table("web_ranges", parts)


def _web_table(name: str, parts: Sequence[dict[str, Any]]) -> pa.Table:
    merged: dict[str, Any] = {}
    for key in parts[0]:
        values = [part[key] for part in parts]
        merged[key] = (
            pa.concat_arrays(values) if isinstance(values[0], pa.Array) else np.concatenate(values).tolist()
        )
    merged["revenue"] = _money(np.asarray(merged["revenue"], dtype=np.int64))
    merged["source_system"] = "ga4"
    merged["property"] = PROPERTY
    return _arrow(name, merged)


# --- the GA4 BigQuery event export ---------------------------------------------------------------


def _write_events(visits: _Visits, calendar: _Calendar, rng: np.random.Generator, path: Path) -> None:
    """The sessions of the events period as GA4's BigQuery export writes them: one JSON event per
    line, INT64 values as strings, the session's traffic source on every event."""
    chosen = np.flatnonzero(visits.between(calendar, calendar.events.start, calendar.events.end))
    chosen = chosen[np.lexsort((visits.second[chosen], visits.day[chosen]))]
    start_us = calendar.utc_micros(visits.day[chosen], visits.second[chosen]) + visits.millis[chosen] * 1000
    first_us = calendar.utc_micros(visits.day, visits.second)
    first_seen = np.zeros(visits.users, dtype=np.int64)
    first_seen[visits.user[visits.new]] = first_us[visits.new]
    page_picks = rng.integers(0, len(PAGES), (len(chosen), 64))
    landing_picks = rng.integers(0, 4, len(chosen))
    with path.open("w", encoding="utf-8") as out:
        for row, session in enumerate(chosen):
            for event in _session_events(visits, calendar, int(session), int(start_us[row]),
                                         int(first_seen[visits.user[session]]),
                                         page_picks[row], int(landing_picks[row])):  # fmt: skip
                out.write(json.dumps(event, separators=(",", ":")))
                out.write("\n")


def _param(key: str, value: str | int | float) -> dict[str, Any]:
    if isinstance(value, str):
        return {"key": key, "value": {"string_value": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"int_value": str(value)}}
    return {"key": key, "value": {"double_value": value}}


def _session_events(
    visits: _Visits,
    calendar: _Calendar,
    s: int,
    start_us: int,
    first_seen_us: int,
    page_picks: Ints,
    landing_pick: int,
) -> list[dict[str, Any]]:
    user = int(visits.user[s])
    channel = int(visits.channel[s])
    source, medium, _ = SOURCES[channel][int(visits.source[s])]
    campaign = _campaign_name(visits, calendar, s)
    duration_us = int(visits.duration_ms[s]) * 1000
    pages = int(visits.pageviews[s])
    engagement = int(visits.engagement_ms[s])
    session_id = start_us // 1_000_000
    landing = LANDING[channel][landing_pick % len(LANDING[channel])]
    paths = [landing, *(PAGES[int(i)] for i in page_picks[: max(pages - 1, 0)])]
    # a conversion ends on its own page: the last pages of the session are those
    conversions: list[tuple[str, str, list[dict[str, Any]], dict[str, Any]]] = []
    if visits.contact[s]:
        conversions.append(("form_submit", "/contact", [_param("form_id", "contactformulier")], {}))
    if visits.quote[s]:
        conversions.append(("form_submit", "/offerte-aanvragen", [_param("form_id", "offerteformulier")], {}))
    if visits.whitepaper[s]:
        file_params = [
            _param("file_name", "whitepaper-badkamer-renoveren.pdf"),
            _param("file_extension", "pdf"),
        ]
        conversions.append(("file_download", "/whitepaper-badkamer-renoveren", file_params, {}))
    if visits.newsletter[s]:
        conversions.append(("sign_up", "/nieuwsbrief/bedankt", [_param("method", "nieuwsbrief")], {}))
    if visits.order[s]:
        bathroom = visits.order[s] == 1
        revenue = int(visits.revenue_cents[s]) / 100
        transaction = f"T{calendar.day(int(visits.day[s])):%y%m%d}-{s:07d}"
        ecommerce = {
            "ecommerce": {"transaction_id": transaction, "purchase_revenue": revenue,
                          "total_item_quantity": "1"},
            "items": [{"item_name": "Complete badkamer" if bathroom else "Decoratie",
                       "item_category": "Badkamers" if bathroom else "Decoratie", "price": revenue,
                       "quantity": "1"}],
        }  # fmt: skip
        conversions.append(("purchase", "/bestellen/bedankt", [_param("currency", "EUR")], ecommerce))
    for index, (_, page, _, _) in enumerate(conversions):
        paths[max(pages - len(conversions) + index, 0)] = page
    times = [start_us + (i * duration_us) // pages for i in range(pages)]
    end_us = start_us + duration_us
    engaged = "1" if visits.engaged[s] else "0"
    base: dict[str, Any] = {
        "event_date": f"{calendar.day(int(visits.day[s])):%Y%m%d}",
        "user_id": None,
        "user_pseudo_id": f"{int(visits.user_key[user])}.{first_seen_us // 1_000_000}",
        "user_first_touch_timestamp": str(first_seen_us),
        "device": {"category": DEVICES[int(visits.device[s])], "language": "nl-nl",
                   "web_info": {"browser": "Chrome", "hostname": "www.badkamerwinkel.nl"}},
        "geo": {"country": COUNTRIES[int(visits.country[s])]},
        "session_traffic_source_last_click": {
            "manual_campaign": {"source": source, "medium": medium, "campaign_name": campaign},
        },
        "platform": "WEB",
        "stream_id": "4829371650",
    }  # fmt: skip
    common = [
        _param("ga_session_id", session_id),
        _param("ga_session_number", int(visits.number[s])),
        _param("session_engaged", engaged),
    ]
    events: list[dict[str, Any]] = []

    def add_event(name: str, at: int, page: str, params: Sequence[dict[str, Any]] = (), **extra: Any) -> None:
        events.append({
            **base,
            "event_timestamp": str(at),
            "event_name": name,
            "event_params": [*common, _param("page_location", SITE + page), *params],
            **extra,
        })  # fmt: skip

    if visits.number[s] == 1:
        add_event("first_visit", start_us, paths[0])
    add_event(
        "session_start",
        start_us,
        paths[0],
        (),
        collected_traffic_source={
            "manual_source": source,
            "manual_medium": medium,
            "manual_campaign_name": campaign,
        },
    )
    # the engagement of a page is sent with the next page view, the rest when the visit ends
    per_page = engagement // pages if duration_us else 0
    for i in range(pages):
        add_event("page_view", times[i], paths[i], [_param("engagement_time_msec", per_page)] if i else [])
    for i in range(int(visits.scrolls[s])):
        next_time = times[i + 1] if i + 1 < pages else end_us
        add_event("scroll", (times[i] + next_time) // 2, paths[i], [_param("percent_scrolled", 90)])
    for index, (name, page, params, extra) in enumerate(conversions):
        slot = max(pages - len(conversions) + index, 0)
        add_event(name, times[slot], page, params, **extra)
    if duration_us:
        rest = engagement - per_page * (pages - 1)
        add_event("user_engagement", end_us, paths[-1], [_param("engagement_time_msec", rest)])
    return events


def _campaign_name(visits: _Visits, calendar: _Calendar, s: int) -> str:
    channel = int(visits.channel[s])
    if channel == PS:
        return GOOGLE_CAMPAIGNS[int(visits.campaign[s])]
    if channel == EMAIL:
        sent = visits.sends[visits.sends <= visits.day[s]]
        return _newsletter_name(calendar, int(sent[-1])) if len(sent) else "nieuwsbrief"
    return {OS: "(organic)", DIRECT: "(direct)"}.get(channel, "(referral)")


def _newsletter_name(calendar: _Calendar, day: int) -> str:
    return f"nieuwsbrief-{calendar.day(day).isoformat()}"


# --- advertising -----------------------------------------------------------------------------------


def _ads(visits: _Visits, calendar: _Calendar, rng: np.random.Generator) -> tuple[pa.Table, pa.Table]:
    """Google Ads per day and campaign, following the Paid Search sessions; Meta Ads prospecting."""
    first, count = (
        calendar.index(calendar.start),
        calendar.index(calendar.end) - calendar.index(calendar.start),
    )
    rows = visits.between(calendar, calendar.start, calendar.end) & (visits.channel == PS)
    slot = (visits.day - first) * len(GOOGLE_CAMPAIGNS) + np.maximum(visits.campaign, 0)
    size = count * len(GOOGLE_CAMPAIGNS)

    def total(values: Ints | Bools) -> Ints:
        summed = np.bincount(slot[rows], weights=np.asarray(values)[rows].astype(np.float64), minlength=size)
        return np.rint(summed).astype(np.int64)

    sessions = total(np.ones(len(visits.user), dtype=np.int64))
    conversions = total(visits.forms + (visits.order > 0))
    value = total(visits.revenue_cents)
    campaign = np.tile(np.arange(len(GOOGLE_CAMPAIGNS)), count)
    # some clicks never become a session (the visitor left before the page loaded)
    clicks = sessions + rng.binomial(sessions, 0.12) + rng.poisson(0.2, size)
    impressions = rng.poisson(clicks / np.array(CTR)[campaign] + 3)
    cost = np.rint(clicks * np.array(CPC)[campaign] * rng.lognormal(0, 0.12, size) * 100).astype(np.int64)
    days = np.repeat(np.arange(count, dtype=np.int64) + first, len(GOOGLE_CAMPAIGNS))
    google = _arrow(
        "ads_daily",
        {
            "date": _dates(calendar, days),
            "platform": "google_ads",
            "channel": "Paid Search",
            "account": "Badkamerwinkel",
            "campaign": [GOOGLE_CAMPAIGNS[c] for c in campaign],
            "ad_group": "",
            "impressions": impressions,
            "clicks": clicks,
            "cost": _money(cost),
            "conversions": conversions.astype(np.float64),
            "conversion_value": _money(value),
            "currency": "EUR",
        },
    )
    meta_days = np.arange(count, dtype=np.int64) + first
    shape = calendar.season[meta_days] / calendar.season[meta_days].mean()
    meta_impressions = rng.poisson(META_IMPRESSIONS_PER_DAY * shape)
    meta = _arrow(
        "ads_daily",
        {
            "date": _dates(calendar, meta_days),
            "platform": "meta_ads",
            "channel": "Paid Social",
            "account": "Badkamerwinkel",
            "campaign": META_CAMPAIGN,
            "ad_group": META_AD_SET,
            "impressions": meta_impressions,
            "clicks": rng.binomial(meta_impressions, 0.0075),
            "cost": _money(np.rint(meta_impressions / 1000 * META_CPM * rng.lognormal(0, 0.08, count) * 100)),
            "reach": np.rint(meta_impressions * rng.uniform(0.66, 0.78, count)).astype(np.int64),
            "currency": "EUR",
        },
    )
    return google, meta


# --- HubSpot ---------------------------------------------------------------------------------------

_NO_TIME = np.iinfo(np.int64).max


def _crm(visits: _Visits, calendar: _Calendar, rng: np.random.Generator) -> tuple[pa.Table, pa.Table]:
    """Contacts from the web's forms and downloads (and offline leads), their way through the
    funnel with working-day delays, and their deals."""
    now = int(calendar.utc_micros(np.array([calendar.index(calendar.end)]), np.array([0]))[0])
    simulated = visits.day < calendar.simulated
    moment = calendar.utc_micros(visits.day, visits.second + visits.duration_ms // 1000)

    # the session that made each visitor a lead, and the one where they subscribed
    lead_session = simulated & (visits.contact | visits.quote | visits.whitepaper)
    signup_session = simulated & visits.newsletter
    first_lead = _first_per_user(visits, lead_session, moment)
    first_signup = _first_per_user(visits, signup_session, moment)
    web_users = np.union1d(visits.user[first_lead], visits.user[first_signup])
    lead_of = np.full(visits.users, -1, dtype=np.int64)
    lead_of[visits.user[first_lead]] = first_lead
    signup_of = np.full(visits.users, -1, dtype=np.int64)
    signup_of[visits.user[first_signup]] = first_signup
    lead_s, signup_s = lead_of[web_users], signup_of[web_users]
    has_lead = lead_s >= 0
    lead_at = np.where(has_lead, moment[np.maximum(lead_s, 0)], _NO_TIME)
    signup_at = np.where(signup_s >= 0, moment[np.maximum(signup_s, 0)], _NO_TIME)
    created_at = np.minimum(lead_at, signup_at)
    origin_session = np.where(has_lead, lead_s, signup_s)
    origin = np.where(
        visits.quote[np.maximum(lead_s, 0)], 1, np.where(visits.contact[np.maximum(lead_s, 0)], 0, 2)
    ).astype(np.int64)
    channel_names = np.array(CHANNELS, dtype=object)[visits.channel[origin_session]]
    sources = [
        SOURCES[int(c)][int(i)][0]
        for c, i in zip(visits.channel[origin_session], visits.source[origin_session], strict=True)
    ]
    campaigns = [GOOGLE_CAMPAIGNS[int(c)] if c >= 0 else None for c in visits.campaign[origin_session]]

    # showroom visitors and callers
    offline_days = np.repeat(
        np.arange(calendar.simulated, dtype=np.int64),
        rng.poisson(
            OFFLINE_LEADS_PER_DAY
            * calendar.season[: calendar.simulated]
            / calendar.season[: calendar.simulated].mean()
        ),
    )
    offline_at = _working_moment(calendar, rng, offline_days)
    keep = offline_at < now
    offline_at = offline_at[keep]
    offline = len(offline_at)

    created = np.concatenate([created_at, offline_at])
    lead = np.concatenate([lead_at, offline_at])
    origins = np.concatenate([origin, np.full(offline, 3, dtype=np.int64)])
    channels = [*channel_names.tolist(), *(["Offline"] * offline)]
    source_names: list[str | None] = [*sources, *([None] * offline)]
    campaign_names: list[str | None] = [*campaigns, *([None] * offline)]
    contacts = len(created)
    is_lead = lead != _NO_TIME

    def advance(previous: Ints, rates: Floats, mean_days: float) -> Ints:
        reached = (previous != _NO_TIME) & (rng.random(contacts) < rates)
        days = _day_of(calendar, previous) + np.ceil(rng.exponential(mean_days, contacts)).astype(np.int64)
        at = _working_moment(calendar, rng, days)
        at = np.maximum(at, np.where(previous == _NO_TIME, 0, previous) + 3_600_000_000)
        return np.where(reached & (at < now), at, _NO_TIME)

    mql = advance(lead, np.array(TO_MQL)[origins], 3.0)
    sql = advance(mql, np.array(TO_SQL)[origins], 6.0)
    opportunity = advance(sql, np.full(contacts, TO_OPPORTUNITY), 9.0)
    customer = advance(opportunity, np.full(contacts, TO_CUSTOMER), 18.0)
    lost = advance(opportunity, np.ones(contacts), 24.0)
    lost = np.where(customer == _NO_TIME, lost, _NO_TIME)

    stage = np.select(
        [customer != _NO_TIME, opportunity != _NO_TIME, sql != _NO_TIME, mql != _NO_TIME, is_lead],
        ["customer", "opportunity", "sql", "mql", "lead"],
        "subscriber",
    )
    ids = np.arange(contacts, dtype=np.int64)
    order = np.argsort(created, kind="stable")
    contact_ids = np.empty(contacts, dtype=np.int64)
    contact_ids[order] = 51_000 + ids * 7  # HubSpot numbers contacts in the order they were created
    segment = np.where(rng.random(contacts) < 0.9, "particulier", "zakelijk")
    attributes = [
        json.dumps(
            {"request": ("contact", "quote", "whitepaper", "showroom")[o]}
            if lead != _NO_TIME
            else {"newsletter": True}
        )
        for o, lead in zip(origins, lead, strict=True)
    ]
    contact_table = _arrow(
        "crm_contacts",
        {
            "source_system": "hubspot",
            "contact_id": [str(i) for i in contact_ids],
            "created_at": _moments(created),
            "lead_at": _moments(lead),
            "mql_at": _moments(mql),
            "sql_at": _moments(sql),
            "opportunity_at": _moments(opportunity),
            "customer_at": _moments(customer),
            "lifecycle_stage": stage.tolist(),
            "channel": channels,
            "source": source_names,
            "campaign": campaign_names,
            "segment": segment.tolist(),
            "attributes": attributes,
        },
    )

    # a bathroom deal for every opportunity; later a decoration deal for some customers
    has_deal = np.flatnonzero(opportunity != _NO_TIME)
    won = customer[has_deal] != _NO_TIME
    closed_at = np.where(won, customer[has_deal], lost[has_deal])
    amount = np.round((4000 + 11000 * rng.beta(2.2, 3.0, len(has_deal))) / 10) * 10  # EUR 4,000-15,000
    buyers = has_deal[won]
    repeat = buyers[rng.random(len(buyers)) < REPEAT_SHARE]
    extra_created = _working_moment(
        calendar, rng, _day_of(calendar, customer[repeat]) + rng.integers(14, 80, len(repeat))
    )
    extra_closed = _working_moment(
        calendar, rng, _day_of(calendar, extra_created) + rng.integers(0, 4, len(repeat))
    )
    extra_closed = np.maximum(extra_closed, extra_created + 60_000_000)
    bought = extra_closed < now
    repeat, extra_created, extra_closed = repeat[bought], extra_created[bought], extra_closed[bought]
    extra_amount = np.clip(np.round(rng.lognormal(np.log(350), 0.6, len(repeat))), 80, 2000)

    owners = np.concatenate([has_deal, repeat])
    is_closed = np.concatenate([closed_at != _NO_TIME, np.ones(len(repeat), dtype=bool)])
    is_won = np.concatenate([won, np.ones(len(repeat), dtype=bool)])
    deal_stage = np.where(is_won, "closedwon", np.where(is_closed, "closedlost", "contractsent"))
    pipelines = ["badkamers"] * len(has_deal) + ["decoratie"] * len(repeat)
    names = [f"Badkamer {contact_ids[o]}" for o in has_deal] + [f"Decoratie {contact_ids[o]}" for o in repeat]
    deal_created = np.concatenate([opportunity[has_deal], extra_created])
    deal_order = np.argsort(deal_created, kind="stable")
    deal_ids = np.empty(len(owners), dtype=np.int64)
    deal_ids[deal_order] = 9_100_000 + np.arange(len(owners)) * 13
    deal_table = _arrow(
        "deals",
        {
            "source_system": "hubspot",
            "deal_id": [str(i) for i in deal_ids],
            "contact_id": [str(contact_ids[o]) for o in owners],
            "name": names,
            "amount": _money(np.concatenate([amount, extra_amount]).astype(np.int64) * 100),
            "currency": "EUR",
            "created_at": _moments(deal_created),
            "closed_at": _moments(np.concatenate([closed_at, extra_closed])),
            "stage": deal_stage.tolist(),
            "is_closed": is_closed,
            "is_won": is_won,
            "pipeline": pipelines,
            "channel": [channels[o] for o in owners],
        },
    )
    return contact_table, deal_table


def _first_per_user(visits: _Visits, rows: Bools, moment: Ints) -> Ints:
    """Per user with any of ``rows``, the index of their earliest such session."""
    chosen = np.flatnonzero(rows)
    chosen = chosen[np.lexsort((moment[chosen], visits.user[chosen]))]
    _, first = np.unique(visits.user[chosen], return_index=True)
    return chosen[first].astype(np.int64)


def _day_of(calendar: _Calendar, micros: Ints) -> Ints:
    """The day index of UTC moments (near enough: a moment's local day at working hours)."""
    safe = np.where(micros == _NO_TIME, 0, micros)
    return (safe // 86_400_000_000 - calendar.epoch_day).astype(np.int64)


def _working_moment(calendar: _Calendar, rng: np.random.Generator, days: Ints) -> Ints:
    """A moment in working hours (9 to 17) on ``days``, moved to Monday when on a weekend."""
    weekday = calendar.weekdays(days)
    days = days + np.where(weekday >= 5, 7 - weekday, 0)
    seconds = rng.integers(9 * 3600, 17 * 3600, len(days))
    return calendar.utc_micros(days, seconds)


# --- newsletter and survey -------------------------------------------------------------------------


def _email(visits: _Visits, calendar: _Calendar, rng: np.random.Generator) -> pa.Table:
    """Each newsletter's sends, opens, clicks and unsubscribes over the days after it went out,
    and the sign-ups of each day (campaign ``''``: sign-ups belong to no campaign)."""
    days = calendar.simulated
    first, last = calendar.index(calendar.start), calendar.index(calendar.end)
    signups = np.bincount(visits.day[visits.newsletter & (visits.day < days)], minlength=days)
    subscribers = SUBSCRIBERS_AT_START + np.cumsum(signups)
    rows: dict[str, list[Any]] = {
        name: [] for name in ("date", "campaign", "sent", "opens", "clicks", "unsubscribes")
    }
    spread = np.array([0.55, 0.2, 0.1, 0.06, 0.04, 0.03, 0.02])
    lost = 0
    for send in visits.sends[visits.sends < days]:
        audience = int(subscribers[send]) - lost
        opens = audience * rng.normal(0.38, 0.03)
        clicks = opens * rng.normal(0.09, 0.015)
        unsubscribes = rng.binomial(audience, 0.0025)
        lost += unsubscribes
        for offset, part in enumerate(spread):
            day = int(send) + offset
            if first <= day < last:
                rows["date"].append(day)
                rows["campaign"].append(_newsletter_name(calendar, int(send)))
                rows["sent"].append(audience if offset == 0 else 0)
                rows["opens"].append(round(opens * part))
                rows["clicks"].append(round(clicks * part))
                rows["unsubscribes"].append(
                    round(unsubscribes * part / spread[:3].sum()) if offset < 3 else 0
                )
    own_days = np.arange(first, last, dtype=np.int64)
    return _arrow(
        "email_daily",
        {
            "date": _dates(calendar, np.concatenate([np.array(rows["date"], dtype=np.int64), own_days])),
            "source_system": "mailchimp",
            "campaign": [*rows["campaign"], *([""] * len(own_days))],
            "sent": [*rows["sent"], *([None] * len(own_days))],
            "opens": [*rows["opens"], *([None] * len(own_days))],
            "clicks": [*rows["clicks"], *([None] * len(own_days))],
            "unsubscribes": [*rows["unsubscribes"], *([None] * len(own_days))],
            "signups": [*([None] * len(rows["date"])), *signups[first:last].tolist()],
        },
    )


def _survey(calendar: _Calendar, rng: np.random.Generator) -> pa.Table:
    """NPS answers (0-10), a few a week, from customers of every channel."""
    first, last = calendar.index(calendar.start), calendar.index(calendar.end)
    days = np.repeat(np.arange(first, last, dtype=np.int64), rng.poisson(NPS_PER_DAY, last - first))
    scores = _pick(rng, NPS_SCORES, len(days))
    channel = _pick(rng, (0.4, 0.15, 0.25, 0.08, 0.05, 0.07), len(days))
    comment_pick = rng.integers(0, 3, len(days))
    with_comment = rng.random(len(days)) < 0.25
    comments: list[str | None] = []
    for score, pick, has in zip(scores, comment_pick, with_comment, strict=True):
        fitting = NPS_COMMENTS[0 if score <= 6 else 1 if score <= 8 else 2]
        comments.append(fitting[int(pick) % len(fitting)] if has else None)
    return _arrow(
        "survey_answers",
        {
            "answered_on": _dates(calendar, days),
            "survey": "nps",
            "respondent_id": [f"nps-{i + 1:05d}" for i in range(len(days))],
            "score": scores,
            "channel": [CHANNELS[c] for c in channel],
            "comment": comments,
        },
    )


# --- Arrow ---------------------------------------------------------------------------------------


def _arrow(name: str, columns: Mapping[str, Any]) -> pa.Table:
    """A table of the fact table's schema from columns (arrays, lists, or one value for every row);
    columns left out are empty (``''`` where the schema does not allow empty)."""
    table = FACT_TABLES[name]
    schema = table.arrow_schema()
    size = next(len(value) for value in columns.values() if not isinstance(value, str | int | float))
    arrays = []
    for column in table.columns:
        type_ = schema.field(column.name).type
        value = columns.get(column.name)
        if value is None:
            value = [""] * size if not column.nullable and column.type == "VARCHAR" else pa.nulls(size, type_)
        elif isinstance(value, str | int | float):
            value = [value] * size
        arrays.append(value if isinstance(value, pa.Array) else pa.array(_plain(value), type=type_))
    return pa.Table.from_arrays(arrays, schema=schema)


def _plain(value: Any) -> Any:
    return value.tolist() if isinstance(value, np.ndarray) else value


def _dates(calendar: _Calendar, days: Ints) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int64) + calendar.epoch_day, type=pa.int32()).cast(pa.date32())


def _moments(micros: Ints) -> pa.Array:
    missing = micros == _NO_TIME
    return pa.array(np.where(missing, 0, micros), type=pa.int64(), mask=missing).cast(
        pa.timestamp("us", tz="UTC")
    )


def _money(cents: Ints | Floats) -> pa.Array:
    return pa.array([Decimal(int(c)).scaleb(-2) for c in np.asarray(cents)], type=pa.decimal128(18, 4))


def _sha256(table: pa.Table) -> str:
    """The rows' fingerprint, standing in for a file's: the same rows give the same one."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()
