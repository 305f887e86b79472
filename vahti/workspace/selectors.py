"""Reads: a stored case as `vahti evaluate` input, its evaluation, the dashboard and pages."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, CharField, F, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vahti.rules.evaluate import Result, default_evaluator
from vahti.rules.listing import rule_entries
from vahti.rules.results import SEVERITY_ORDER

from .access import clients_for
from .models import (ABSENCE_LABELS, BREAK_LABELS, SERVICE_LABELS, Absence, Break, Client, Day,
                     Decision, Event, User, WorkPeriod)

PAGE_SIZE = 50


def today() -> dt.date:
    """The date in Helsinki (settings.TIME_ZONE)."""
    return timezone.localdate()


def language() -> str:
    lang = (get_language() or "fi")[:2]
    return lang if lang in ("fi", "en") else "fi"


def _iso(day: dt.date | None):
    return None if day is None else day.isoformat()


def case_data(decision: Decision, *, as_of: dt.date) -> dict:
    """The decision and its days, events, breaks, absences and work as evaluate.md input."""
    return {
        "as_of": as_of.isoformat(),
        "service": decision.service,
        "decision": {
            "decided_on": decision.decided_on.isoformat(),
            "received_on": decision.received_on.isoformat(),
            "sequence": decision.sequence,
            "granted_days": decision.granted_days,
            "window_months": decision.window_months,
            "independent_days_granted": decision.independent_days_granted,
            "close_relative_granted": decision.close_relative_granted,
        },
        "client": {"in_working_life_at_start": decision.in_working_life_at_start,
                   "benefit_before": decision.benefit_before or None},
        "events": [{"type": e.type, "date": e.date.isoformat(), "topic": e.topic or None,
                    "new_due": _iso(e.new_due), "reason": e.reason or None,
                    "kela_agreed": e.kela_agreed} for e in decision.events.all()],
        "days": [{"date": d.date.isoformat(), "hours": d.hours, "programme_hours": d.programme_hours,
                  "travel_hours": d.travel_hours, "mode": d.mode, "flex": d.flex,
                  "flex_reason": d.flex_reason or None, "worked": d.worked,
                  "close_relative": d.close_relative} for d in decision.days.all()],
        "breaks": [{"from": b.start.isoformat(), "to": _iso(b.end), "reason": b.reason or None}
                   for b in decision.breaks.all()],
        "absences": [{"date": a.date.isoformat(), "reason": a.reason or None,
                      "reported_to_kela": a.reported_to_kela} for a in decision.absences.all()],
        "work": [{"from": w.start.isoformat(), "to": _iso(w.end), "kind": w.kind}
                 for w in decision.work.all()],
    }


def decision_evaluate(decision: Decision, *, as_of: dt.date | None = None) -> Result:
    """The rules core's answer for a stored decision (raises CaseError for contradictory data)."""
    evaluator = default_evaluator()
    return evaluator.evaluate(evaluator.read(case_data(decision, as_of=as_of or today())))


# --- dashboard ---------------------------------------------------------------------------------

def dashboard_clients(user, *, service: str = "", coach: str = "", status: str = "",
                      page: int = 1):
    """Active clients with their current decision's status, most urgent first, one page.

    Urgency: an overdue deadline, then errors, then the nearest open deadline. A deadline that
    was open when last evaluated and is past due today counts as overdue (the daily refresh,
    `manage.py vahti_refresh`, recomputes the rest).
    """
    day = today()
    status_of = "current_decision__status__"
    clients = (
        clients_for(user).filter(active=True)
        .select_related("site", "current_decision", "current_decision__status")
        .prefetch_related(Prefetch("coaches", queryset=User.objects.order_by("last_name")))
        .annotate(
            due_status=Case(
                When(Q(**{f"{status_of}next_status": "open", f"{status_of}next_due__lt": day}),
                     then=Value("overdue")),
                default=F(f"{status_of}next_status"), output_field=CharField()),
            rank=Case(
                When(due_status="overdue", then=Value(0)),
                When(**{f"{status_of}error_count__gt": 0}, then=Value(1)),
                When(due_status="open", then=Value(2)),
                default=Value(3), output_field=IntegerField()),
        )
    )
    if service:
        clients = clients.filter(current_decision__service=service)
    if coach:
        clients = clients.filter(coaches__id=coach)
    if status == "overdue":
        clients = clients.filter(due_status="overdue")
    elif status == "errors":
        clients = clients.filter(**{f"{status_of}error_count__gt": 0})
    elif status == "warnings":
        clients = clients.filter(**{f"{status_of}warning_count__gt": 0})
    elif status == "open":
        clients = clients.filter(due_status="open")
    clients = clients.order_by("rank", f"{status_of}next_due", "last_name", "first_name", "pk")
    return Paginator(clients, PAGE_SIZE).get_page(page)


