"""The attendance report's charts, drawn by matplotlib as SVG (no script, no network).

Each chart is a whole SVG document; the report puts it in an ``<img>`` as a ``data:`` URI,
so that the page is one file that works offline and the charts' element ids never clash.
Names from data are drawn as text (mathtext off: a ``$`` in a name stays a ``$``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

_STYLE: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "busplanner-attendance",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 9,
}


def _svg(fig: object) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})  # type: ignore[attr-defined]
    return buf.getvalue()


def small_multiples(
    months: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    ylabel: str,
    columns: int = 4,
) -> str:
    """One small chart per stop over the months, on the same scales, each with the mean of
    every stop as a grey line: a dozen lines in one chart cannot be told apart, a grid of
    small charts can (each stop named above its own). A month with no session held is a
    gap. ``months`` are the x labels (``sept. 2026``); only the first and the last are
    written, under the bottom row."""
    import matplotlib
    from matplotlib.figure import Figure

    names = list(series)
    n = max(1, len(names))
    cols = min(columns, n)
    rows = math.ceil(n / cols)
    x = list(range(len(months)))
    mean = [
        _mean([v for v in (series[name][i] for name in names) if v is not None])
        for i in range(len(months))
    ]
    top = max((v for vs in series.values() for v in vs if v is not None), default=1.0)
    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(2.3 * cols + 0.6, 1.5 * rows + 0.7), layout="constrained")
        axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
        for k, ax in enumerate(axes.flat):
            if k >= len(names):
                ax.set_visible(False)
                continue
            name = names[k]
            ys = [math.nan if v is None else v for v in series[name]]
            ax.plot(x, mean, color="#bbbbbb", linewidth=1.0)
            ax.plot(x, ys, color="#1f5f99", linewidth=1.6, marker="o", markersize=2.5)
            ax.set_title(name, fontsize=9, loc="left")
            ax.set_ylim(0, top * 1.1 if top > 0 else 1)
            ax.grid(axis="y", color="#eeeeee")
            ax.spines[["top", "right"]].set_visible(False)
            if len(months) > 1:
                ax.set_xticks([0, len(months) - 1], [months[0], months[-1]])
            else:
                ax.set_xticks(x, list(months))
            if k + cols >= len(names):  # the lowest chart of its column: its months written
                ax.tick_params(labelbottom=True)
        fig.suptitle(title)
        fig.supylabel(ylabel)
        return _svg(fig)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def heat_map(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    title: str,
    colorbar: str,
) -> str:
    """A stop x weekday grid, each cell its value written in it ("—" where no session)."""
    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(1.6 + 1.1 * len(columns), 0.8 + 0.35 * len(rows)))
        ax = fig.add_subplot()
        grid = np.array([[math.nan if v is None else v for v in row] for row in values], float)
        image = ax.imshow(grid, cmap="YlOrRd", aspect="auto", vmin=0)
        ax.set_xticks(range(len(columns)), list(columns))
        ax.set_yticks(range(len(rows)), list(rows))
        ax.xaxis.tick_top()
        top = np.nanmax(grid) if np.isfinite(grid).any() else 0.0
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                text = "—" if v is None else f"{v:.1f}"
                dark = v is not None and top and v > 0.6 * top
                ax.text(j, i, text, ha="center", va="center", color="white" if dark else "black")
        ax.set_title(title, pad=24)
        fig.colorbar(image, ax=ax, label=colorbar, fraction=0.05)
        return _svg(fig)


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str) -> str:
    """Horizontal bars, one per label, the value written at the end of each."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(6, 0.6 + 0.3 * len(labels)))
        ax = fig.add_subplot()
        y = list(range(len(labels)))
        ax.barh(y, list(values), color="#4c72b0")
        ax.set_yticks(y, list(labels))
        ax.invert_yaxis()
        for k, v in enumerate(values):
            ax.text(v, k, f" {v:g}", va="center")
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig)
