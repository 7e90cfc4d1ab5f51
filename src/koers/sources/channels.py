"""GA4's default channel group, from a session's source, medium and campaign.

GA4 puts every session in one channel by testing rules in a fixed order; the first rule that
matches wins (`[GA4] Default channel group`, Google Analytics Help). The rules live here once,
as data, and run two ways: :func:`default_channel_group` in Python, and :func:`channel_sql` as a
DuckDB ``CASE`` expression, so that millions of imported events are grouped inside DuckDB with
exactly the same rules (a Python function called per row would be far slower).

Google matches source names against its own published lists of search, social, video and
shopping sites; the lists below hold the sites that matter in practice, each matched with the
usual sub-domains (``www.``, ``m.``, ``l.``, a country code) and top-level domains, so
``l.facebook.com``, ``nl.search.yahoo.com`` and ``google.co.uk`` all count. Matching ignores case
and surrounding spaces, as GA4 does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

Field = Literal["source", "medium", "campaign"]

DIRECT = "Direct"
UNASSIGNED = "Unassigned"

SEARCH_SITES = (
    "google", "bing", "yahoo", "duckduckgo", "ecosia", "baidu", "yandex", "ask", "aol", "naver",
    "seznam", "qwant", "startpage", "sogou", "so.com", "daum", "coccoc", "brave", "msn", "webcrawler",
    "dogpile", "lycos", "onet", "rambler", "go.mail.ru", "petalsearch", "search.brave", "kvasir",
    "libero", "virgilio", "wp.pl", "biglobe", "centrum.cz", "yam",
)  # fmt: skip
SOCIAL_SITES = (
    "facebook", "fb", "instagram", "ig", "linkedin", "lnkd.in", "twitter", "t.co", "x.com", "pinterest",
    "reddit", "tiktok", "snapchat", "tumblr", "quora", "vk", "weibo", "whatsapp", "telegram",
    "messenger", "threads.net", "discord", "mastodon.social", "xing", "meetup", "medium.com",
    "producthunt", "yelp", "line.me", "kakao",
)  # fmt: skip
VIDEO_SITES = ("youtube", "youtu.be", "vimeo", "twitch", "dailymotion", "wistia", "netflix", "ted.com")
SHOPPING_SITES = (
    "amazon", "ebay", "etsy", "shopify", "walmart", "alibaba", "aliexpress", "igshopping", "mercadolibre",
    "rakuten", "shopping.naver", "shopzilla", "google shopping", "shopping.yahoo",
)  # fmt: skip

PAID_MEDIUM = r"^(.*cp.*|ppc|retargeting|paid.*)$"
SHOPPING_CAMPAIGN = r"^(.*(([^a-df-z]|^)shop|shopping).*)$"
EMAIL_WORDS = ("email", "e-mail", "e_mail", "e mail")


def _sites(names: tuple[str, ...]) -> str:
    """A regular expression for a list of sites with their usual sub-domains and domain endings."""
    alternatives = "|".join(re.escape(name) for name in names)
    return (
        r"^(?:(?:www|m|l|lm|mobile|search|web|out|go|[a-z]{2})\.){0,2}"
        rf"(?:{alternatives})(?:\.[a-z]{{2,3}}){{0,2}}$"
    )


@dataclass(frozen=True, slots=True)
class Test:
    """One test on one field: equal to one of ``values``, or matching the regular expression ``pattern``."""

    field: Field
    values: tuple[str, ...] = ()
    pattern: str | None = None


def _is(field: Field, *values: str) -> Test:
    return Test(field, values=values)


def _matches(field: Field, pattern: str) -> Test:
    return Test(field, pattern=pattern)


@dataclass(frozen=True, slots=True)
class Rule:
    """A channel, and when a session belongs to it: when any group in ``when`` has all its tests pass."""

    channel: str
    when: tuple[tuple[Test, ...], ...]


_SEARCH = _matches("source", _sites(SEARCH_SITES))
_SOCIAL = _matches("source", _sites(SOCIAL_SITES))
_VIDEO = _matches("source", _sites(VIDEO_SITES))
_SHOPPING_SOURCE = _matches("source", _sites(SHOPPING_SITES))
_SHOPPING_CAMPAIGN = _matches("campaign", SHOPPING_CAMPAIGN)
_PAID = _matches("medium", PAID_MEDIUM)

RULES: tuple[Rule, ...] = (
    Rule(DIRECT, ((_is("source", "(direct)"), _is("medium", "(none)", "(not set)")),)),
    Rule("Cross-network", ((_matches("campaign", "cross-network"),),)),
    Rule("Paid Shopping", ((_SHOPPING_SOURCE, _PAID), (_SHOPPING_CAMPAIGN, _PAID))),
    Rule("Paid Search", ((_SEARCH, _PAID),)),
    Rule("Paid Social", ((_SOCIAL, _PAID),)),
    Rule("Paid Video", ((_VIDEO, _PAID),)),
    Rule("Display", ((_is("medium", "display", "banner", "expandable", "interstitial", "cpm"),),)),
    Rule("Paid Other", ((_PAID,),)),
    Rule("Organic Shopping", ((_SHOPPING_SOURCE,), (_SHOPPING_CAMPAIGN,))),
    Rule(
        "Organic Social",
        (
            (_SOCIAL,),
            (
                _is(
                    "medium",
                    "social",
                    "social-network",
                    "social-media",
                    "sm",
                    "social network",
                    "social media",
                ),
            ),
        ),
    ),
    Rule("Organic Video", ((_VIDEO,), (_matches("medium", r"^(.*video.*)$"),))),
    Rule("Organic Search", ((_SEARCH,), (_is("medium", "organic"),))),
    Rule("Referral", ((_is("medium", "referral", "app", "link"),),)),
    Rule("Email", ((_is("source", *EMAIL_WORDS),), (_is("medium", *EMAIL_WORDS),))),
    Rule("Affiliates", ((_is("medium", "affiliate"),),)),
    Rule("Audio", ((_is("medium", "audio"),),)),
    Rule("SMS", ((_is("source", "sms"),), (_is("medium", "sms"),))),
    Rule(
        "Mobile Push Notifications",
        ((_matches("medium", r"(push$|mobile|notification)"),), (_is("source", "firebase"),)),
    ),
)
"""GA4's rules in GA4's order: a paid medium decides before the site does, so ``google / cpc``
is Paid Search and ``google / organic`` Organic Search."""

CHANNELS: tuple[str, ...] = (*(rule.channel for rule in RULES), UNASSIGNED)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _passes(test: Test, values: dict[str, str]) -> bool:
    value = values[test.field]
    if test.pattern is not None:
        return _compiled(test.pattern).search(value) is not None
    return value in test.values


def default_channel_group(source: str | None, medium: str | None, campaign: str | None = None) -> str:
    """The GA4 default channel group of a session with this source, medium and campaign.

    ``default_channel_group("google", "cpc")`` is ``"Paid Search"``; a session without any
    source information is ``(direct) / (none)``, which is ``"Direct"``.
    """
    values = {
        "source": (source or "").strip().lower(),
        "medium": (medium or "").strip().lower(),
        "campaign": (campaign or "").strip().lower(),
    }
    for rule in RULES:
        if any(all(_passes(test, values) for test in group) for group in rule.when):
            return rule.channel
    return UNASSIGNED


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _test_sql(test: Test, columns: dict[str, str]) -> str:
    column = columns[test.field]
    if test.pattern is not None:
        return f"regexp_matches({column}, {_sql_text(test.pattern)})"
    return f"{column} IN ({', '.join(_sql_text(value) for value in test.values)})"


def channel_sql(source: str, medium: str, campaign: str) -> str:
    """A DuckDB expression with the same result as :func:`default_channel_group` for the SQL
    expressions ``source``, ``medium`` and ``campaign`` (``NULL`` counts as empty)."""
    columns = {
        name: f"lower(trim(coalesce({expression}, '')))"
        for name, expression in (("source", source), ("medium", medium), ("campaign", campaign))
    }
    branches = []
    for rule in RULES:
        condition = " OR ".join(
            "(" + " AND ".join(_test_sql(test, columns) for test in group) + ")" for group in rule.when
        )
        branches.append(f"WHEN {condition} THEN {_sql_text(rule.channel)}")
    return "CASE " + " ".join(branches) + f" ELSE {_sql_text(UNASSIGNED)} END"


__all__ = ["CHANNELS", "RULES", "channel_sql", "default_channel_group"]
