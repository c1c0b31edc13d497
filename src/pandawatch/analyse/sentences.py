"""Events as plain-language sentences ("Lei Lei and Xiao Xiao left Ueno Zoo for China"), from one template per
type in data/sentences.yaml: the CLI, the dashboard and the feed all say the same thing the same way.

The ontology's ``source``/``target`` for panda events is CHN acting on the host (the host asking, for a
request); a sentence names the host and the zoo instead, so it never reads as an arrow pointing the wrong way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib import resources

import yaml

from ..ontology import host_side


@cache
def _templates() -> dict:
    return yaml.safe_load(resources.files("pandawatch.data").joinpath("sentences.yaml").read_text(encoding="utf-8"))


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _country(code: str | None, name: Callable[[str], str]) -> str:
    if not code:
        return "a country"
    return ("the " if code in _templates()["with_the"] else "") + name(code)


def describe(event_type: str, status: str | None, source: str | None, target: str | None,
             pandas: Sequence[str] = (), place: str | None = None,
             name: Callable[[str], str] = lambda code: code) -> str:  # fmt: skip
    """The sentence for one event. ``name`` turns a country code into the name to print; ``place`` is the
    zoo's name when known."""
    templates = _templates()
    if event_type in templates["panda"]:
        template = templates["panda"][event_type]
        host_code = source if host_side(event_type) == "source" else target
        host = _country(host_code, name)
        many = len(pandas) != 1 and (bool(pandas) or template["nobody"] in ("pandas", "the pandas"))
        words = {"pandas": _and(list(pandas)) if pandas else template["nobody"], "host": host,
                 "place": place or host, "at_place": f"at {place}" if place else f"in {host}", "for_place": f" for {place}" if place else "",
                 "was": "were" if many else "was", "is": "are" if many else "is"}  # fmt: skip
        planned = status == "planned"
        text = template.get("planned" if planned else "occurred") or template["occurred"]
        sentence = text.format(**words)
        prefix = "Planned: " if planned and "planned" not in template else ""
    else:
        text = templates["diplomatic"].get(event_type, "{source} " + event_type.lower() + " {target}")
        sentence = text.format(source=_country(source, name), target=_country(target, name))
        prefix = "Planned: " if status == "planned" else ""
    sentence = prefix + sentence
    return sentence[0].upper() + sentence[1:]


def describe_record(record: Mapping, name: Callable[[str], str] = lambda code: code,
                    place: str | None = None) -> str:  # fmt: skip
    """The sentence for an event or timeline record as the JSON API gives it (``source``/``target`` or
    ``countries``)."""
    source, target = record.get("countries") or (record.get("source"), record.get("target"))
    return describe(record["type"], record.get("status"), source, target, record.get("pandas") or (),
                    place if place is not None else record.get("institution"), name)  # fmt: skip
