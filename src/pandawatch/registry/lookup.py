"""Find a panda in the knowledge base by any of its names or its id; several pandas may answer to one name."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..errors import NotFound
from ..resolve.names import normalise
from ..store import registry as tables


@dataclass
class PandaLookup:
    """The answer to a name: the panda's record when the name is unambiguous, else the candidates."""

    query: str
    record: dict | None = None
    candidates: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        if self.record:
            return self.record
        return {"query": self.query, "ambiguous": True, "candidates": self.candidates}


def lookup_panda(store, text: str) -> PandaLookup:
    """A registry id or any name (Chinese characters, pinyin joined or spaced, host romanisations…)."""
    exact = tables.record(store, "pandas", text.strip())
    if exact:
        return PandaLookup(text, exact)
    matches = tables.pandas_named(store, normalise(text))
    distinct = {row["id"]: row for row in matches}
    if not distinct:
        raise NotFound(f"no panda is known as {text!r}", hint=did_you_mean(store, "panda", text)
                       or "try `pandawatch where` for names, or an id")  # fmt: skip
    if len(distinct) == 1:
        return PandaLookup(text, tables.record(store, "pandas", next(iter(distinct))))
    candidates = [{"id": row["id"], "name": row["name"], "born": row["born"], "sex": row["sex"],
                   "matched": row["matched"], "places": _places(store, row["id"])} for row in distinct.values()]
    return PandaLookup(text, None, candidates)


def did_you_mean(store, table: str, text: str) -> str | None:
    """"did you mean Xiao Xiao (xiao-xiao-2021) or …?" from the names nearest to ``text`` (None when none is
    near): the registry's own names compared with difflib, namesakes told apart by their ids."""
    forms = tables.name_forms(store, table)
    near = difflib.get_close_matches(normalise(text), sorted({norm for norm, _, _ in forms}), n=3, cutoff=0.75)
    found = list(dict.fromkeys(f"{name} ({record_id})" for norm in near for n, record_id, name in forms if n == norm))
    return "did you mean " + " or ".join(found[:4]) + "?" if found else None


def _places(store, panda_id: str) -> list[str]:
    record = tables.record(store, "pandas", panda_id) or {}
    return [stay["institution_name"] or stay["institution"] for stay in record.get("stays", [])]
