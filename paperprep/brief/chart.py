"""The reading list as a chart: year × impact, coloured by reading status (inline SVG data).

What a reader uses it for: which influential papers are still unread. Impact is normalised for
the paper's age and field where OpenAlex measured it: the field-weighted citation impact (FWCI:
1 is the world average of the paper's field and year; log scale). Where fewer than
:data:`MIN_POINTS` papers have an FWCI (papers added from PDFs, no OpenAlex record), it is
citations per year since publication, so a 2023 paper is not buried under a 2009 classic that
had fourteen more years to be cited. The chart is drawn only when at least :data:`MIN_POINTS`
papers have a year and the value plotted; otherwise it is left out.
"""

from __future__ import annotations

import math
from typing import Any

#: Reading statuses in the order the legend shows them, with their colours.
STATUS_COLORS: dict[str, str] = {
    "read": "#1a7f37",
    "reading": "#bf8700",
    "unread": "#0969da",
    "skipped": "#8c959f",
}

MIN_POINTS = 2


def per_year(paper: dict[str, Any], this_year: int) -> float | None:
    """Citations per year since publication (the year itself counts as one)."""
    if paper["year"] is None or paper["citations"] is None:
        return None
    age = max(1, this_year - int(paper["year"]) + 1)
    return float(paper["citations"]) / age


def fwci(paper: dict[str, Any], this_year: int) -> float | None:
    """OpenAlex's field-weighted citation impact, for a paper with a year."""
    value = paper.get("fwci")
    return float(value) if paper["year"] is not None and value is not None else None


#: What the y axis can show, best first: (label, value of a paper).
MEASURES = (
    ("field-weighted citation impact (FWCI)", fwci),
    ("citations per year", per_year),
)


def _fmt(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def chart(papers: list[dict[str, Any]], this_year: int, *, height: int = 260) -> dict[str, Any]:
    """Coordinates for ``templates/_brief_chart.svg.j2``; ``chart["show"]`` says whether to draw.

    :param papers: the brief's paper dicts (``n``, ``key``, ``year``, ``citations``, ``status``).
    :param this_year: the year "citations per year" counts up to.
    """
    width = 640.0
    left, right, top, bottom = 56.0, 16.0, 12.0, 36.0
    # The best measure enough papers have (the last one, citations per year, otherwise).
    label, measure = next(
        (
            (name, fn)
            for name, fn in MEASURES
            if sum(fn(p, this_year) is not None for p in papers) >= MIN_POINTS
        ),
        MEASURES[-1],
    )
    values = [(p, measure(p, this_year)) for p in papers]
    plotted = [(p, v) for p, v in values if v is not None]
    statuses = {p["status"] for p, _ in plotted}
    result: dict[str, Any] = {
        "show": len(plotted) >= MIN_POINTS,
        "width": int(width),
        "height": height,
        "points": [],
        "x_ticks": [],
        "y_ticks": [],
        "plotted": len(plotted),
        "missing": len(papers) - len(plotted),
        "missing_keys": [p["key"] for p, v in values if v is None],
        "min_points": MIN_POINTS,
        "y_label": label,
        "missing_what": "FWCI" if label.endswith("(FWCI)") else "citation count",
        "legend": [{"status": s, "color": c} for s, c in STATUS_COLORS.items() if s in statuses],
        "plot": {"x0": left, "y0": top, "x1": width - right, "y1": height - bottom},
    }
    if not result["show"]:
        return result
    years = [int(p["year"]) for p, _ in plotted]
    y_lo, y_hi = min(years) - 1, max(years) + 1
    top_decade = max(1, math.ceil(math.log10(max(v for _, v in plotted) + 1)))

    def sx(year: float) -> float:
        return round(left + (year - y_lo) / (y_hi - y_lo) * (width - left - right), 1)

    def sy(value: float) -> float:
        frac = math.log10(value + 1) / top_decade
        return round(height - bottom - frac * (height - top - bottom), 1)

    step = max(1, math.ceil((y_hi - y_lo) / 8))
    result["x_ticks"] = [{"x": sx(y), "label": str(y)} for y in range(y_lo, y_hi + 1, step)]
    # Ticks at 0, 1, 10, 100, … (the axis is log10(1 + value), so 0 has a place).
    result["y_ticks"] = [
        {"y": sy(t), "label": _fmt(t)} for t in (0, *(10**d for d in range(top_decade)))
    ]
    points = []
    for p, value in plotted:
        points.append(
            {
                "n": p["n"],
                "key": p["key"],
                "cx": sx(p["year"]),
                "cy": sy(value),
                "color": STATUS_COLORS.get(p["status"], STATUS_COLORS["unread"]),
                "status": p["status"],
                "label": f"[{p['n']}] {p['key']}: {p['title']} ({p['year']}, "
                f"{label} {value:,.1f}, {p['status']})",
            }
        )
    # Dodge: nudge a point right while it sits on one already placed (same year, similar
    # impact), so every dot and its number stay visible.
    placed: list[tuple[float, float]] = []
    for point in points:
        while any(abs(point["cx"] - x) < 12 and abs(point["cy"] - y) < 12 for x, y in placed):
            point["cx"] = round(point["cx"] + 11, 1)
        placed.append((point["cx"], point["cy"]))
    result["points"] = points
    return result
