"""The reports' charts as SVG, drawn by matplotlib (no hand-written drawing code): text stays
text (selectable, printable, in the page's language), the colours tell the series apart and
the same figures are in the page's tables and the CSV/XLSX downloads."""

from __future__ import annotations

import io

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from vahti.core.dates import month_names

from .selectors import Figures

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "vahti",
    }
)
COLOURS = ("#1f5f99", "#c0392b", "#2e8b57", "#b8860b", "#6a4c93", "#3a7ca5", "#8c564b")
WIDTH, HEIGHT = 7.5, 3.4  # inches: fits an A4 page in print


def _svg(figure: Figure) -> bytes:
    out = io.StringIO()
    FigureCanvasSVG(figure).print_svg(out, metadata={"Date": None})
    return out.getvalue().encode()


def new_clients_chart(figures: Figures) -> bytes:
    """Monthly new clients (bars) and their running total against the committed pace."""
    figure = Figure(figsize=(WIDTH, HEIGHT), layout="constrained")
    axes = figure.add_subplot()
    months = month_names()
    axes.bar(months, figures.new_by_month, color=COLOURS[0], label=_("new clients in the month"))
    axes.plot(
        months[: len(figures.cumulative)],
        figures.cumulative,
        color=COLOURS[2],
        marker="o",
        label=_("new clients, running total"),
    )
    if figures.committed:
        axes.plot(
            months,
            figures.pace,
            color=COLOURS[1],
            linestyle="--",
            label=_("committed count, even pace"),
        )
    axes.set_ylabel(_("clients"))
    axes.set_ylim(bottom=0)
    axes.legend(loc="upper left", frameon=False)
    return _svg(figure)


def active_clients_chart(figures: Figures) -> bytes:
    """Active clients per month, by service line (stacked)."""
    figure = Figure(figsize=(WIDTH, HEIGHT), layout="constrained")
    axes = figure.add_subplot()
    months, bottom = month_names(), [0] * 12
    for index, line in enumerate(figures.lines):
        axes.bar(
            months, line.active, bottom=bottom, color=COLOURS[index % len(COLOURS)], label=line.name
        )
        bottom = [b + v for b, v in zip(bottom, line.active, strict=True)]
    axes.set_ylabel(_("clients"))
    axes.set_ylim(bottom=0)
    if figures.lines:
        axes.legend(loc="upper left", frameon=False, fontsize=8)
    return _svg(figure)


def county_chart(figures: Figures) -> bytes:
    """New clients of the year by wellbeing services county."""
    counties = [(name, sum(values)) for _key, name, values in figures.counties]
    figure = Figure(figsize=(WIDTH, max(1.6, 0.3 * len(counties) + 0.8)), layout="constrained")
    axes = figure.add_subplot()
    names = [name for name, _total in counties][::-1]
    totals = [total for _name, total in counties][::-1]
    axes.barh(names, totals, color=COLOURS[0])
    axes.set_xlabel(_("new clients"))
    if not counties:
        axes.text(
            0.5,
            0.5,
            _("No new clients this year."),
            ha="center",
            va="center",
            transform=axes.transAxes,
        )
        axes.set_yticks([])
    return _svg(figure)
