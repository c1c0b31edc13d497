"""Date expressions in text, resolved against the article's publication date, as precisely as the text allows.

``find_dates(text)`` finds the expressions ("on Feb. 20 next year", "in September last year", "late 2025",
"this week", "on Tuesday"); ``DateMention.resolve(published, future)`` turns one into a ``PartialDate``.
``future`` says which way an expression without a year points: "in February" in a sentence about a planned
return is the next February, in a past-tense sentence the last one. dateparser reads absolute dates; the
relative rules (which dateparser does not resolve against a reference date) are our own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import dateparser

from ..model import PartialDate

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

MONTH = (r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
         r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19[4-9]\d|20\d\d))"
REL = r"(?P<rel>last|next|this|the previous|the following|the same)"
WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
COUNT = r"(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
UNIT = r"(?P<unit>day|week|month|year)s?"
PART = r"(?P<part>early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of)"
SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text: where it is, and how to resolve it."""

    start: int
    end: int
    text: str
    kind: str  # the rule that found it
    fields: tuple[tuple[str, str], ...]

    def field(self, name: str) -> str | None:
        return dict(self.fields).get(name)

    @property
    def needs_reference(self) -> bool:
        """True when the expression cannot be resolved without the publication date."""
        return self.kind not in ("day_year", "month_year", "part_year", "year", "born_year")

    @property
    def anchored(self) -> bool:
        """True when the expression counts from the last date told ("a year later")."""
        return self.kind == "anchored"

    def resolve(self, published: dt.date | None, future: bool = False,
                anchor: PartialDate | None = None) -> PartialDate | None:
        """The date meant; an anchored expression needs ``anchor``, the last date the article told before it."""
        if self.anchored:
            return _from_anchor(dict(self.fields), anchor)
        return _RESOLVERS[self.kind](dict(self.fields), published, future)


@dataclass(frozen=True)
class Offset:
    """'about a month before …': shift the date that follows by this much. With ``after`` ("…, a month after
    the pair flew in"), the clause that follows happened this long before the date that precedes."""

    start: int
    end: int
    months: int
    days: int
    after: bool = False


# ------------------------------------------------------------------------------------------- finding

_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE if kind in ("relative_unit", "ago", "part_rel", "season", "anchored") else 0))
    for kind, pattern in (
        ("day_year", rf"\b{MONTH} {DAY},? {YEAR}\b"),
        ("day_year", rf"\b{DAY} {MONTH},? {YEAR}\b"),
        ("day_rel", rf"\b{MONTH} {DAY},? {REL} year\b"),
        ("month_rel", rf"\b{MONTH},? (?:of )?{REL} year\b"),
        ("month_year", rf"\b{MONTH},? (?:of )?{YEAR}\b"),
        ("part_year", rf"\b{PART}[- ]{YEAR}\b"),
        ("part_year", rf"\b(?:{PART}[- ])?{SEASON} (?:of )?{YEAR}\b"),
        ("born_year", rf"\(b\. {YEAR}\)"),
        ("day", rf"\b{MONTH} {DAY}\b(?!,? \d)"),
        ("ago", rf"\b(?:about |around |some |nearly |almost |less than |more than )?{COUNT} {UNIT} ago\b"),
        ("part_rel", r"\b(?:(?P<part>earlier|later|early|late) (?:this|in the)|(?:the )?(?P<edge>end|beginning|"
                     r"start|middle) of (?:the|this)) (?P<unit>year|month)\b"),
        # told from the last date the article gave, not from its publication ("four years later", "the
        # following year", "the day before")
        ("anchored", rf"\b(?:{COUNT} {UNIT} (?P<way>later|earlier)|(?P<rel>the following|the previous|the next|the same) "
                     r"(?P<unit2>year|month|day)|the (?P<unit3>day|year) (?P<way2>before|after))\b"),
        ("relative_unit", rf"\b{REL} (?P<unit>year|month|week)\b"),
        ("season", rf"\b(?:(?P<rel>this|next|last) |(?P<part>early|mid|late)[- ])?{SEASON}\b"),
        ("weekday", rf"\b(?:(?P<rel>last|next|this) )?{WEEKDAY}\b"),
        ("today", r"\b(?P<word>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast night|[Tt]his (?:morning|afternoon|evening))\b"),
        ("month", rf"(?<![\w.])(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ee]arly|[Ll]ate|[Mm]id|[Tt]his|[Ll]ast|[Nn]ext|[Oo]n|[Ff]rom|[Dd]uring|[Oo]f) {MONTH}(?![\w])"),
        ("year", rf"(?<![\w$£€.,-]){YEAR}(?![\w%]|,\d|\.\d)"),
    )
)

