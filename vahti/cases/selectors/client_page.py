"""The client page: the decision's result in words, the allowance calendar, the history, the
rule catalogue."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Min, Sum
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from vahti.core.dates import fi_date, language, today
from vahti.rules.case import CaseError
from vahti.rules.evaluate import Result, default_evaluator
from vahti.rules.listing import line_entries, rule_entries
from vahti.rules.presentation import Presenter
from vahti.rules.results import SEVERITY_ORDER

from ..errors import case_error_shown
from ..models import (
    Absence,
    Break,
    Client,
    Day,
    Decision,
    Event,
    InvoicedDay,
    WorkPeriod,
)
from .certificates import (
    STALE_RULE,
    certificate_changes,
    certificate_facts,
    certificates_of,
    facts_hash,
)
from .evaluation import DAYS_IN_WEEK, case_data, decision_result
from .records import realised_uninvoiced

# --- client page -------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    kind: str = ""  # rehab, flex, absence, break
    payable: str = ""  # "payable", "waiting", or a rule id (why not)
    planned: bool = False  # a rehabilitation or flex day after today: a plan, not yet done


def allowance_months(result: Result) -> list[dict]:
    """Month grids (Mon–Sun) of the case's days, each marked payable or why not."""
    case = result.case
    waiting, payable, not_payable = result.allowance.dates()
    marks = {d: "waiting" for d in waiting}
    marks.update({d: "payable" for d in payable})
    marks.update(dict(not_payable))
    kinds: dict[dt.date, str] = {}
    for brk in case.breaks:
        day = brk.start
        while day <= brk.end:
            kinds[day] = "break"
            day += dt.timedelta(days=1)
    for absence in case.absences:
        kinds[absence.date] = "absence"
    for day in case.days:
        kinds[day.date] = "flex" if day.flex and day.hours == 0 else "rehab"
    dates = sorted(set(kinds) | set(marks))
    if not dates:
        return []
    months = []
    year, month = dates[0].year, dates[0].month
    while (year, month) <= (dates[-1].year, dates[-1].month):
        weeks = []
        for week in month_calendar.Calendar().monthdatescalendar(year, month):
            weeks.append(
                [
                    CalendarDay(
                        d,
                        d.month == month,
                        kinds.get(d, ""),
                        marks.get(d, ""),
                        d > case.as_of and kinds.get(d) in ("rehab", "flex"),
                    )
                    for d in week
                ]
            )
        months.append({"first": dt.date(year, month, 1), "weeks": weeks})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


HISTORY_ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("removed")}


def _previous_records(records) -> dict:
    """Each history record's predecessor (the same object's record before it), one query per
    history table instead of one per record (``prev_record``)."""
    by_model: dict = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    previous = {}
    for model, wanted in by_model.items():
        chains: dict = {}
        for row in model.objects.filter(id__in={r.id for r in wanted}).order_by(
            "id", "history_date", "history_id"
        ):
            chains.setdefault(row.id, []).append(row)
        for record in wanted:
            chain = chains.get(record.id, [])
            index = next((i for i, row in enumerate(chain) if row.pk == record.pk), 0)
            previous[model, record.pk] = chain[index - 1] if index > 0 else None
    return previous


def client_history(client: Client, decision: Decision | None, limit: int = 30) -> list[dict]:
    """Who changed what and when, newest first, across the client's case tables."""
    sources = [client.history.all()]
    if decision is not None:
        sources.append(decision.history.all())
        sources += [
            model.history.filter(decision_id=decision.pk)
            for model in (Day, Event, Break, Absence, WorkPeriod)
        ]
    records = [
        record
        for source in sources
        for record in source.select_related("history_user").order_by("-history_date")[:limit]
    ]
    records.sort(key=lambda r: r.history_date, reverse=True)
    records = records[:limit]
    previous = _previous_records([r for r in records if r.history_type == "~"])
    rows = []
    for record in records:
        changed = ""
        if record.history_type == "~" and previous.get((type(record), record.pk)) is not None:
            delta = record.diff_against(previous[type(record), record.pk])
            changed = ", ".join(
                str(record.instance._meta.get_field(c.field).verbose_name)
                for c in delta.changes
                if c.field != "identity_code"
            )
        user = record.history_user
        rows.append(
            {
                "when": record.history_date,
                "who": (user.get_full_name() or user.username) if user else "—",
                "action": HISTORY_ACTIONS[record.history_type],
                "what": f"{record.instance._meta.verbose_name} {record.instance}",
                "changed": changed,
            }
        )
    return rows


WEEKDAY_NAMES = [WEEKDAYS_ABBR[number] for number in range(DAYS_IN_WEEK)]


def finding_groups(findings) -> list[dict]:
    """One card per rule: a rule broken on 15 days is one problem, its first day shown and the
    others folded; the most severe first."""
    groups: dict[str, dict] = {}
    for finding in findings:
        group = groups.setdefault(
            finding.rule, {"first": finding, "more": [], "severity": finding.severity}
        )
        if group["first"] is not finding:
            group["more"].append(finding)
            if SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[group["severity"]]:
                group["severity"] = finding.severity
    return sorted(groups.values(), key=lambda g: (SEVERITY_ORDER[g["severity"]], g["first"].date))


