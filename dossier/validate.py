"""Checks on what a user hands in at the edge (API query, CLI option), shared by both so that they
refuse the same values with the same words: dates that do not exist, incident types outside the
taxonomy, text holding a NUL byte (SQLite drops such a filter silently, PostgreSQL fails on it).
Each check returns the value it was given, or raises InvalidValue (the API answers 422, the
command line exits with 2)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from dossier.errors import InputError
from dossier.store.filters import Filters
from dossier.vocab import INCIDENT_TYPES

NUL_MESSAGE = "must not contain a NUL byte"
DAY_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# What day() accepts, as one regular expression (for a schema: the API's OpenAPI document): years
# 0001-9999, their months, and the days each month has, 29 February in leap years only.
_YEAR = r"(000[1-9]|00[1-9]\d|0[1-9]\d\d|[1-9]\d{3})"
_LEAP = r"(\d\d(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
DAY_PATTERN = (
    rf"^({_YEAR}(-(0[1-9]|1[0-2]))?"
    rf"|{_YEAR}-(0[13578]|1[02])-(0[1-9]|[12]\d|3[01])"
    rf"|{_YEAR}-(0[469]|11)-(0[1-9]|[12]\d|30)"
    rf"|{_YEAR}-02-(0[1-9]|1\d|2[0-8])"
    rf"|{_LEAP}-02-29)$"
)


class InvalidValue(InputError):
    """A parameter the user gave cannot be right whatever is stored (a date that does not exist, ...)."""


def text(name: str, value: str | None) -> str | None:
    """`value`, unless it holds a NUL byte."""
    if value is not None and "\x00" in value:
        raise InvalidValue(f"{name} {NUL_MESSAGE}")
    return value


def day(name: str, value: str | None) -> str | None:
    """`value` if it is a year, a month or a day of the calendar (2024, 2024-02, 2024-02-29)."""
    if value is None:
        return None
    match = _DAY.fullmatch(value)
    if not match:
        raise InvalidValue(f"{name}: {_shown(value)} is not a date; use {DAY_FORMS}")
    year, month, dd = match.groups()
    try:
        date(int(year), int(month or 1), int(dd or 1))
    except ValueError:
        raise InvalidValue(f"{name}: {_shown(value)} is no day of the calendar; use {DAY_FORMS}") from None
    return value


def last_day(value: str | None) -> str | None:
    """The last day of the year or month `value` names (a day stays itself): '2024-02' -> '2024-02-29'."""
    if value is None or len(value) == 10:
        return value
    if len(value) == 4:
        return value + "-12-31"
    year, month = int(value[:4]), int(value[5:7])
    return f"{value}-{calendar.monthrange(year, month)[1]:02d}"


def incident_type(name: str, value: str | None) -> str | None:
    """`value` if it is one of the taxonomy's incident types (dossier/vocab.py)."""
    if value is not None and value not in INCIDENT_TYPES:
        raise InvalidValue(f"{name}: {_shown(value)} is not an incident type; use one of: {', '.join(INCIDENT_TYPES)}")
    return value


def incident_filters(
    type_: str | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    actor: str | None = None,
    background: bool = True,
    bbox: tuple[float, float, float, float] | None = None,
    q: str | None = None,
    *,
    names: tuple[str, str, str, str, str, str] = ("type", "since", "until", "place", "actor", "q"),
) -> Filters:
    """The filters of an incident list, each checked; `until` reaches to the end of its year or month.
    `names` are the parameters as the caller's user knows them (API `q`, CLI `--q`)."""
    n_type, n_since, n_until, n_place, n_actor, n_q = names
    for name, value in ((n_type, type_), (n_since, since), (n_until, until), (n_place, place), (n_actor, actor)):
        text(name, value)
    text(n_q, q)
    return Filters(
        incident_type(n_type, type_),
        day(n_since, since),
        last_day(day(n_until, until)),
        place,
        actor,
        background,
        bbox,
        q,
    )


def _shown(value: str) -> str:
    """The value as a message quotes it: repr (no control character reaches a terminal), cut short."""
    return repr(value if len(value) <= 60 else value[:60] + "…")
