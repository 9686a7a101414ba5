"""Each table's chart, drawn by matplotlib: SVG text for the page and PNG bytes beside it.

A table's ``chart`` spec names the drawing: ``bar:x:y``, ``barh:x:y``, ``line:x:y[:series]``,
``stacked:x:col,col``, ``stages:area`` or ``matrix:row:column:value``. A suppressed cell is
never drawn as a number (nor as zero): it is marked where it would be, hatched and labelled
"<N", and the legend says so. Axes that count have whole-number ticks; legends sit under the
plot, and the saved figure is cropped to everything drawn, so none is cut off.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.progress.teams import STAGE_LABELS, Stage
from domain.report.cells import Cell, Table
from rendering.text import truncate

WIDTH, HEIGHT = 7.5, 3.6
SUPPRESSED = "#9a9a9a"


@dataclass(frozen=True)
class Chart:
    key: str
    svg: str
    png: bytes


def _pyplot() -> Any:
    # matplotlib costs ~40 MB and a second of start-up: only building a report loads it.
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable and small
    from matplotlib import pyplot

    return pyplot


def draw(table: Table) -> Chart | None:
    """The table's chart, or None when it has no chart or nothing to draw."""
    if table.chart == "none" or not table.rows:
        return None
    pyplot = _pyplot()
    # Ids inside each SVG are salted by its table, so charts in one page never share an id; and the
    # same report draws the same file.
    pyplot.rcParams["svg.hashsalt"] = table.key
    kind, *args = table.chart.split(":")
    figure, axis = pyplot.subplots(figsize=(WIDTH, HEIGHT), dpi=100)
    try:
        drawn = _DRAWERS[kind](axis, table, *args)
        if not drawn:
            return None
        axis.set_title(_label(table.title, 90), fontsize="medium")
        axis.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        svg, png = io.BytesIO(), io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None})
        figure.savefig(png, format="png")
        text = svg.getvalue().decode("utf-8")
        return Chart(table.key, text[text.index("<svg") :], png.getvalue())
    finally:
        pyplot.close(figure)


def _numbers(values: Sequence[Cell]) -> list[float]:
    return [float(v) if isinstance(v, int | float) else float("nan") for v in values]


def _label(text: str, limit: int) -> str:
    """What people typed, shown as typed: a "$" would otherwise start matplotlib's math mode."""
    return truncate(text, limit).replace("$", r"\$")


def _labels(values: Sequence[Cell]) -> list[str]:
    return [_label(str(v), 40) for v in values]


def _integers(axis: Any, which: str) -> None:
    from matplotlib.ticker import MaxNLocator

    getattr(axis, f"{which}axis").set_major_locator(MaxNLocator(integer=True))


def _legend(axis: Any, count: int) -> None:
    """Under the plot, in as many columns as fit, so a long label never covers the data or leaves the figure."""
    axis.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.32), ncols=min(count, 3), frameon=False)


def _mark_suppressed(axis: Any, table: Table, positions: list[int], *, horizontal: bool = False) -> None:
    """Hatched, labelled placeholders where hidden cells are: a reader sees "<N", never a zero."""
    if not positions:
        return
    low, high = axis.get_xlim() if horizontal else axis.get_ylim()
    size = max((high - max(low, 0)) * 0.12, 0.5)
    mark = f"<{table.minimum}"
    for index, position in enumerate(positions):
        style = {"color": "none", "hatch": "///", "edgecolor": SUPPRESSED, "linewidth": 0}
        label = f"suppressed ({mark})" if index == 0 else None
        if horizontal:
            axis.barh(position, size, label=label, **style)
            axis.text(size, position, f" {mark}", va="center", fontsize="x-small", color=SUPPRESSED)
        else:
            axis.bar(position, size, label=label, **style)
            axis.text(position, size, mark, ha="center", va="bottom", fontsize="x-small", color=SUPPRESSED)


def _bar(axis: Any, table: Table, x: str, y: str) -> bool:
    cells = table.column(y)
    values = _numbers(cells)
    if all(v != v for v in values):
        return False
    labels = _labels(table.column(x))
    axis.bar(range(len(values)), [v if v == v else 0.0 for v in values], color="C0", label=y.replace("_", " "))
    hidden = [n for n, cell in enumerate(cells) if cell is None]
    _mark_suppressed(axis, table, hidden)
    _ticks(axis, labels)
    axis.set_ylabel(y.replace("_", " "))
    if y in table.people_columns or not y.endswith("percent"):
        _integers(axis, "y")
    if hidden:
        _legend(axis, 2)
    return True


