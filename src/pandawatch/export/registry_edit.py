"""Writing an accepted proposal into the registry's YAML files, with the news article as a cited source.

Files are read and rewritten whole (PyYAML keeps key order, not comments: comments in a touched file are
lost, which the diff shows). Small mappings (dated facts, stays, sources) are written in flow style, as the
hand-written files are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from ..errors import InvalidInput
from ..model import Citation


@contextmanager
def all_or_nothing(root: Path) -> Iterator[None]:
    """Put the registry files back as they were (new ones removed) when the block raises."""
    before = {path: path.read_bytes() for path in root.glob("*/*.y*ml")}
    try:
        yield
    except BaseException:
        for path in root.glob("*/*.y*ml"):
            if path not in before:
                path.unlink()
        for path, content in before.items():
            path.write_bytes(content)
        raise


class _RegistryDumper(yaml.SafeDumper):
    pass


def _dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    flat = all(not isinstance(value, (dict, list)) for value in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flat and len(data) > 0)


def _list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flat = all(not isinstance(value, (dict, list)) for value in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat and len(data) > 0)


_RegistryDumper.add_representer(dict, _dict)
_RegistryDumper.add_representer(list, _list)


def read(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def write(path: Path, data: dict) -> None:
    text = yaml.dump(data, Dumper=_RegistryDumper, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(text, encoding="utf-8")


def cite(data: dict, citation: Citation) -> str:
    """Add ``citation`` to the file's ``sources:`` map (once) and return its key."""
    sources = data.setdefault("sources", {})
    for key, value in sources.items():
        if isinstance(value, dict) and value.get("url") == citation.url:
            return key
    base = "news-" + slug(citation.publisher or "article") + (f"-{citation.published[:10]}" if citation.published else "")
    key, number = base, 2
    while key in sources:
        key, number = f"{base}-{number}", number + 1
    entry = {"url": citation.url, "publisher": citation.publisher or "unknown", "title": citation.title,
             "published": citation.published[:10] if citation.published else None}  # fmt: skip
    sources[key] = {name: value for name, value in entry.items() if value}
    return key


def dated(date: str, status: str, source: str) -> dict:
    fact = {"date": date, "source": source}
    if status == "planned":
        fact["status"] = "planned"
    return fact


def end_stay(path: Path, institutions: set[str], date: str, status: str, citation: Citation) -> None:
    """Close the panda's open (or planned-to-end) stay at one of ``institutions`` on ``date``."""
    data = read(path)
    stay = next((s for s in reversed(data.get("stays") or []) if s.get("institution") in institutions
                 and (not s.get("to") or (isinstance(s["to"], dict) and s["to"].get("status") == "planned"))), None)  # fmt: skip
    if stay is None:
        raise InvalidInput("no open stay in the host country to end", source=str(path),
                           hint="edit the stays by hand")  # fmt: skip
    stay["to"] = dated(date, status, cite(data, citation))
    write(path, data)


def add_death(path: Path, institutions: set[str], date: str, citation: Citation) -> None:
    data = read(path)
    key = cite(data, citation)
    data["died"] = {"date": date, "source": key}
    for stay in data.get("stays") or []:
        if stay.get("institution") in institutions and not stay.get("to"):
            stay["to"] = date
    write(path, data)


def add_alternative_date(path: Path, field: str, date: str, citation: Citation) -> None:
    """Keep a differing date beside the registry's (preferred value first), as docs/registry.md asks."""
    data = read(path)
    key = cite(data, citation)
    current = data.get(field)
    values = current if isinstance(current, list) else [current] if current else []
    data[field] = values + [{"date": date, "source": key, "note": "reported in the news"}]
    write(path, data)


def new_panda(root: Path, name: str, born: str, born_at: str, citation: Citation) -> Path:
    """A file for a cub the registry did not have: born (and staying) at ``born_at``."""
    panda_id = f"{slug(name)}-{born[:4]}"
    path = root / "pandas" / f"{panda_id}.yaml"
    if path.exists():
        raise InvalidInput(f"a panda file {panda_id} already exists", source=str(path), hint="edit it by hand")
    data = {"id": panda_id, "name": name, "sex": "unknown"}
    key = cite(data, citation)
    data.update({"born": {"date": born, "source": key}, "born_at": born_at,
                 "stays": [{"institution": born_at, "from": born, "source": key}]})  # fmt: skip
    data["sources"] = data.pop("sources")  # sources last, as in the hand-written files
    write(path, data)
    return path


def new_loan(root: Path, host: str, institution: str, date: str, pandas: list[str], citation: Citation) -> Path:
    """A file for a loan agreement the registry did not have."""
    loan_id = f"{institution}-{date[:4]}"
    path = root / "loans" / f"{loan_id}.yaml"
    if path.exists():
        raise InvalidInput(f"a loan file {loan_id} already exists", source=str(path), hint="edit it by hand")
    data = {"id": loan_id, "kind": "loan", "host_country": host, "institutions": [institution], "pandas": pandas}
    key = cite(data, citation)
    data["agreed"] = {"date": date, "source": key}
    data["outcome"] = "active"
    data["sources"] = data.pop("sources")
    write(path, data)
    return path


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
