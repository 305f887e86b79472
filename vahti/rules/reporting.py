"""The provider's client count for the next year (rules.md provider.client_count, kela.fi
"Asiakasmäärät"): it can be reported 1.1.–31.10. of the year before; after that the count in
force on 30.10. binds, and it can only be raised.

Input is plain values (the year counted for, the reports made so far, the count in force for
the year before) and the parameters in force on the day of the report; results are Findings
like the case rules'.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .results import ERROR, INFO, Finding

DAY_MONTH = re.compile(r"(\d{1,2})\.(\d{1,2})\.")


@dataclass(frozen=True, slots=True)
class CountReport:
    reported_on: dt.date
    count: int


def day_month(text: str, year: int, *, last: bool = False) -> dt.date:
    """A day of ``year`` from a parameter written "30.10." or "1.1.–31.10." (``last``: the
    window's end)."""
    found = DAY_MONTH.findall(text)
    if not found:
        raise ValueError(f"not a day.month.: {text!r}")
    day, month = found[-1] if last else found[0]
    return dt.date(year, int(month), int(day))


def report_window(year: int, p: dict) -> tuple[dt.date, dt.date]:
    """The days on which the count for ``year`` can be reported: in the year before."""
    window = p["provider.client_count_report_window"]
    return day_month(window, year - 1), day_month(window, year - 1, last=True)


def binding_count(
    year: int, reports: list[CountReport], before: int | None, *, on: dt.date, p: dict
) -> int | None:
    """The count for ``year`` in force on ``on``: the latest report made by then; without a
    report in the window, the count in force on 30.10. of the year before (``before``: the
    count of that year) binds."""
    made = [r for r in sorted(reports, key=lambda r: r.reported_on) if r.reported_on <= on]
    if made:
        return made[-1].count
    binding_day = day_month(p["provider.client_count_binding_day"], year - 1)
    return before if on > binding_day else None


@dataclass(frozen=True, slots=True)
class CountedLine:
    """What the rule needs of the service line a count is for."""

    name: str
    procedure: str  # "registration" (Kela's registration procedure) or "procurement"
    in_force: bool  # the line is in force in the year counted

    @property
    def reported(self) -> bool:
        """Whether the provider reports a count for the line that year."""
        return self.procedure == "registration" and self.in_force


def carried_count(year: int, reports_by_year: dict[int, list[CountReport]], p: dict):
    """The count in force for ``year`` on its window's last day: its own latest report by then,
    else the count carried forward from the latest earlier year that had one (rules.md
    provider.client_count: without a report the latest count in force carries forward, not
    only the year before's)."""
    carried = None
    for counted in sorted(y for y in reports_by_year if y <= year):
        closes = report_window(counted, p)[1]
        carried = binding_count(counted, reports_by_year[counted], carried, on=closes, p=p)
    return carried


def client_count(
    year: int,
    report: CountReport,
    earlier: list[CountReport],
    before: int | None,
    p: dict,
    *,
    line: CountedLine | None = None,
) -> list[Finding]:
    """provider.client_count: next year's client count can be reported 1.1.–31.10. of the
    year before; after that the count in force on 30.10. binds and can only be raised
    (rules.md provider.client_count, kela.fi "Asiakasmäärät"). ``earlier``: the reports for
    ``year`` made before this one; ``before``: the count in force for ``year - 1`` (carried
    forward). Interpretation (rules.md): only lines in Kela's registration procedure report a
    count, and only for a year the line is in force."""
    on = report.reported_on
    if line is not None and line.procedure != "registration":
        return [Finding("provider.client_count", ERROR, on, "procured", line=line.name)]
    if line is not None and not line.in_force:
        return [
            Finding(
                "provider.client_count", ERROR, on, "line_not_in_force", line=line.name, year=year
            )
        ]
    opens, closes = report_window(year, p)
    if on < opens:
        return [Finding("provider.client_count", ERROR, on, "too_early", year=year, opens=opens)]
    if on <= closes:
        return []
    binding = binding_count(year, earlier, before, on=closes, p=p)
    current = binding_count(year, earlier, before, on=on, p=p)
    floor = max((c for c in (binding, current) if c is not None), default=None)
    if floor is not None and report.count < floor:
        return [
            Finding(
                "provider.client_count",
                ERROR,
                on,
                "lowered",
                year=year,
                count=report.count,
                binding=floor,
                closes=closes,
            )
        ]
    return [
        Finding(
            "provider.client_count",
            INFO,
            on,
            "raised",
            year=year,
            count=report.count,
            closes=closes,
        )
    ]
