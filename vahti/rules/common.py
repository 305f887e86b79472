"""Rules of every service: what makes a participation certificate unclear, and changes Kela
must hear of (001 and 002 "Mitkä asiat hankaloittavat ja viivästyttävät kuntoutusrahan
maksamista?")."""

from __future__ import annotations

from .case import Case
from .facts import Facts, notified_on_or_after
from .results import ERROR, WARNING, Finding

CHANGE = ("change",)


def unexplained_breaks(case: Case) -> list[Finding]:
    """certificate.unexplained_break: a break with no reason; an error dated on its first day."""
    return [Finding("certificate.unexplained_break", ERROR, b.start, "missing", date=b.start)
            for b in case.breaks if b.reason is None]


def unexplained_absences(case: Case) -> list[Finding]:
    """certificate.unexplained_absence: an absence with no reason; an error dated on it."""
    return [Finding("certificate.unexplained_absence", ERROR, a.date, "missing", date=a.date)
            for a in case.absences if a.reason is None]


def unjustified_flex(case: Case) -> list[Finding]:
    """certificate.flex_unjustified: flex used with no written justification; an error dated on
    the day. It does not change whether the day is payable."""
    return [Finding("certificate.flex_unjustified", ERROR, d.date, "missing", date=d.date)
            for d in case.days if d.flex and not (d.flex_reason or "").strip()]


def changes_not_told(case: Case, facts: Facts) -> list[Finding]:
    """notify.change: Kela is told when the client was absent, worked beside the rehabilitation,
    or started a paid work trial. Told = a kela_notified event with topic change on or after the
    day (or reported_to_kela on the absence). Sick absences are allowance.sick_absence."""
    as_of = case.as_of
    findings = []
    for absence in case.absences:
        if (absence.reason != "sick" and absence.date <= as_of and not absence.reported_to_kela
                and not notified_on_or_after(case, absence.date, CHANGE)):
            findings.append(Finding("notify.change", WARNING, absence.date, "absence",
                                    date=absence.date))
    if not facts.days:
        return findings
    first, last = facts.days[0].date, facts.last_any
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


def evaluate(case: Case, facts: Facts, findings: list) -> None:
    findings += unexplained_breaks(case)
    findings += unexplained_absences(case)
    findings += unjustified_flex(case)
    findings += changes_not_told(case, facts)