_OFFSET = re.compile(
    rf"\b(?:about |around |some |roughly |nearly |almost |just |only )?{COUNT} {UNIT} (?P<way>before|ahead of|prior to|after)\b",
    re.IGNORECASE,
)


def find_dates(text: str) -> list[DateMention]:
    """The date expressions in ``text``, left to right, never overlapping (the longest rule wins)."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < stop and end > begin for begin, stop in taken):
                continue
            if kind == "month" and match.group("month").lower().startswith("may") and match.group("prep").lower() not in ("in", "since", "by", "until", "early", "late", "mid", "last", "next", "this", "of"):
                continue  # "may" the modal
            taken.append((start, end))
            fields = tuple((key, value) for key, value in match.groupdict().items() if value)
            found.append(DateMention(start, end, match.group(0), kind, fields))
    return sorted(found, key=lambda mention: mention.start)


def find_offsets(text: str) -> list[Offset]:
    """'about a month before' and the like: a shift to apply to the date expression after it."""
    offsets = []
    for match in _OFFSET.finditer(text):
        count = _count(match.group("count"))
        unit = match.group("unit").lower()
        months = {"month": count, "year": 12 * count}.get(unit, 0)
        days = {"day": count, "week": 7 * count}.get(unit, 0)
        offsets.append(Offset(match.start(), match.end(), -months, -days, match.group("way").lower() == "after"))
    return offsets


def shift(date: PartialDate, offset: Offset) -> PartialDate:
    """A date moved by an offset, at the coarser of the two precisions."""
    if offset.months:
        first = date.first_day()
        total = first.year * 12 + first.month - 1 + offset.months
        year, month = divmod(total, 12)
        moved = dt.date(year, month + 1, 1)
        return PartialDate(moved.isoformat()[:7] if date.precision != "year" else str(moved.year))
    moved = date.first_day() + dt.timedelta(days=offset.days)
    return PartialDate(moved.isoformat()).truncate(date.precision)


# ----------------------------------------------------------------------------------------- resolving


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower(), 1)


def _month(name: str) -> int:
    return _MONTHS[name.lower()[:3]]


def _relative_year(rel: str, published: dt.date) -> int:
    return published.year + {"last": -1, "the previous": -1, "next": 1, "the following": 1}.get(rel.lower(), 0)


def _absolute(text: str) -> dt.date | None:
    """dateparser for fully written dates (it knows every month spelling and order)."""
    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


def _day_year(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    try:
        return PartialDate(dt.date(int(fields["year"]), _month(fields["month"]), int(fields["day"])).isoformat())
    except ValueError:
        return None


def _day_rel(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    year = _relative_year(fields["rel"], published)
    try:
        return PartialDate(dt.date(year, _month(fields["month"]), int(fields["day"])).isoformat())
    except ValueError:
        return None


def _month_rel(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    return PartialDate(f"{_relative_year(fields['rel'], published):04d}-{_month(fields['month']):02d}")


def _month_year(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    return PartialDate(f"{int(fields['year']):04d}-{_month(fields['month']):02d}")


def _year_only(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    return PartialDate(fields["year"])


def _nearest_year(month: int, day: int, published: dt.date, future: bool) -> int:
    """The year that puts month/day on the right side of the publication date."""
    if future and (month, day) < (published.month, published.day):
        return published.year + 1
    if not future and (month, day) > (published.month, published.day):
        return published.year - 1
    return published.year


def _day(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    month, day = _month(fields["month"]), int(fields["day"])
    year = _nearest_year(month, day, published, future)
    try:
        return PartialDate(dt.date(year, month, day).isoformat())
    except ValueError:
        return None


def _month_only(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    month = _month(fields["month"])
    rel = fields.get("prep", "").lower()
    year = published.year
    # "last May" is the latest May before publication, "next May" the first after it; a bare "in May" is this
    # year's unless that points the wrong way
    if rel == "last" or (rel != "next" and not future):
        if month > published.month or (rel == "last" and month == published.month):
            year -= 1
    elif month < published.month or (rel == "next" and month == published.month):
        year += 1
    return PartialDate(f"{year:04d}-{month:02d}")


def _ago(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    count, unit = _count(fields["count"]), fields["unit"].lower()
    if unit == "year":
        return PartialDate(str(published.year - count))
    days = {"day": count, "week": 7 * count, "month": 30 * count}[unit]
    when = published - dt.timedelta(days=days)
    return PartialDate(when.isoformat() if unit == "day" else when.isoformat()[:7])


def _part_rel(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    return PartialDate(str(published.year) if fields["unit"].lower() == "year" else published.isoformat()[:7])


def _relative_unit(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    rel, unit = fields["rel"].lower(), fields["unit"].lower()
    step = {"last": -1, "the previous": -1, "next": 1, "the following": 1}.get(rel, 0)
    if unit == "year":
        return PartialDate(str(published.year + step))
    if unit == "month":
        total = published.year * 12 + published.month - 1 + step
        return PartialDate(f"{total // 12:04d}-{total % 12 + 1:02d}")
    # a week: the month its middle falls in (a week is rarely told to the day)
    middle = published + dt.timedelta(days=7 * step - published.weekday() + 3)
    return PartialDate(middle.isoformat()[:7])


def _season(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    rel = (fields.get("rel") or "").lower()
    return PartialDate(str(published.year + {"last": -1, "next": 1}.get(rel, 0)))


def _weekday(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    target = _WEEKDAYS.index(fields["weekday"].lower())
    rel = (fields.get("rel") or "").lower()
    if rel == "next" or (future and rel != "last"):
        ahead = (target - published.weekday()) % 7 or (7 if rel == "next" else 0)
        return PartialDate((published + dt.timedelta(days=ahead)).isoformat())
    back = (published.weekday() - target) % 7
    if rel == "last" and back == 0:
        back = 7
    return PartialDate((published - dt.timedelta(days=back)).isoformat())


def _today(fields: dict, published: dt.date | None, future: bool) -> PartialDate | None:
    if published is None:
        return None
    step = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(fields["word"].lower(), 0)
    return PartialDate((published + dt.timedelta(days=step)).isoformat())


def _from_anchor(fields: dict, anchor: PartialDate | None) -> PartialDate | None:
    if anchor is None:
        return None
    unit = (fields.get("unit") or fields.get("unit2") or fields.get("unit3")).lower()
    way = (fields.get("way") or fields.get("way2") or fields.get("rel") or "").lower()
    step = (-1 if way in ("earlier", "before", "the previous") else 0 if way == "the same" else 1) * _count(
        fields.get("count", "one"))
    if unit == "week":
        unit, step = "day", 7 * step
    months = {"year": 12 * step, "month": step}.get(unit, 0)
    moved = shift(anchor, Offset(0, 0, months, step if unit == "day" else 0))
    return moved.truncate(min(moved.precision, unit, key=("year", "month", "day").index))  # "a year later": a year


_RESOLVERS: dict[str, Callable[[dict, dt.date | None, bool], PartialDate | None]] = {
    "day_year": _day_year,
    "day_rel": _day_rel,
    "month_rel": _month_rel,
    "month_year": _month_year,
    "part_year": _year_only,
    "born_year": _year_only,
    "day": _day,
    "ago": _ago,
    "part_rel": _part_rel,
    "relative_unit": _relative_unit,
    "season": _season,
    "weekday": _weekday,
    "today": _today,
    "month": _month_only,
    "year": _year_only,
}


def parse_published(value: str | None) -> dt.date | None:
    """A publication date as given by a reader (ISO, or any form dateparser reads)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return _absolute(value)


def resolve_text(text: str, published: dt.date | None, future: bool = False) -> PartialDate | None:
    """The first date expression in ``text``, resolved, with any 'a month before' offset applied."""
    mentions = find_dates(text)
    if not mentions:
        return None
    date = mentions[0].resolve(published, future)
    offsets = [offset for offset in find_offsets(text) if offset.end <= mentions[0].start]
    return shift(date, offsets[-1]) if date and offsets else date
