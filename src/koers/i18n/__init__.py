"""One translation and formatting layer for every text a user reads.

Code that produces user-facing text builds a :class:`Msg` (a message key and its parameters)
and leaves the language to the edge that shows it: the CLI, the web app or a report calls
:func:`render` with the reader's language. Parameters are formatted by type through Babel, so
``1500`` reads ``1.500`` in Dutch and ``1,500`` in English; wrap values in :class:`Percent`,
:class:`Money` or :class:`Seconds` to say what they are.

The message texts live in :mod:`koers.i18n.messages`, one module per area, each key with a
Dutch and an English text.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from koers.i18n.messages import MESSAGES


class Lang(StrEnum):
    """The languages Koers speaks."""

    NL = "nl"
    EN = "en"


LOCALES: Mapping[Lang, str] = {Lang.NL: "nl_NL", Lang.EN: "en_GB"}


@dataclass(frozen=True, slots=True)
class Localized:
    """A text given in both languages, such as a metric's name."""

    nl: str
    en: str

    def in_(self, lang: Lang | str) -> str:
        return self.nl if Lang(lang) is Lang.NL else self.en


@dataclass(frozen=True, slots=True)
class Percent:
    """A fraction shown as a percentage: ``Percent(Decimal("0.39"))`` reads 39%."""

    value: Decimal | Fraction | int | float
    digits: int = 1


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money in a currency."""

    amount: Decimal
    currency: str = "EUR"


@dataclass(frozen=True, slots=True)
class Seconds:
    """A duration in seconds, read as minutes and seconds."""

    value: Decimal | int | float


@dataclass(frozen=True, slots=True)
class Msg:
    """A message to show a user: a key into the catalog and its parameters."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: Lang | str) -> str:
        return render(self, lang)


def msg(key: str, /, **params: Any) -> Msg:
    """Build a :class:`Msg`; raises at once for a key missing from the catalog."""
    if key not in MESSAGES:
        raise KeyError(f"no message {key!r} in the catalog")
    return Msg(key, params)


_RENDERED: dict[tuple[Any, ...], str] = {}
_RENDERED_MAX = 20_000
"""Rendered messages by key, language and the exact parameters: pages show the same texts and
numbers over and over, and formatting them through Babel is most of what a page costs."""


def render(message: Msg, lang: Lang | str) -> str:
    """The message's text in ``lang``, with every parameter formatted for that language."""
    language = Lang(lang)
    # repr, not the values themselves: Decimal("1.0") == Decimal("1.00") but they read differently
    cache_key = (message.key, language, *(f"{name}={value!r}" for name, value in message.params.items()))
    found = _RENDERED.get(cache_key)
    if found is None:
        found = _render(message, language)
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[cache_key] = found
    return found


def _render(message: Msg, language: Lang) -> str:
    nl, en = MESSAGES[message.key]
    template = nl if language is Lang.NL else en
    values = {name: format_value(value, language) for name, value in message.params.items()}
    return string.Formatter().vformat(template, (), values)


def format_value(value: Any, lang: Lang | str) -> str:
    """Format one value for a reader of ``lang``."""
    language = Lang(lang)
    locale = LOCALES[language]
    match value:
        case Msg():
            return render(value, language)
        case Localized():
            return value.in_(language)
        case Percent(number, digits):
            pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
            return format_percent(Decimal(_as_decimal_text(number)), pattern, locale=locale)
        case Money(amount, currency):
            return format_currency(amount, currency, locale=locale)
        case Seconds(seconds):
            return format_duration(Decimal(_as_decimal_text(seconds)), language)
        case bool():
            return str(value)
        case int() | Decimal():
            return format_decimal(value, locale=locale, decimal_quantization=False)
        case Fraction():
            return format_decimal(
                Decimal(value.numerator) / Decimal(value.denominator), "#,##0.##", locale=locale
            )
        case float():
            return format_decimal(value, "#,##0.##", locale=locale)
        case date():
            return format_date(value, "long", locale=locale)
        case list() | tuple():
            return ", ".join(format_value(item, language) for item in value)
        case StrEnum():
            return str(value.value)
        case _:
            return str(value)


def format_number(value: Decimal | int | float | Fraction, lang: Lang | str) -> str:
    """A plain number in the reader's format (``1.500`` or ``1,500``)."""
    return format_value(value, lang)


def format_duration(seconds: Decimal, lang: Lang | str) -> str:
    """``75`` reads ``1 min 15 s``; below a minute only seconds are shown."""
    total = int(seconds.to_integral_value())
    sign, total = ("−" if total < 0 else ""), abs(total)  # divmod of a negative rounds the wrong way
    minutes, rest = divmod(total, 60)
    if minutes == 0:
        return f"{sign}{rest} s"
    return f"{sign}{minutes} min {rest} s" if rest else f"{sign}{minutes} min"


def _as_decimal_text(number: Decimal | Fraction | int | float) -> str:
    if isinstance(number, Fraction):
        return str(Decimal(number.numerator) / Decimal(number.denominator))
    return str(number)


__all__ = [
    "LOCALES",
    "Lang",
    "Localized",
    "Money",
    "Msg",
    "Percent",
    "Seconds",
    "format_number",
    "format_value",
    "msg",
    "render",
]
