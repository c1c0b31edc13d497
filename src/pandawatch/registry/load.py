"""Read the registry's YAML files into model records. Every problem names its file, line and field.

A broken file or field is reported as a Problem and left out; the rest of the registry still loads.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import (
    Citation,
    DatedFact,
    Extension,
    Fee,
    Institution,
    Loan,
    Name,
    Panda,
    ParentLink,
    PartialDate,
    Problem,
    Stay,
)
from .yamlfile import LineDict, LineList, YamlError, load_file

KINDS = ("pandas", "institutions", "loans")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FACT_STATUSES = ("occurred", "planned", "uncertain", "derived")
SEXES = ("F", "M", "unknown")
NAME_KINDS = ("canonical", "birth-name", "nickname", "former-name", "official", "alternative")
INSTITUTION_KINDS = ("zoo", "safari-park", "theme-park", "breeding-centre", "other")
LOAN_KINDS = ("loan", "gift")
OUTCOMES = ("active", "ended", "extended", "recalled-early", "returned-early", "died")

PANDA_FIELDS = {"id", "name", "names", "sex", "born", "born_at", "died", "mother", "father", "litter",
                "stays", "abroad", "notes", "note", "sources", "source"}
INSTITUTION_FIELDS = {"id", "name", "names", "country", "city", "lat", "lon", "kind", "operator", "source",
                      "sources", "notes", "note"}
LOAN_FIELDS = {"id", "kind", "host_country", "institutions", "parties", "pandas", "agreed", "start",
               "term_years", "planned_end", "extensions", "fee", "outcome", "ended", "notes", "note",
               "sources", "source"}
FACT_FIELDS = {"date", "status", "source", "note", "notes"}
STAY_FIELDS = {"institution", "from", "to", "loan", "source", "note", "notes"}
NAME_FIELDS = {"name", "lang", "kind", "shared_with", "source", "note", "notes"}
PARENT_FIELDS = {"id", "status", "source", "note", "notes"}
EXTENSION_FIELDS = {"date", "new_end", "status", "source", "note", "notes"}
FEE_FIELDS = {"amount", "currency", "per", "source", "note", "notes"}
SOURCE_FIELDS = {"url", "publisher", "title", "published", "accessed", "note", "notes"}


@dataclass
class Registry:
    """The whole registry as loaded: records by id, plus the problems met on the way."""

    pandas: dict[str, Panda] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)
    loans: dict[str, Loan] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""
    root: str = ""


# ------------------------------------------------------------------------------------------ one file


class FileReader:
    """Turns one file's YAML into record fields, collecting Problems located at file:line:field."""

    def __init__(self, file: str, data: LineDict, public: str | None = None) -> None:
        self.file = file
        self.public = public or file  # what records carry: no local path (problems keep the path as typed)
        self.data = data
        self.problems: list[Problem] = []
        self.sources = self._sources(data.get("sources"))

    def problem(self, line: int, name: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, name, message))

    def check_fields(self, mapping: LineDict, allowed: set[str], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.problem(mapping.line_of(key), f"{where}.{key}" if where else key, "unknown field")

    def text(self, mapping: dict, key: str, required: bool = False) -> str | None:
        value = mapping.get(key)
        if value is None or value == "":
            if required:
                self.problem(_line(mapping, key), key, "missing")
            return None
        if isinstance(value, (dict, list)):
            self.problem(_line(mapping, key), key, "expected a single value")
            return None
        return str(value)

    def number(self, mapping: dict, key: str) -> float | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(_line(mapping, key), key, f"expected a number, got {value!r}")
            return None
        return float(value)

    def choice(self, mapping: dict, key: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        value = self.text(mapping, key)
        if value is None:
            return default
        if value not in allowed:
            self.problem(_line(mapping, key), key, f"{value!r} is not one of {', '.join(allowed)}")
            return default
        return value

    def id_list(self, mapping: dict, key: str) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            self.problem(_line(mapping, key), key, "expected a list of ids")
            return ()
        return tuple(str(item) for item in value if item is not None)

    # -- sources

    def _sources(self, raw: object) -> dict[str, Citation]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.problem(_line(self.data, "sources"), "sources", "expected a map of key: {url, publisher}")
            return {}
        return {str(key): c for key, value in raw.items() if (c := self._citation(raw, str(key), value))}

    def _citation(self, parent: dict, key: str, value: object) -> Citation | None:
        line = _line(parent, key)
        if isinstance(value, str):
            value = {"url": value}
        if not isinstance(value, dict) or not value.get("url"):
            self.problem(line, f"sources.{key}", "a source needs a url")
            return None
        self.check_fields(value, SOURCE_FIELDS, f"sources.{key}")  # type: ignore[arg-type]
        published = value.get("published") or value.get("accessed")
        return Citation(
            url=str(value["url"]),
            publisher=_str_or_none(value.get("publisher")),
            title=_str_or_none(value.get("title")),
            published=str(published) if published else None,
        )

    def citations(self, mapping: dict, where: str, required: bool = True) -> tuple[Citation, ...]:
        """The citations a fact's ``source:`` names; a missing or undefined key is a Problem."""
        raw = mapping.get("source") if isinstance(mapping, dict) else None
        line = _line(mapping, "source") if isinstance(mapping, dict) else 0
        keys = [raw] if isinstance(raw, str) else list(raw or [])
        if not keys:
            if required:
                self.problem(line, where, "fact without a source")
            return ()
        found = []
        for key in keys:
            key = str(key)
            if key in self.sources:
                found.append(self.sources[key])
            elif key.startswith(("http://", "https://")):
                found.append(Citation(url=key))
            else:
                self.problem(line, f"{where}.source", f"source key {key!r} is not defined in sources:")
        return tuple(found)

    # -- dates and facts

    def date(self, value: object, line: int, where: str) -> PartialDate | None:
        try:
            return PartialDate.parse(value)
        except (ValueError, TypeError) as error:
            self.problem(line, where, str(error))
            return None

    def fact(
        self, value: object, line: int, where: str, inherited: tuple[Citation, ...] = (), required: bool = True
    ) -> DatedFact | None:
        """A dated fact: a mapping {date, status, source, note}, or a plain date citing ``inherited``."""
        required = required and not inherited
        if value is None:
            return None
        if isinstance(value, dict):
            self.check_fields(value, FACT_FIELDS, where)  # type: ignore[arg-type]
            line = getattr(value, "line", line)
            date = self.date(value.get("date"), _line(value, "date", line), f"{where}.date")
            if date is None:
                if value.get("date") is None:
                    self.problem(line, f"{where}.date", "missing")
                return None
            status = self.choice(value, "status", FACT_STATUSES, "occurred")
            citations = self.citations(value, where, required=required) or inherited
            return DatedFact(date, status, citations, _str_or_none(value.get("note")), line)  # type: ignore[arg-type]
        date = self.date(value, line, where)
        if date is None:
            return None
        if required:
            self.problem(line, where, "fact without a source")
        return DatedFact(date, "occurred", inherited, None, line)

    def facts(self, mapping: dict, key: str) -> tuple[DatedFact, ...]:
        """One fact or a list of conflicting ones (preferred first)."""
        value = mapping.get(key)
        if isinstance(value, list):
            lines = getattr(value, "item_lines", [])
            found = [self.fact(item, lines[i] if i < len(lines) else 0, f"{key}[{i}]") for i, item in enumerate(value)]
        else:
            found = [self.fact(value, _line(mapping, key), key)]
        return tuple(fact for fact in found if fact)

    def mappings(self, key: str, shape: str) -> Iterator[tuple[str, int, dict]]:
        """(where, line, item) for each mapping in the list under ``key``; anything else is a problem."""
        raw = self.data.get(key) or []
        if not isinstance(raw, list):
            self.problem(_line(self.data, key), key, f"expected a list of {shape}")
            return
        for index, item in enumerate(raw):
            where, line = f"{key}[{index}]", _item_line(raw, index)
            if isinstance(item, dict):
                yield where, line, item
            else:
                self.problem(line, where, f"expected {shape}")

    def names(self) -> tuple[Name, ...]:
        raw = self.data.get("names") or []
        if not isinstance(raw, list):
            self.problem(_line(self.data, "names"), "names", "expected a list of {name, lang}")
            return ()
        found = []
        for index, item in enumerate(raw):
            where = f"names[{index}]"
            if isinstance(item, str):
                found.append(Name(item, line=_item_line(raw, index)))
                continue
            if not isinstance(item, dict) or not item.get("name"):
                self.problem(_item_line(raw, index), where, "expected {name: ..., lang: ...}")
                continue
            self.check_fields(item, NAME_FIELDS, where)  # type: ignore[arg-type]
            kind = self.choice(item, "kind", NAME_KINDS, None)
            shared = self.id_list(item, "shared_with")
            found.append(Name(str(item["name"]), _str_or_none(item.get("lang")), kind, shared, _item_line(raw, index)))
        return tuple(found)


# ----------------------------------------------------------------------------------------- records


def read_panda(reader: FileReader) -> Panda | None:
    data = reader.data
    reader.check_fields(data, PANDA_FIELDS, "")
    record_id, name = reader.text(data, "id", True), reader.text(data, "name", True)
    if not record_id or not name:
        return None
    return Panda(
        id=record_id,
        name=name,
        names=reader.names(),
        sex=reader.choice(data, "sex", SEXES, "unknown") or "unknown",
        born=reader.facts(data, "born"),
        born_at=reader.text(data, "born_at"),
        died=reader.facts(data, "died"),
        mother=_parents(reader, "mother"),
        father=_parents(reader, "father"),
        litter=reader.id_list(data, "litter"),
        stays=_stays(reader),
        abroad=data.get("abroad") is not False,
        notes=_str_or_none(data.get("notes") or data.get("note")),
        sources=reader.sources,
        file=reader.public,
        lines=dict(data.key_lines),
    )


def _parents(reader: FileReader, key: str) -> tuple[ParentLink, ...]:
    value = reader.data.get(key)
    items = value if isinstance(value, list) else [value]
    links = []
    for index, item in enumerate(items):
        line = _item_line(value, index) if isinstance(value, list) else _line(reader.data, key)
        if item is None:
            continue
        if isinstance(item, str):
            links.append(ParentLink(item, "occurred", (), line))
            continue
        if not isinstance(item, dict) or not item.get("id"):
            reader.problem(line, key, "expected a panda id or {id, status, source}")
            continue
        reader.check_fields(item, PARENT_FIELDS, key)  # type: ignore[arg-type]
        status = reader.choice(item, "status", FACT_STATUSES, "occurred")
        links.append(ParentLink(str(item["id"]), status, reader.citations(item, key), line))  # type: ignore[arg-type]
    return tuple(links)


def _stays(reader: FileReader) -> tuple[Stay, ...]:
    found = (_stay(reader, item, where, line)
             for where, line, item in reader.mappings("stays", "{institution, from, to, loan, source}"))
    return tuple(stay for stay in found if stay)


def _stay(reader: FileReader, item: dict, where: str, line: int) -> Stay | None:
    reader.check_fields(item, STAY_FIELDS, where)  # type: ignore[arg-type]
    institution = reader.text(item, "institution")
    citations = reader.citations(item, where)
    # a stay without a source already has its problem: its plain dates need not each get another
    start = reader.fact(item.get("from"), _line(item, "from", line), f"{where}.from", citations, required=False)
    end = reader.fact(item.get("to"), _line(item, "to", line), f"{where}.to", citations, required=False)
    if not institution:
        reader.problem(line, f"{where}.institution", "missing")
        return None
    if start is None:
        if item.get("from") is None:
            reader.problem(line, f"{where}.from", "missing")
        return None
    return Stay(institution, start, end, reader.text(item, "loan"), citations, line)


def read_institution(reader: FileReader) -> Institution | None:
    data = reader.data
    reader.check_fields(data, INSTITUTION_FIELDS, "")
    record_id, name = reader.text(data, "id", True), reader.text(data, "name", True)
    country = reader.text(data, "country", True)
    if not record_id or not name or not country:
        return None
    if not re.fullmatch(r"[A-Z]{3}", country):
        reader.problem(_line(data, "country"), "country", f"{country!r} is not an ISO 3166-1 alpha-3 code")
    return Institution(
        id=record_id,
        name=name,
        country=country,
        names=reader.names(),
        city=reader.text(data, "city"),
        lat=reader.number(data, "lat"),
        lon=reader.number(data, "lon"),
        kind=reader.choice(data, "kind", INSTITUTION_KINDS, None),
        operator=reader.text(data, "operator"),
        citations=reader.citations(data, "source"),
        sources=reader.sources,
        file=reader.public,
        lines=dict(data.key_lines),
    )


def read_loan(reader: FileReader) -> Loan | None:
    data = reader.data
    reader.check_fields(data, LOAN_FIELDS, "")
    record_id, host = reader.text(data, "id", True), reader.text(data, "host_country", True)
    if not record_id or not host:
        return None
    default = reader.citations(data, "source", required=False)
    fact = lambda key: reader.fact(data.get(key), _line(data, key), key, default)  # noqa: E731
    return Loan(
        id=record_id,
        kind=reader.choice(data, "kind", LOAN_KINDS, "loan") or "loan",
        host_country=host,
        institutions=reader.id_list(data, "institutions"),
        parties=tuple(str(p) for p in reader.id_list(data, "parties")),
        pandas=reader.id_list(data, "pandas"),
        agreed=fact("agreed"),
        start=fact("start"),
        term_years=reader.number(data, "term_years"),
        planned_end=fact("planned_end"),
        extensions=_extensions(reader, default),
        fees=_fees(reader, default),
        outcome=reader.choice(data, "outcome", OUTCOMES, None),
        ended=fact("ended"),
        notes=_str_or_none(data.get("notes") or data.get("note")),
        sources=reader.sources,
        file=reader.public,
        lines=dict(data.key_lines),
    )


def _extensions(reader: FileReader, default: tuple[Citation, ...]) -> tuple[Extension, ...]:
    found = []
    for where, line, item in reader.mappings("extensions", "{date, new_end, source}"):
        reader.check_fields(item, EXTENSION_FIELDS, where)  # type: ignore[arg-type]
        citations = reader.citations(item, where, required=not default) or default
        date = reader.date(item.get("date"), _line(item, "date", line), f"{where}.date")
        new_end = reader.date(item.get("new_end"), _line(item, "new_end", line), f"{where}.new_end")
        status = reader.choice(item, "status", FACT_STATUSES, "occurred")
        agreed = DatedFact(date, status, citations, None, line) if date else None  # type: ignore[arg-type]
        found.append(Extension(agreed, new_end, citations, line))
    return tuple(found)


def _fees(reader: FileReader, default: tuple[Citation, ...]) -> tuple[Fee, ...]:
    """The fee, or conflicting fees side by side (a list, preferred first)."""
    raw = reader.data.get("fee")
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    fees = []
    for index, item in enumerate(items):
        where = "fee" if not isinstance(raw, list) else f"fee[{index}]"
        if not isinstance(item, dict) or reader.number(item, "amount") is None:
            reader.problem(_line(reader.data, "fee"), where, "expected {amount, currency, per, source}")
            continue
        reader.check_fields(item, FEE_FIELDS, where)  # type: ignore[arg-type]
        citations = reader.citations(item, where, required=not default) or default
        currency = reader.text(item, "currency") or "USD"
        fees.append(Fee(float(item["amount"]), currency, reader.text(item, "per"), citations,
                        reader.text(item, "note")))
    return tuple(fees)


READERS: dict[str, Callable[[FileReader], object]] = {
    "pandas": read_panda,
    "institutions": read_institution,
    "loans": read_loan,
}


# ------------------------------------------------------------------------------------------ folders


def registry_files(root: Path) -> list[tuple[str, Path]]:
    """Every registry file as (kind, path), in a stable order."""
    return [(kind, path) for kind in KINDS for path in sorted((root / kind).glob("*.y*ml"))]


def content_hash(root: Path) -> str:
    """A hash of the registry's file names and bytes: the data's version, independent of git."""
    digest = hashlib.sha256()
    for kind, path in registry_files(root):
        digest.update(f"{kind}/{path.name}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def read_file(kind: str, path: Path, shown: str, public: str | None = None) -> tuple[object | None, list[Problem]]:
    """One file → (record or None, problems); ``public``: the file's name in the records (default ``shown``)."""
    try:
        data = load_file(path)
    except YamlError as error:
        return None, [Problem(shown, error.line, "", f"cannot parse: {error.message}")]
    except OSError as error:
        return None, [Problem(shown, 0, "", f"cannot read: {error.strerror}")]
    if not isinstance(data, LineDict):
        return None, [Problem(shown, 1, "", "expected a YAML mapping (id: ..., name: ...)")]
    reader = FileReader(shown, data, public)
    try:
        record = READERS[kind](reader)
    except (TypeError, ValueError, AttributeError) as error:  # a shape no rule foresaw: report it, go on
        return None, [*reader.problems, Problem(shown, data.line, "", f"cannot read this record: {error}")]
    problems = reader.problems
    record_id = getattr(record, "id", None)
    if record_id and record_id != path.stem:
        problems.append(Problem(shown, data.line_of("id"), "id", f"id {record_id!r} differs from the file name"))
    if record_id and not ID_PATTERN.match(record_id):
        problems.append(Problem(shown, data.line_of("id"), "id", "ids are lower-case ASCII words joined by '-'"))
    return record, problems


def load_registry(path: str | Path | None = None) -> Registry:
    """Load every file under ``path`` (default: the bundled data/registry). Problems go to ``.problems``."""
    from ..settings import load_settings

    root = Path(path) if path else Path(str(load_settings().registry_dir))
    registry = Registry(content_hash=content_hash(root), root=str(root))
    if not root.is_dir():
        registry.problems.append(Problem(str(root), 0, "", "registry folder not found"))
        return registry
    here = Path.cwd().absolute()
    for kind, file in registry_files(root):
        record, problems = read_file(kind, file, _shown(file, here), _public(file, root))
        registry.problems.extend(problems)
        if record is None:
            continue
        records = getattr(registry, kind)
        if record.id in records:  # type: ignore[attr-defined]
            registry.problems.append(Problem(_shown(file), 1, "id", f"duplicate id {record.id!r}"))  # type: ignore[attr-defined]
            continue
        records[record.id] = record  # type: ignore[attr-defined]
    return registry


# ----------------------------------------------------------------------------------------- helpers


def _line(mapping: object, key: str, default: int = 0) -> int:
    if isinstance(mapping, LineDict):
        return mapping.key_lines.get(key, mapping.line or default)
    return default


def _item_line(items: object, index: int) -> int:
    return items.line_of(index) if isinstance(items, LineList) else 0


def _str_or_none(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _public(path: Path, root: Path) -> str:
    """The file as records name it: below the registry folder's parent (registry/pandas/x.yaml), no local path."""
    return path.absolute().relative_to(root.absolute().parent).as_posix()


def _shown(path: Path, here: Path | None = None) -> str:
    """The path as a user would type it: relative to the current folder when inside it."""
    try:
        return str(path.absolute().relative_to(here or Path.cwd().absolute()))
    except ValueError:
        return str(path)