@dataclass(frozen=True)
class Billing:
    """What the client's rehabilitation days have been invoiced to Kela (the invoiced days are
    locked here by invoicing) and what is still to invoice."""

    invoices: list[str]  # the invoices' numbers
    invoiced: int
    amount: Decimal
    changed: int  # invoiced days changed since: the next run credits and bills them again
    unbilled: int  # realised rehabilitation days on no invoice
    oldest_unbilled: dt.date | None


def client_billing(client: Client, *, on: dt.date) -> Billing | None:
    """The client page's invoicing section: None when none of the client's decisions is
    invoiced through Vahti (no invoiced day and no contract link, the reverse accessor that
    invoicing gives a decision)."""
    decisions = client.decisions.all()
    locks = InvoicedDay.objects.filter(decision__in=decisions)
    billed = decisions.filter(contract_link__isnull=False)
    if not locks.exists() and not billed.exists():
        return None
    unbilled = realised_uninvoiced(Day.objects.filter(decision__in=billed, date__lte=on)).aggregate(
        count=Count("pk"), oldest=Min("date")
    )
    return Billing(
        sorted(set(locks.values_list("invoice", flat=True)), key=int),
        locks.count(),
        locks.aggregate(total=Sum("amount"))["total"] or Decimal(0),
        locks.filter(changed_at__isnull=False).count(),
        unbilled["count"],
        unbilled["oldest"],
    )


def client_page(client: Client) -> dict:
    """Everything the client page shows: the current decision's deadlines and findings with
    their rule and source ("why this date?"), the allowance calendar, the timeline, certificates
    and the history. One evaluation."""
    decision = client.current_decision
    context = {
        "client": client,
        "decision": decision,
        "today": today(),
        "history": client_history(client, decision),
        "earlier_decisions": list(
            client.decisions.exclude(pk=getattr(decision, "pk", None)).order_by("-sequence", "-pk")
        ),
        "billing": client_billing(client, on=today()),
    }
    if decision is None:
        return context
    lang = language()
    try:
        result = decision_result(decision)
    except CaseError as error:
        context["case_error"] = " ".join(
            case_error_shown(error, case_data(decision, as_of=today())).messages
        )
        return context
    presenter = Presenter(lang)
    shown = presenter.present(result)
    findings = list(shown.findings)
    # The stated facts only: the issued PDF is not needed (nor decrypted) to compare them.
    latest = decision.certificates.defer("pdf").order_by("-version").first()
    now = latest and certificate_facts(decision, result, issued_on=latest.issued_on)
    if latest is not None and facts_hash(now) != latest.facts_hash:
        # The core cannot know what an issued certificate stated; the finding says what changed.
        finding = presenter.rule_finding(STALE_RULE, today(), decided_on=decision.decided_on)
        changes = certificate_changes(latest.facts, now)
        if changes:
            finding = replace(
                finding,
                message=_("Changed since version %(version)s of %(day)s: %(changes)s.")
                % {
                    "version": latest.version,
                    "day": fi_date(latest.issued_on),
                    "changes": "; ".join(changes),
                },
            )
        findings.insert(0, finding)
    events = list(decision.events.all())
    # A continuation continues the rehabilitation: the earlier decisions' events and days are
    # part of its story (their deadlines were theirs; their pages stay one click away).
    earlier = [d for d in context["earlier_decisions"] if d.sequence < decision.sequence]
    earlier_events = list(
        Event.objects.filter(decision__in=earlier).select_related("decision").order_by("date", "pk")
    )
    earlier_days = Day.objects.filter(decision__in=earlier, hours__gt=0).count()
    end = next((e for e in events if e.type == "end"), None)
    feedback_sent = end is not None and any(
        e.type == "feedback_sent" and e.date >= end.date for e in events
    )
    not_payable: dict[str, int] = {}
    for _day, why in shown.allowance.not_payable:
        not_payable[why] = not_payable.get(why, 0) + 1
    progress = default_evaluator().progress(result)
    context.update(
        {
            "progress": progress,
            # The line's caps (job coaching: meetings, workplace days), named in the reader's
            # language as the rule catalogue names them.
            "counted": [
                (default_evaluator().catalogue.title(counted.rule, lang), counted)
                for counted in progress.counted
            ],
            "shown": shown,
            "deadlines": shown.deadlines,
            "findings": findings,
            "finding_groups": finding_groups(findings),
            "allowance": shown.allowance,
            "not_payable_counts": sorted(not_payable.items()),
            "interpretations": shown.interpretations,
            "months": allowance_months(result),
            "weekday_names": WEEKDAY_NAMES,
            "certificates": certificates_of(decision),
            "events": events,
            "earlier_events": earlier_events,
            "earlier_days": earlier_days,
            "end": end,
            "ended_interrupted": end is not None and end.topic == "interruption",
            # Once the feedback is sent after the end, nothing is left to do: offer to archive.
            "archive_offered": client.active and feedback_sent,
        }
    )
    return context


def rule_catalogue(*, on: dt.date, lang: str) -> dict:
    """The rules page: the service lines and every rule with the values in force on ``on``."""
    evaluator = default_evaluator()
    return {
        "lines": line_entries(evaluator, on, lang, shown=True),
        "sections": rule_entries(evaluator, on, lang, shown=True),
    }
