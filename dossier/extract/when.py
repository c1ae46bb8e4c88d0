"""Dates of events: absolute ('January 25th, 2014'), partial ('May 20', 'in 2013'), relative ('on Sunday',
'last month', 'this week') and ranges ('between last September to February this year'), resolved
against an anchor: the article's publication date or, failing that, the latest absolute date in the
document. The precision says how sure the day is. A text with no year anywhere (an incident summary)
gets month and day only, written `--MM-DD` as ISO 8601 allows."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dossier.extract.numbers import UNITS

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
WEEKDAYS = [d.lower() for d in calendar.day_name]
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
NUMBERS = {**{k: v for k, v in UNITS.items() if v <= 10}, "several": 3, "few": 3}

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dmy", re.compile(rf"\b{_DAY} {_MON},? {_YEAR}\b")),
    ("mdy", re.compile(rf"\b{_MON} {_DAY},? {_YEAR}\b")),
    ("season", re.compile(rf"\b(?P<season>spring|summer|autumn|fall|winter) (?:of )?{_YEAR}\b", re.I)),
    ("my", re.compile(rf"\b{_MON},? {_YEAR}\b")),
    ("dm", re.compile(rf"\b{_DAY} {_MON}(?! \d)\b")),
    ("md", re.compile(rf"\b{_MON} {_DAY}\b(?!,? (?:19|20)\d{{2}})(?![\d:])")),
    (
        "rel_month",
        re.compile(
            rf"\b(?P<rel>last|this|next|earlier this|late last|early this) {_MON}\b"
            rf"|\b{_MON2} (?P<rel2>this|last) year\b",
            re.I,
        ),
    ),
    ("month", re.compile(rf"\b(?i:in|since|during|from|to|until|till|by|early|late|mid-?) {_MON}\b(?! \d)")),
    (
        "year",
        re.compile(rf"\b(?:in|since|during|of|from|to|until|till|by|early|late|mid-?|between|and) {_YEAR}\b(?!-)"),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
            r"(?: (?:night|morning|evening|afternoon))?",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few) "
            r"(?P<unit>days?|weeks?|months?|years?) ago\b",
            re.I,
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<word>yesterday|today|tonight|last night|this morning|this evening|earlier today"
            r"|(?:earlier |later )?this week|last week|(?:earlier |later )?this month|last month"
            r"|this year|last year|earlier this year)\b",
            re.I,
        ),
    ),
]
REPORTING = re.compile(
    r"\b(said|says|told|stated|added|announced|reported|statement|confirmed|claimed|revealed)\b[^.]{0,25}$", re.I
)
RANGE_GLUE = re.compile(r"^\s*(?:to|and|till|until|through|-|–)\s*$", re.I)
RANGE_OPEN = re.compile(r"\b(?:from|between)\s*$", re.I)


@dataclass(frozen=True)
class Anchor:
    day: date | None
    precision: str  # day | month | year | unknown
    source: str = "publication"  # publication | document (latest date it states) | crawl


@dataclass(frozen=True)
class DateValue:
    start: str | None
    end: str | None
    precision: str  # day | week | month | season | year | range | unknown

    def as_dict(self) -> dict[str, str | None]:
        return {"start": self.start, "end": self.end, "precision": self.precision}


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    text: str
    value: DateValue
    reporting: bool  # the date of a statement ("said on Sunday"), not necessarily of the event


def _month_span(y: int, m: int) -> DateValue:
    return DateValue(date(y, m, 1).isoformat(), date(y, m, calendar.monthrange(y, m)[1]).isoformat(), "month")


def _year_span(y: int) -> DateValue:
    return DateValue(f"{y}-01-01", f"{y}-12-31", "year")


def _day(d: date) -> DateValue:
    return DateValue(d.isoformat(), d.isoformat(), "day")


def _past_month(anchor: date, month: int, strictly: bool) -> int:
    """Year of the latest `month` at or before the anchor's month (strictly before with 'last')."""
    if month < anchor.month or (month == anchor.month and not strictly):
        return anchor.year
    return anchor.year - 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve(kind: str, m: re.Match[str], anchor: Anchor) -> DateValue | None:
    g = m.groupdict()
    a = anchor.day
    mon = MONTHS.get((g.get("mon") or g.get("mon2") or "").lower().rstrip("."))
    if kind in ("dmy", "mdy"):
        d = _safe_date(int(g["year"]), mon or 1, int(g["day"]))
        return _day(d) if d else None
    if kind == "my":
        return _month_span(int(g["year"]), mon or 1)
    if kind == "season":
        y, (m1, m2) = int(g["year"]), SEASONS[g["season"].lower()]
        end_y = y + 1 if m2 < m1 else y
        return DateValue(
            date(y, m1, 1).isoformat(), date(end_y, m2, calendar.monthrange(end_y, m2)[1]).isoformat(), "season"
        )
    if kind == "year":
        return _year_span(int(g["year"]))
    if a is None:
        if kind in ("dm", "md") and mon and _safe_date(2000, mon, int(g["day"])):  # 2000: a leap year
            return DateValue(f"--{mon:02d}-{int(g['day']):02d}", f"--{mon:02d}-{int(g['day']):02d}", "day")
        return None  # a summary with no year anywhere: month and day, ISO 8601's "--MM-DD"
    if kind in ("dm", "md"):
        y = a.year if (mon or 1, int(g["day"])) <= (a.month, a.day) else a.year - 1
        d = _safe_date(y, mon or 1, int(g["day"]))
        return _day(d) if d else None
    if kind == "rel_month" and mon:
        rel = (g.get("rel") or g.get("rel2") or "").lower()
        if rel in ("this", "earlier this", "early this"):
            return _month_span(a.year, mon)
        if rel == "next":
            return _month_span(a.year if mon > a.month else a.year + 1, mon)
        return _month_span(_past_month(a, mon, strictly=True), mon)
    if kind == "month" and mon:
        return _month_span(_past_month(a, mon, strictly=False), mon)
    if anchor.precision != "day":
        return _coarse_relative(kind, m, a) if kind == "relative" else None
    if kind == "weekday":
        back = (a.weekday() - WEEKDAYS.index(g["wd"].lower())) % 7
        return _day(a - timedelta(days=back))
    if kind == "ago":
        raw, unit = g["n"].lower(), g["unit"].lower().rstrip("s")
        n = int(raw) if raw.isdigit() else NUMBERS.get(raw, 1)
        if unit == "day":
            return _day(a - timedelta(days=n))
        if unit == "week":
            d = a - timedelta(weeks=n)
            return DateValue(
                (d - timedelta(days=d.weekday())).isoformat(), (d + timedelta(days=6 - d.weekday())).isoformat(), "week"
            )
        if unit == "month":
            y, mo = divmod(a.year * 12 + a.month - 1 - n, 12)
            return _month_span(y, mo + 1)
        return _year_span(a.year - n)
    return _relative(g["word"].lower(), a)


