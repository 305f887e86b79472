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


def client_count(
    year: int, report: CountReport, earlier: list[CountReport], before: int | None, p: dict
) -> list[Finding]:
    """provider.client_count: next year's client count can be reported 1.1.–31.10. of the
    year before; after that the count in force on 30.10. binds and can only be raised
    (rules.md provider.client_count, kela.fi "Asiakasmäärät"). ``earlier``: the reports for
    ``year`` made before this one; ``before``: the count of ``year - 1``."""
    opens, closes = report_window(year, p)
    on = report.reported_on
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
