"""The relations chart (PNG or SVG): monthly score as bars, the host's pandas as a line."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: charts are files

import matplotlib.pyplot as plt  # noqa: E402

from ..analyse.relations import RelationsMonth  # noqa: E402
from ..errors import InvalidInput  # noqa: E402

FORMATS = ("png", "svg")


def relations_chart(series: list[RelationsMonth], dyad: tuple[str, str], out: str | Path) -> Path:
    """Draw ``series`` to ``out``; the format follows the file's suffix (.png or .svg)."""
    path = Path(out)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise InvalidInput(f"charts are .png or .svg, not {path.suffix or 'no suffix'}", source=str(path))
    figure, scores = plt.subplots(figsize=(10, 4), dpi=100)
    positions = range(len(series))
    colours = ["#2a7f3f" if month.score >= 0 else "#b3261e" for month in series]
    scores.bar(positions, [month.score for month in series], color=colours, label="relations score")
    scores.axhline(0, color="#555555", linewidth=0.6)
    scores.set_ylabel("sum of event weights")
    scores.set_title(f"{dyad[0]}–{dyad[1]}: monthly relations index")
    _month_ticks(scores, series)
    if any(month.held is not None for month in series):
        held = scores.twinx()
        held.step(positions, [month.held or 0 for month in series], where="mid", color="#222222", label="pandas held")
        held.set_ylabel("pandas held by the host")
        held.set_ylim(bottom=0)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format=kind)
    plt.close(figure)
    return path


def _month_ticks(axes: plt.Axes, series: list[RelationsMonth]) -> None:
    step = max(1, len(series) // 12)
    ticks = list(range(0, len(series), step))
    axes.set_xticks(ticks)
    axes.set_xticklabels([series[i].month for i in ticks], rotation=45, ha="right", fontsize=8)
