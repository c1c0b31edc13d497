"""Write a country brief (Markdown or HTML) and its relations chart beside it. Templates: data/report.<format>.j2."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..analyse.report import report_context
from ..errors import InvalidInput
from ..settings import PACKAGE_DATA
from ..store import Store
from .chart import relations_chart

FORMATS = ("md", "html")


def write_report(store: Store, registry: object, country: str, fmt: str, out: Path, as_of: str | None = None,
                 alert_days: int = 180) -> Path:
    """Write the brief to ``out`` (and its chart to ``<out stem>.png`` beside it); return ``out``."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown report format {fmt!r}", hint="use md or html")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    chart = out.with_suffix(".png")
    context = report_context(store, registry, country, as_of, chart.name, alert_days)
    relations_chart(context["series"], ("CHN", country), chart)
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE_DATA), autoescape=fmt == "html",
                                     trim_blocks=False, keep_trailing_newline=True)  # fmt: skip
    out.write_text(environment.get_template(f"report.{fmt}.j2").render(**context), encoding="utf-8")
    return out
