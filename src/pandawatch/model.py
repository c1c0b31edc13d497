"""The typed records that pandawatch's stages exchange. No I/O here.

Sections: dates, sources, news documents, events (the ONTOLOGY.md contract), registry records.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Literal

# --------------------------------------------------------------------------------------------- dates

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Precision = Literal["year", "month", "day"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """An ISO date as precise as the source allows: ``2026``, ``2026-01`` or ``2026-01-27``."""

    iso: str

    def __post_init__(self) -> None:
        match = _PARTIAL_DATE.match(self.iso)
        if not match:
            raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {self.iso!r}")
        self.first_day()  # validates month and day

    @classmethod
    def parse(cls, value: object) -> PartialDate | None:
        """Accept a string, an int year, a ``datetime.date`` or None (YAML gives all of these)."""
        if value is None or value == "":
            return None
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.isoformat())
        return cls(str(value).strip())

    @property
    def precision(self) -> Precision:
        return ("year", "month", "day")[self.iso.count("-")]

    def first_day(self) -> dt.date:
        year, month, day = self._parts()
        return dt.date(year, month or 1, day or 1)

    def last_day(self) -> dt.date:
        year, month, day = self._parts()
        if day:
            return dt.date(year, month, day)
        month = month or 12
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    def truncate(self, precision: Precision) -> PartialDate:
        """The same date at a coarser precision (never finer)."""
        keep = {"year": 4, "month": 7, "day": 10}[precision]
        return PartialDate(self.iso[:keep])

    def agrees_with(self, other: PartialDate) -> bool:
        """True when the two dates are equal at the coarser of their precisions."""
        coarser = min(self.precision, other.precision, key=("year", "month", "day").index)
        return self.truncate(coarser) == other.truncate(coarser)

    def _parts(self) -> tuple[int, int | None, int | None]:
        year, month, day = _PARTIAL_DATE.match(self.iso).groups()  # type: ignore[union-attr]
        return int(year), int(month) if month else None, int(day) if day else None

    def __str__(self) -> str:
        return self.iso


# ------------------------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Citation:
    """Where a fact comes from: a registry source entry or a news article."""

    url: str
    publisher: str | None = None
    title: str | None = None
    published: str | None = None
    evidence: str | None = None


# ------------------------------------------------------------------------------------ news documents


@dataclass(frozen=True)
class RawInput:
    """One item as a reader found it, before cleaning: bytes or text plus what the container said."""

    origin: str  # the path or URL read (its public id once ingest.ids names it), plus '#record' inside a container
    content: bytes
    media_type: str  # text/plain, text/html
    url: str | None = None
    title: str | None = None
    published: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class Document:
    """A clean news article, ready for extraction."""

    id: str  # the article's id (ingest.ids): its path from the input root's parent, or the URL (ONTOLOGY `article`)
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date
    published_from: str | None = None  # how the date was found: dateline, metadata, byline, feed, none
    language: str | None = None
    author: str | None = None
    raw_digest: str | None = None  # sha256 of the raw input
    text_digest: str | None = None  # sha256 of the normalised clean text
    removed: tuple[str, ...] = ()  # page junk that cleaning cut off (related stories, comments…)


@dataclass(frozen=True)
class Skipped:
    """An input that was not stored, and why. Nothing a user gives is dropped without one."""

    origin: str
    reason: str  # short machine-readable reason: duplicate, empty, binary, too-large, malformed, unreachable…
    detail: str = ""
    duplicate_of: str | None = None

    def message(self) -> str:
        """The one-line error a user sees."""
        tail = f": {self.detail}" if self.detail else ""
        return f"{self.origin}: {self.reason}{tail}"


# -------------------------------------------------------------------------------------------- events

Status = Literal["occurred", "planned"]


@dataclass(frozen=True)
class Event:
    """One event, exactly the record of ../shared/ONTOLOGY.md."""

    article: str
    type: str
    status: Status
    date: str | None
    source: str | None
    target: str | None
    pandas: tuple[str, ...] = ()
    institution: str | None = None
    evidence: str = ""
    confidence: float = 0.5

    def to_json(self) -> dict:
        record = asdict(self)
        record["pandas"] = list(self.pandas)
        return record

    @classmethod
    def from_json(cls, record: dict) -> Event:
        known = {name for name in cls.__dataclass_fields__}
        values = {key: value for key, value in record.items() if key in known}
        values["pandas"] = tuple(values.get("pandas") or ())
        values.setdefault("evidence", "")
        values.setdefault("confidence", 1.0)
        return cls(**values)


# ------------------------------------------------------------------------------------------ registry
# Panda, Name, Institution, Stay, Loan, … (written with the registry loader, below this line).

FactStatus = Literal["occurred", "planned", "uncertain", "derived"]


@dataclass(frozen=True)
class Name:
    """One name a panda or institution is known by. ``kind``: canonical, birth-name, nickname, former-name."""

    text: str
    lang: str | None = None
    kind: str | None = None
    shared_with: tuple[str, ...] = ()  # other records this name is known to belong to as well (acknowledged)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class DatedFact:
    """A date with its precision (in ``date``), its status and the sources that give it."""

    date: PartialDate
    status: FactStatus = "occurred"
    citations: tuple[Citation, ...] = ()
    note: str | None = None
    line: int = field(default=0, compare=False)

    def to_json(self) -> dict:
        return {"date": self.date.iso, "status": self.status, "note": self.note, "sources": _cites(self.citations)}


@dataclass(frozen=True)
class ParentLink:
    """A parent, possibly disputed (``status: uncertain``); several links are conflicting claims."""

    id: str
    status: FactStatus = "occurred"
    citations: tuple[Citation, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Stay:
    """A time-bounded stay at one institution; an open stay (``end`` None) lasts until now or death."""

    institution: str
    start: DatedFact
    end: DatedFact | None = None
    loan: str | None = None
    citations: tuple[Citation, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Panda:
    """A giant panda that lived abroad (or the parent of one). Lists of facts keep conflicting values,
    preferred first."""

    id: str
    name: str
    names: tuple[Name, ...] = ()
    sex: str = "unknown"
    born: tuple[DatedFact, ...] = ()
    born_at: str | None = None
    died: tuple[DatedFact, ...] = ()
    mother: tuple[ParentLink, ...] = ()
    father: tuple[ParentLink, ...] = ()
    litter: tuple[str, ...] = ()
    stays: tuple[Stay, ...] = ()
    abroad: bool = True
    notes: str | None = None
    sources: dict = field(default_factory=dict, compare=False, hash=False)  # key -> Citation
    file: str = field(default="", compare=False)
    lines: dict = field(default_factory=dict, compare=False, hash=False)  # field -> line in file

    @property
    def birth(self) -> DatedFact | None:
        return self.born[0] if self.born else None

    @property
    def death(self) -> DatedFact | None:
        return self.died[0] if self.died else None

    def all_names(self) -> tuple[Name, ...]:
        return (Name(self.name, "en", "canonical"), *self.names)


@dataclass(frozen=True)
class Institution:
    """A zoo, park or breeding centre, abroad or in China."""

    id: str
    name: str
    country: str
    names: tuple[Name, ...] = ()
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None
    operator: str | None = None
    citations: tuple[Citation, ...] = ()
    sources: dict = field(default_factory=dict, compare=False, hash=False)
    file: str = field(default="", compare=False)
    lines: dict = field(default_factory=dict, compare=False, hash=False)

    def all_names(self) -> tuple[Name, ...]:
        return (Name(self.name, "en", "canonical"), *self.names)


@dataclass(frozen=True)
class Extension:
    """A loan extension: when it was agreed and the loan's new end."""

    date: DatedFact | None
    new_end: PartialDate | None
    citations: tuple[Citation, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Fee:
    amount: float
    currency: str
    per: str | None = None
    citations: tuple[Citation, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Loan:
    """A loan or gift of pandas: parties, term, extensions, fee and how it ended."""

    id: str
    kind: str  # loan, gift
    host_country: str
    institutions: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    pandas: tuple[str, ...] = ()
    agreed: DatedFact | None = None
    start: DatedFact | None = None
    term_years: float | None = None
    planned_end: DatedFact | None = None
    extensions: tuple[Extension, ...] = ()
    fees: tuple[Fee, ...] = ()  # conflicting reports side by side, preferred first
    outcome: str | None = None  # active, ended, extended, recalled-early, returned-early, died
    ended: DatedFact | None = None
    notes: str | None = None
    sources: dict = field(default_factory=dict, compare=False, hash=False)
    file: str = field(default="", compare=False)
    lines: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def fee(self) -> Fee | None:
        return self.fees[0] if self.fees else None

    @property
    def current_end(self) -> PartialDate | None:
        """The end the loan runs to now: the last extension's new end, else the planned end."""
        for extension in reversed(self.extensions):
            if extension.new_end:
                return extension.new_end
        return self.planned_end.date if self.planned_end else None


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the registry files, located for the person who fixes it."""

    file: str
    line: int
    field: str
    message: str
    severity: str = "error"  # error (the registry is wrong) or warning (weak: a fan-site source, a date range)

    def one_line(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"warning: {self.message}" if self.severity == "warning" else self.message
        return f"{where}: {self.field}: {text}" if self.field else f"{where}: {text}"


def _cites(citations: tuple[Citation, ...]) -> list[dict]:
    return [{key: value for key, value in asdict(c).items() if value is not None} for c in citations]


# ------------------------------------------------------------------------------------ knowledge base


@dataclass(frozen=True)
class SourcedEvent:
    """An event as stored, with the article it was read from (``citation.evidence`` is the event's sentence)."""

    id: int
    event: Event
    citation: Citation

    def source_json(self) -> dict:
        """The {url, outlet, published, evidence} shape every --json output uses for a source."""
        cite = self.citation
        return {"article": self.event.article, "url": cite.url, "outlet": cite.publisher,
                "title": cite.title, "published": cite.published, "evidence": cite.evidence}  # fmt: skip


__all__ = [
    "Citation",
    "DatedFact",
    "Document",
    "Event",
    "Extension",
    "FactStatus",
    "Fee",
    "Institution",
    "Loan",
    "Name",
    "Panda",
    "ParentLink",
    "PartialDate",
    "Problem",
    "RawInput",
    "Skipped",
    "Stay",
    "Status",
]