def coaches_of(user):
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id).order_by("last_name")


# --- client page -------------------------------------------------------------------------------

@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    kind: str = ""        # rehab, flex, absence, break, planned
    payable: str = ""     # "payable", "waiting", or a rule id (why not)


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
            weeks.append([CalendarDay(d, d.month == month, kinds.get(d, ""), marks.get(d, ""))
                          for d in week])
        months.append({"first": dt.date(year, month, 1), "weeks": weeks})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


HISTORY_ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("removed")}


def client_history(client: Client, decision: Decision | None, limit: int = 30) -> list[dict]:
    """Who changed what and when, newest first, across the client's case tables."""
    sources = [client.history.all()]
    if decision is not None:
        sources.append(decision.history.all())
        sources += [model.history.filter(decision_id=decision.pk)
                    for model in (Day, Event, Break, Absence, WorkPeriod)]
    records = [record for source in sources
               for record in source.select_related("history_user").order_by("-history_date")[:limit]]
    records.sort(key=lambda r: r.history_date, reverse=True)
    rows = []
    for record in records[:limit]:
        changed = ""
        if record.history_type == "~" and record.prev_record is not None:
            delta = record.diff_against(record.prev_record)
            changed = ", ".join(str(record.instance._meta.get_field(c.field).verbose_name)
                                for c in delta.changes if c.field != "identity_code")
        user = record.history_user
        rows.append({"when": record.history_date,
                     "who": (user.get_full_name() or user.username) if user else "—",
                     "action": HISTORY_ACTIONS[record.history_type],
                     "what": f"{record.instance._meta.verbose_name} {record.instance}",
                     "changed": changed})
    return rows


WEEKDAY_NAMES = [WEEKDAYS_ABBR[number] for number in range(7)]


def client_page(result: Result, *, lang: str, certificate_stale: bool = False) -> dict:
    """The client page's view of an evaluation: deadlines and findings with their rule's
    sentence and source ("why this date?"), the allowance summary and its calendar."""
    evaluator = default_evaluator()
    catalogue, store = evaluator.catalogue, evaluator.store
    answer = evaluator.to_json(result, lang)
    decided_on = result.case.decided_on

    def explained(item):
        rule = catalogue.rule(item["rule"])
        dates = {key: dt.date.fromisoformat(item[key]) for key in ("due", "done_on", "date")
                 if item.get(key)}
        return {**item, **dates, "heading": rule.heading,
                "rule_text": catalogue.rule_sentence(rule, store, decided_on, lang)}

    findings = [explained(f) for f in answer["findings"]]
    if certificate_stale:  # the core cannot know what an issued certificate stated
        rule = catalogue.rule("certificate.reissue")
        findings.insert(0, {"rule": rule.id, "severity": "warning", "date": today(),
                            "message": rule.text[lang], "source": rule.source,
                            "heading": rule.heading, "rule_text": rule.text[lang]})
    groups: dict[str, dict] = {}
    for finding in findings:  # one card per rule: a rule broken on 15 days is one problem
        group = groups.setdefault(finding["rule"], {"first": finding, "more": [],
                                                     "severity": finding["severity"]})
        if group["first"] is not finding:
            group["more"].append(finding)
            if SEVERITY_ORDER[finding["severity"]] < SEVERITY_ORDER[group["severity"]]:
                group["severity"] = finding["severity"]
    not_payable: dict[str, int] = {}
    for entry in answer["allowance"]["not_payable"]:
        not_payable[entry["why"]] = not_payable.get(entry["why"], 0) + 1
    return {
        "deadlines": [explained(d) for d in answer["deadlines"]],
        "findings": findings,
        "finding_groups": sorted(groups.values(), key=lambda g: (
            SEVERITY_ORDER[g["severity"]], g["first"]["date"])),
        "allowance": answer["allowance"],
        "waiting_days": [dt.date.fromisoformat(d) for d in answer["allowance"]["waiting_days"]],
        "not_payable_counts": sorted(not_payable.items()),
        "interpretations": answer["interpretations"],
        "months": allowance_months(result),
        "weekday_names": WEEKDAY_NAMES,
    }


