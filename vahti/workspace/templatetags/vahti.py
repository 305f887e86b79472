"""Labels for ids the rules core returns (statuses, rule ids, reasons), in the user's language."""

from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

STATUS = {"met": _("met"), "late": _("late"), "open": _("open"), "overdue": _("overdue")}
SEVERITY = {"error": _("error"), "warning": _("warning"), "info": _("notice")}
RULE_TITLES = {
    "teak.precontact": _("pre-contact"), "teak.start": _("start"),
    "teak.completion": _("completion window"), "teak.feedback": _("rehabilitation feedback"),
    "taito.start": _("start"), "taito.group_period": _("first group period"),
    "taito.duration": _("average duration"),
}
WHY = {
    "allowance.arkipaiva": _("Sunday or arkipyhä"), "allowance.break": _("break"),
    "allowance.sick_absence": _("sick absence: Kela decides"),
    "allowance.no_record": _("nothing recorded"),
    "allowance.flex": _("flex day does not qualify"),
    "allowance.working_life": _("in working life: short day or work"),
    "payable": _("carries the allowance"), "waiting": _("waiting period"),
}


LABELS = {"status": STATUS, "severity": SEVERITY, "rule": RULE_TITLES, "why": WHY}


@register.filter
def label(value, table):
    """The user's-language label of an id the rules core returns: ``{{ d.status|label:"status" }}``."""
    return LABELS[table].get(value, value)


@register.simple_tag
def query_with(params, **changes):
    """The current query string with some parameters changed (filters kept across pages)."""
    query = {key: value for key, value in params.items() if value}
    query.update({key: value for key, value in changes.items()})
    return urlencode(query)
