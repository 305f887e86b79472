"""Changes Kela must hear of (001 and 002 "Kelaan ei tule tietoa muutoksista tai tieto tulee
myöhässä"), in every service.

Each function checks one rule of catalogue/notify.yaml; ``CHECKS`` lists them with their ids.
"""

from __future__ import annotations

from .case import Case
from .facts import Facts, notified_on_or_after
from .results import WARNING, Finding

CHANGE = ("change",)


def changes_not_told(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """notify.change: Kela is told when the client was absent, worked beside the rehabilitation,
    or started a paid work trial. Told = a kela_notified event with topic change on or after the
    day (or reported_to_kela on the absence). Sick absences are allowance.sick_absence."""
    as_of = case.as_of
    findings = []
    for absence in case.absences:
        if (
            absence.reason != "sick"
            and absence.date <= as_of
            and not absence.reported_to_kela
            and not notified_on_or_after(case, absence.date, CHANGE)
        ):
            findings.append(
                Finding("notify.change", WARNING, absence.date, "absence", date=absence.date)
            )
    if not facts.days:
        return findings
    first, last = facts.begins, facts.last_any
    for work in case.work:
        begins = max(work.start, first)
        if work.start > last or (work.to is not None and work.to < first) or begins > as_of:
            continue
        if not notified_on_or_after(case, begins, CHANGE):
            key = "paid_work_trial" if work.kind == "paid_work_trial" else "work"
            findings.append(Finding("notify.change", WARNING, begins, key, date=begins))
    for day in facts.days:
        if day.worked and day.date <= as_of and not notified_on_or_after(case, day.date, CHANGE):
            findings.append(Finding("notify.change", WARNING, day.date, "work", date=day.date))
    return findings


CHECKS = (("notify.change", changes_not_told),)