def rule_catalogue(*, on: dt.date, lang: str):
    return rule_entries(default_evaluator(), on, lang)


# --- certificates ------------------------------------------------------------------------------

def certificate_facts(decision: Decision, result: Result, *, issued_on: dt.date) -> dict:
    """What a participation certificate issued on ``issued_on`` states (in Finnish)."""
    case = result.case
    client, organisation = decision.client, decision.client.organisation
    end = case.first_event("end")
    days = case.days
    with translation.override("fi"):
        labels = {"service": str(SERVICE_LABELS[decision.service]),
                  **{f"break:{k}": str(v) for k, v in BREAK_LABELS.items()},
                  **{f"absence:{k}": str(v) for k, v in ABSENCE_LABELS.items()}}
    return {
        "issued_on": issued_on.isoformat(),
        "client": {"name": f"{client.first_name} {client.last_name}",
                   "identity_code": client.identity_code},
        "issuer": {"name": organisation.name, "business_id": organisation.business_id,
                   "address": organisation.address, "phone": organisation.phone,
                   "email": organisation.email},
        "purpose": "kuntoutusraha",
        "service": decision.service,
        "service_name": labels["service"],
        "decided_on": decision.decided_on.isoformat(),
        "sequence": decision.sequence,
        "start": days[0].date.isoformat() if days else None,
        "end": end.date.isoformat() if end else None,
        "realised_days": [d.date.isoformat() for d in days if d.date <= issued_on and d.hours != 0],
        "planned_days": [d.date.isoformat() for d in days if d.date > issued_on and d.hours != 0],
        "breaks": [{"from": b.start.isoformat(), "to": b.end.isoformat(), "reason_code": b.reason,
                    "reason": labels.get(f"break:{b.reason}", "")} for b in case.breaks],
        "absences": [{"date": a.date.isoformat(), "reason_code": a.reason,
                      "reason": labels.get(f"absence:{a.reason}", "")} for a in case.absences],
        "flex": [{"date": d.date.isoformat(), "hours": d.hours,
                  "justification": d.flex_reason or ""} for d in days if d.flex],
    }


def stated_key(facts: dict) -> dict:
    """The facts a change of which calls for a new certificate: not the issue date or version,
    and not whether a day was still planned when issued (it was stated as planned)."""
    key = {k: v for k, v in facts.items()
           if k not in ("issued_on", "version", "realised_days", "planned_days")}
    key["days"] = sorted(facts["realised_days"] + facts["planned_days"])
    return key


def facts_hash(facts: dict) -> str:
    return hashlib.sha256(json.dumps(stated_key(facts), sort_keys=True).encode()).hexdigest()


def certificate_stale(decision: Decision, result: Result) -> bool:
    """Whether the latest issued certificate states facts that have changed since."""
    latest = decision.certificates.order_by("-version").first()
    if latest is None:
        return False
    current = certificate_facts(decision, result, issued_on=latest.issued_on)
    return facts_hash(current) != latest.facts_hash