def _ticks(axis: Any, labels: list[str]) -> None:
    step = max(1, len(labels) // 12)
    axis.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right", fontsize="small")


def _barh(axis: Any, table: Table, y_label: str, value: str) -> bool:
    cells = table.column(value)
    pairs = list(zip(_labels(table.column(y_label)), _numbers(cells), strict=True))[:15]
    if all(p[1] != p[1] for p in pairs):
        return False
    axis.barh(range(len(pairs)), [p[1] if p[1] == p[1] else 0.0 for p in pairs], color="C0")
    axis.set_yticks(range(len(pairs)), [p[0] for p in pairs], fontsize="small")
    axis.invert_yaxis()
    _mark_suppressed(axis, table, [n for n, cell in enumerate(cells[:15]) if cell is None], horizontal=True)
    axis.set_xlabel(value.replace("_", " "))
    if not value.endswith("percent"):
        _integers(axis, "x")
    return True


def _line(axis: Any, table: Table, x: str, y: str, series: str | None = None) -> bool:
    xs, ys = table.column(x), _numbers(table.column(y))
    groups = table.column(series) if series else [""] * len(xs)
    positions = {label: n for n, label in enumerate(dict.fromkeys(str(a) for a in xs))}
    drawn = False
    for index, name in enumerate(dict.fromkeys(groups)):
        points = [(positions[str(a)], b) for a, b, g in zip(xs, ys, groups, strict=True) if g == name]
        if all(b != b for _, b in points):
            continue
        label = _label(str(name), 55) if series else None
        axis.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=f"C{index}", label=label)
        drawn = True
    hidden = sorted({positions[str(a)] for a, cell in zip(xs, table.column(y), strict=True) if cell is None})
    if hidden:
        axis.scatter(
            hidden, [0] * len(hidden), marker="x", color=SUPPRESSED, label=f"suppressed (<{table.minimum})", zorder=3
        )
    if (series and drawn) or hidden:
        _legend(axis, len(set(groups)) + (1 if hidden else 0))
    axis.set_ylim(bottom=0, top=5.2 if y == "mean_rating" else None)
    if y.endswith("percent"):
        axis.set_ylim(top=105)
    axis.set_ylabel(y.replace("_", " "))
    _ticks(axis, [_label(label, 40) for label in positions])
    return drawn


def _stacked(axis: Any, table: Table, x: str, columns: str) -> bool:
    labels = _labels(table.column(x))
    bottom = [0.0] * len(labels)
    drawn = False
    hidden: set[int] = set()
    names = columns.split(",")
    for index, name in enumerate(names):
        cells = table.column(name)
        hidden |= {n for n, cell in enumerate(cells) if cell is None}
        values = [v if v == v else 0.0 for v in _numbers(cells)]
        if any(values):
            drawn = True
        axis.bar(range(len(labels)), values, bottom=bottom, label=name.replace("_", " "), color=f"C{index}")
        bottom = [a + b for a, b in zip(bottom, values, strict=True)]
    # A meeting with a hidden part is marked whole: its other part alone would read as the total.
    _mark_suppressed(axis, table, sorted(hidden))
    _ticks(axis, labels)
    _integers(axis, "y")
    _legend(axis, len(names) + (1 if hidden else 0))
    return drawn or bool(hidden)


def _stages(axis: Any, table: Table, area: str) -> bool:
    """Each area's stage counts at the period's end, stacked."""
    latest: dict[str, tuple[Cell, ...]] = {}
    for row in table.rows:
        latest[str(row[0])] = row
    if not latest:
        return False
    names = list(latest)
    left = [0.0] * len(names)
    for offset, stage in enumerate(Stage):
        values = _numbers([latest[n][2 + offset] for n in names])
        axis.barh(range(len(names)), values, left=left, label=STAGE_LABELS[stage], color=f"C{offset}")
        left = [a + b for a, b in zip(left, values, strict=True)]
    axis.set_yticks(range(len(names)), _labels(names), fontsize="small")
    axis.invert_yaxis()
    axis.set_xlabel("teams at the period's end")
    _integers(axis, "x")
    _legend(axis, len(Stage))
    return True


def _matrix(axis: Any, table: Table, row: str, column: str, value: str) -> bool:
    cells = {
        (str(a), str(b)): v
        for a, b, v in zip(table.column(row), table.column(column), table.column(value), strict=True)
    }
    names = sorted({a for a, _ in cells})
    grid = [
        [float(v) if isinstance(v := cells.get((a, b)), int | float) else float("nan") for b in names] for a in names
    ]
    image = axis.imshow(grid, cmap="Blues")
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if (a, b) in cells and cells[(a, b)] is None:
                axis.add_patch(_hatched(j, i))
                axis.text(j, i, f"<{table.minimum}", ha="center", va="center", fontsize="x-small", color="#555")
            elif isinstance(cells.get((a, b)), int):
                axis.text(j, i, str(cells[(a, b)]), ha="center", va="center", fontsize="x-small")
    axis.set_xticks(range(len(names)), _labels(names), rotation=45, ha="right", fontsize="small")
    axis.set_yticks(range(len(names)), _labels(names), fontsize="small")
    bar = axis.figure.colorbar(image, ax=axis, label=value)
    from matplotlib.ticker import MaxNLocator

    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    return True


def _hatched(x: float, y: float) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, hatch="///", edgecolor=SUPPRESSED, linewidth=0)


_DRAWERS: dict[str, Any] = {
    "bar": _bar,
    "barh": _barh,
    "line": _line,
    "stacked": _stacked,
    "stages": _stages,
    "matrix": _matrix,
}
