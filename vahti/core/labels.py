"""Labels of the rules core's fixed values (a deadline's status, a finding's severity, why a
day carries no allowance) in the reader's language: pages (the ``label`` filter) and documents
read the same words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STATUS = {"met": _("met"), "late": _("late"), "open": _("open"), "overdue": _("overdue")}
SEVERITY = {"error": _("error"), "warning": _("warning"), "info": _("notice")}
# Why a day carries no allowance, as the calendar legend says it (the ids are rule ids).
WHY = {
    "allowance.arkipaiva": _("Sunday or a public holiday on a weekday"),
    "allowance.break": _("break"),
    "allowance.sick_absence": _("sick absence: Kela decides"),
    "allowance.no_record": _("nothing recorded"),
    "allowance.flex": _("flex day does not qualify"),
    "allowance.working_life": _("in working life: short day or work"),
    "payable": _("carries the allowance"),
    "waiting": _("waiting period"),
}
TABLES = {"status": STATUS, "severity": SEVERITY, "why": WHY}
