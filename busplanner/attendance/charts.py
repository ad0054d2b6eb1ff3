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


def line_chart(
    months: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    ylabel: str,
) -> str:
    """One line per stop over the months (a gap where a month has no session held)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(9, 4.5))
        ax = fig.add_subplot()
        cmap = matplotlib.colormaps["tab20"]
        x = list(range(len(months)))
        for k, (name, values) in enumerate(series.items()):
            ys = [math.nan if v is None else v for v in values]
            ax.plot(x, ys, marker="o", markersize=3, linewidth=1.4, color=cmap(k % 20), label=name)
        ax.set_xticks(x, list(months), rotation=45, ha="right")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color="#dddddd")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        return _svg(fig)


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
