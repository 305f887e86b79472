"""The week screen's cells, rendered in Python: 40 clients × 5 days × 3 labelled controls are
1,200 nodes, and the template language took two thirds of the page's time (bench/web.py).
The markup is the one the template had; every value is escaped."""

from __future__ import annotations

from django import template
from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

CELL = (
    '<td data-label="{short}" class="cell{classes}">'
    '<label class="visually-hidden" for="{id}-state">{who}, {long}: {entry}</label>'
    '<select id="{id}-state" name="{id}-state" data-cell>{options}</select>'
    '<span class="cell-hours"><label for="{id}-hours">{h}<span class="visually-hidden"> '
    '({who}, {long})</span></label><input type="number" step="0.25" min="0" max="24" '
    'class="hours" id="{id}-hours" name="{id}-hours" value="{hours}"></span>'
    '<span class="cell-reason"><label for="{id}-reason">{justification}<span '
    'class="visually-hidden"> ({who}, {long})</span></label><input type="text" maxlength="500" '
    'id="{id}-reason" name="{id}-reason" value="{reason}"></span>{planned}{errors}</td>'
)
CLOSED = '<td data-label="{short}" class="cell"><span class="hint" title="{why}">—</span></td>'


@register.simple_tag
def week_cells(row, states) -> str:
    """The weekday cells of one row of the week screen."""
    who = escape(f"{row.client.last_name} {row.client.first_name}")
    words = {
        "entry": escape(_("entry")),
        "h": escape(_("h")),
        "justification": escape(_("Justification")),
    }
    planned_note = f'<small class="planned-note">{escape(_("planned"))}</small>'
    cells = []
    for index, cell in enumerate(row.cells):
        short = escape(date_format(cell.date, "D j.n."))
        if not cell.open:
            why = (
                _("after the rehabilitation ended")
                if cell.ended
                else _("before the decision arrived")
            )
            cells.append(CLOSED.format(short=short, why=escape(why)))
            continue
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if cell.state == value else ""}>'
            f"{escape(title)}</option>"
            for value, title in states
        )
        errors = getattr(cell, "errors", None) or ()
        cells.append(
            CELL.format(
                short=short,
                long=escape(date_format(cell.date, "l j.n.")),
                who=who,
                id=f"c{row.decision.pk}-{index}",
                options=options,
                classes=(" planned" if cell.planned else "") + (" invalid" if errors else ""),
                hours="" if cell.hours is None else number_format(cell.hours, use_l10n=False),
                reason=escape(cell.reason or ""),
                planned=planned_note if cell.planned else "",
                errors="".join(f'<span class="field-error">{escape(e)}</span>' for e in errors),
                **words,
            )
        )
    return mark_safe("".join(cells))