def _relative(word: str, a: date) -> DateValue:
    if word in ("yesterday", "last night"):
        return _day(a - timedelta(days=1))
    if word in ("today", "tonight", "this morning", "this evening", "earlier today"):
        return _day(a)
    if word.endswith("this week") or word == "last week":
        monday = a - timedelta(days=a.weekday()) - (timedelta(weeks=1) if word == "last week" else timedelta())
        end = min(monday + timedelta(days=6), a) if word != "last week" else monday + timedelta(days=6)
        return DateValue(monday.isoformat(), end.isoformat(), "week")
    if word.endswith("this month"):
        return _month_span(a.year, a.month)
    if word == "last month":
        y, mo = (a.year, a.month - 1) if a.month > 1 else (a.year - 1, 12)
        return _month_span(y, mo)
    if word == "last year":
        return _year_span(a.year - 1)
    return _year_span(a.year)


def _coarse_relative(kind: str, m: re.Match[str], a: date) -> DateValue | None:
    word = m.group("word").lower()
    if word.endswith("this month"):
        return _month_span(a.year, a.month)
    if word == "last month":
        y, mo = (a.year, a.month - 1) if a.month > 1 else (a.year - 1, 12)
        return _month_span(y, mo)
    if word in ("this year", "earlier this year"):
        return _year_span(a.year)
    if word == "last year":
        return _year_span(a.year - 1)
    return None


def find_dates(text: str, anchor: Anchor) -> list[TimeExpr]:
    """Date expressions in a sentence, resolved, longest first where they overlap, ranges joined."""
    found: list[TimeExpr] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(e.start < m.end() and m.start() < e.end for e in found):
                continue
            value = resolve(kind, m, anchor)
            if value is None:
                continue
            reporting = bool(REPORTING.search(text[max(0, m.start() - 40) : m.start()]))
            found.append(TimeExpr(m.start(), m.end(), m.group(0), value, reporting))
    found.sort(key=lambda e: e.start)
    return _join_ranges(text, found)


def _join_ranges(text: str, exprs: list[TimeExpr]) -> list[TimeExpr]:
    out: list[TimeExpr] = []
    i = 0
    while i < len(exprs):
        e = exprs[i]
        if (
            i + 1 < len(exprs)
            and RANGE_GLUE.match(text[e.end : exprs[i + 1].start])
            and RANGE_OPEN.search(text[: e.start])
        ):
            f = exprs[i + 1]
            opener = RANGE_OPEN.search(text[: e.start])
            start = opener.start() if opener else e.start
            out.append(
                TimeExpr(start, f.end, text[start : f.end], DateValue(e.value.start, f.value.end, "range"), False)
            )
            i += 2
            continue
        out.append(e)
        i += 1
    return out


def document_anchor(published: str | None, text: str) -> Anchor:
    """The publication date, or else the latest absolute date the document states."""
    if published:
        try:
            return Anchor(date.fromisoformat(published[:10]), "day")
        except ValueError:
            pass
    latest: tuple[date, str] | None = None
    for kind in ("dmy", "mdy", "my"):
        pattern = dict(PATTERNS)[kind]
        for m in pattern.finditer(text):
            value = resolve(kind, m, Anchor(None, "unknown"))
            if value and value.end and (latest is None or date.fromisoformat(value.end) > latest[0]):
                latest = (date.fromisoformat(value.end), value.precision)
    if latest is None:
        return Anchor(None, "unknown", "none")
    return Anchor(latest[0], latest[1], "document")
