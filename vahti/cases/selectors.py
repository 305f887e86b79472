"""Reads of cases: a stored decision through the rules core (one path: ``decision_result``), the
caseload, the client page, records and certificates. Views call these; they never query."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    F,
    FilteredRelation,
    IntegerField,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from vahti.core.dates import day_ranges, fi_date, language, today
from vahti.core.lines import service_name
from vahti.organisations.models import User
from vahti.rules.case import CaseError
from vahti.rules.evaluate import Result, default_evaluator
from vahti.rules.listing import line_entries, rule_entries
from vahti.rules.presentation import Presenter
from vahti.rules.results import SEVERITY_ORDER

from .access import clients_for
from .errors import case_error_shown
from .models import (
    ABSENCE_LABELS,
    BREAK_LABELS,
    Absence,
    Break,
    Certificate,
    Client,
    Day,
    Decision,
    Event,
    WorkPeriod,
)

PAGE_SIZE = 50
STALE_RULE = "certificate.reissue"  # the catalogue's rule for a certificate out of date
DAYS_IN_WEEK = 7


def with_end(decisions):
    """``decisions`` annotated with ``ended``: the day of their end event (an interruption is
    an end with its reason), or None. A join, not a subquery per row: a decision has at most
    one end (rules.case UNIQUE_EVENTS)."""
    return decisions.annotate(
        end_event=FilteredRelation("events", condition=Q(events__type="end")),
        ended=F("end_event__date"),
    )


def case_reference(decision: Decision) -> str:
    """What notices, calendars and e-mails show instead of a name: V-000123."""
    return case_reference_of(decision.pk)


def case_reference_of(decision_id: int) -> str:
    return f"V-{decision_id:06d}"


# What the rules core reads of each related table, in the order case_data unpacks it.
CASE_ROWS = {
    "events": ("type", "date", "topic", "new_due", "reason", "kela_agreed"),
    "days": (
        "date",
        "hours",
        "programme_hours",
        "travel_hours",
        "mode",
        "flex",
        "flex_reason",
        "worked",
        "close_relative",
    ),
    "breaks": ("start", "end", "reason"),
    "absences": ("date", "reason", "reported_to_kela"),
    "work": ("start", "end", "kind"),
}


def case_data(decision: Decision, *, as_of: dt.date, rows: dict[str, list] | None = None) -> dict:
    """The decision and its events, days, breaks, absences and work as evaluate.md input (dates
    as date objects, which the core reads like ISO text). ``rows``: the related rows as
    CASE_ROWS tuples when the caller read them in bulk (``decision_results``)."""
    if rows is None:
        rows = {
            name: getattr(decision, name).values_list(*fields) for name, fields in CASE_ROWS.items()
        }
    return {
        "as_of": as_of,
        "service": decision.service,
        "decision": {
            "decided_on": decision.decided_on,
            "received_on": decision.received_on,
            "sequence": decision.sequence,
            "granted_days": decision.granted_days,
            "window_months": decision.window_months,
            "independent_days_granted": decision.independent_days_granted,
            "close_relative_granted": decision.close_relative_granted,
        },
        "client": {
            "in_working_life_at_start": decision.in_working_life_at_start,
            "benefit_before": decision.benefit_before or None,
        },
        "events": [
            {
                "type": kind,
                "date": date,
                "topic": topic or None,
                "new_due": new_due,
                "reason": reason or None,
                "kela_agreed": agreed,
            }
            for kind, date, topic, new_due, reason, agreed in rows["events"]
        ],
        "days": [
            {
                "date": date,
                "hours": hours,
                "programme_hours": programme,
                "travel_hours": travel,
                "mode": mode,
                "flex": flex,
                "flex_reason": flex_reason or None,
                "worked": worked,
                "close_relative": relative,
            }
            for date, hours, programme, travel, mode, flex, flex_reason, worked, relative in rows[
                "days"
            ]
        ],
        "breaks": [
            {"from": start, "to": end, "reason": reason or None}
            for start, end, reason in rows["breaks"]
        ],
        "absences": [
            {"date": date, "reason": reason or None, "reported_to_kela": reported}
            for date, reason, reported in rows["absences"]
        ],
        "work": [{"from": start, "to": end, "kind": kind} for start, end, kind in rows["work"]],
    }


def decision_result(decision: Decision, *, as_of: dt.date | None = None) -> Result:
    """The rules core's answer for a stored decision: the one path from the database through the
    core. Raises CaseError for data the core cannot read (written around the services)."""
    evaluator = default_evaluator()
    return evaluator.evaluate(evaluator.read(case_data(decision, as_of=as_of or today())))


def decision_results(decisions: list[Decision], *, as_of: dt.date, allowance_days: bool = True):
    """``decision_result`` for many decisions (the daily refresh, a chunk at a time): their
    related rows are read with one query per table. Yields (decision, result), or
    (decision, CaseError) for data the core cannot read; ``allowance_days=False``: results
    without the allowance days."""
    evaluator = default_evaluator()
    rows = {decision.pk: {name: [] for name in CASE_ROWS} for decision in decisions}
    for name, fields in CASE_ROWS.items():
        model = Decision._meta.get_field(name).related_model
        # SQLite stores dates as ISO text: read them as text (the core reads ISO text, and the
        # date converter would cost a second a million rows). PostgreSQL's driver gives dates.
        texts = {
            f"{field}_text": Cast(field, CharField())
            for field in fields
            if connection.vendor == "sqlite"
            and model._meta.get_field(field).get_internal_type() == "DateField"
        }
        query = (
            model.objects.filter(decision_id__in=rows)
            .order_by("decision_id", *model._meta.ordering)
            .annotate(**texts)
            .values_list(
                "decision_id", *(f"{f}_text" if f"{f}_text" in texts else f for f in fields)
            )
        )
        for row in _driver_rows(query):
            rows[row[0]][name].append(row[1:])
    for decision in decisions:
        try:
            result = evaluator.evaluate(
                evaluator.read(case_data(decision, as_of=as_of, rows=rows[decision.pk])),
                allowance_days=allowance_days,
            )
        except CaseError as error:
            yield decision, error
        else:
            yield decision, result


def _driver_rows(query):
    """The rows of a values_list query as the database driver returns them, without the ORM's
    per-value converters (two thirds of the time of reading a million days): both drivers
    already give dates and booleans for these columns (sqlite3 by the declared column types
    Django registers converters for, psycopg natively). Tested on both in tests/cases."""
    try:
        sql = query.query.sql_with_params()
    except EmptyResultSet:  # e.g. no decisions at all (a group without members): no rows
        return
    with connection.cursor() as cursor:
        cursor.execute(*sql)
        while batch := cursor.fetchmany(10_000):
            yield from batch


# --- dashboard ---------------------------------------------------------------------------------


def dashboard_clients(
    user, *, service: str = "", coach: int | None = None, status: str = "", page: int = 1
):
    """Active clients with their current decision's status, most urgent first, one page.

    Urgency: an overdue deadline, then errors, then the nearest open deadline. A deadline that
    was open when last evaluated and is past due today counts as overdue (the daily refresh,
    `manage.py vahti_refresh`, recomputes the rest).
    """
    day = today()
    status_of = "current_decision__status__"
    clients = (
        clients_for(user)
        .filter(active=True)
        .select_related("site", "current_decision", "current_decision__status")
        .prefetch_related(Prefetch("coaches", queryset=User.objects.order_by("last_name")))
        .annotate(
            due_status=Case(
                When(
                    Q(**{f"{status_of}next_status": "open", f"{status_of}next_due__lt": day}),
                    then=Value("overdue"),
                ),
                default=F(f"{status_of}next_status"),
                output_field=CharField(),
            ),
            rank=Case(
                When(due_status="overdue", then=Value(0)),
                When(**{f"{status_of}error_count__gt": 0}, then=Value(1)),
                When(due_status="open", then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
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
    not_payable: dict[str, int] = {}
    for _day, why in shown.allowance.not_payable:
        not_payable[why] = not_payable.get(why, 0) + 1
    context.update(
        {
            "progress": default_evaluator().progress(result),
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
            "events": decision.events.all(),
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


# --- records -----------------------------------------------------------------------------------


def week_of(decision: Decision, monday: dt.date) -> tuple[list[Day], list[Absence]]:
    """The decision's days and absences in the week starting on ``monday``."""
    sunday = monday + dt.timedelta(days=DAYS_IN_WEEK - 1)
    return (
        list(decision.days.filter(date__range=(monday, sunday))),
        list(decision.absences.filter(date__range=(monday, sunday))),
    )


# --- the week of all one's clients ---------------------------------------------------------------

WEEKDAYS = 5  # the grid shows Monday–Friday; weekend entries are kept as they are


def cell_state(day: Day | None, absence: Absence | None) -> str:
    """What a grid cell shows for a stored day or absence (forms.CELL_STATES)."""
    if day is not None:
        return "flex_day" if day.hours == 0 else "day"
    if absence is not None:
        return "sick" if absence.reason == "sick" else "absent"
    return ""


@dataclass
class GridCell:
    date: dt.date
    state: str = ""
    hours: float | None = None
    reason: str = ""
    planned: bool = False  # after today: planned, not yet realised
    open: bool = True  # False before the decision arrived: nothing to record


@dataclass
class GridRow:
    decision: Decision
    client: Client
    version: int
    cells: list
    weekend: int = 0  # weekend entries, kept as they are
    problems: list = field(default_factory=list)  # a refused save's messages for the row


GRID_PAGE = 40  # clients per week screen: a coach's caseload fits one page


def week_grid(
    user,
    monday: dt.date,
    *,
    copy_from: dt.date | None = None,
    day: dt.date | None = None,
    coach: int | None = None,
    page: int = 1,
):
    """One row per active client of the user with a current decision (``coach``: only theirs),
    a cell per weekday of the week, GRID_PAGE clients a page. ``copy_from``: the Monday of a
    week whose entries fill the empty cells (not saved until the user saves). Returns the rows
    and the page; four queries whatever the number of clients."""
    day = day or today()
    clients = (
        clients_for(user)
        .filter(active=True, current_decision__isnull=False)
        .select_related("current_decision")
        .order_by("last_name", "first_name", "pk")
    )
    if coach:
        clients = clients.filter(coaches__id=coach)
    shown = Paginator(clients, GRID_PAGE).get_page(page)
    clients = list(shown.object_list)
    decisions = [client.current_decision for client in clients]
    sunday = monday + dt.timedelta(days=DAYS_IN_WEEK - 1)
    start = min(monday, copy_from) if copy_from else monday
    end = max(sunday, copy_from + dt.timedelta(days=DAYS_IN_WEEK - 1)) if copy_from else sunday
    days, absences = {}, {}
    for row in Day.objects.filter(decision__in=decisions, date__range=(start, end)):
        days[row.decision_id, row.date] = row
    for row in Absence.objects.filter(decision__in=decisions, date__range=(start, end)):
        absences[row.decision_id, row.date] = row
    rows = []
    for client, decision in zip(clients, decisions, strict=True):
        cells = []
        for offset in range(WEEKDAYS):
            date = monday + dt.timedelta(days=offset)
            key = (decision.pk, date)
            stored, absent = days.get(key), absences.get(key)
            if copy_from and stored is None and absent is None:
                source = (decision.pk, copy_from + dt.timedelta(days=offset))
                stored, absent = days.get(source), absences.get(source)
            cells.append(
                GridCell(
                    date=date,
                    state=cell_state(stored, absent),
                    hours=stored.hours if stored and stored.hours else None,
                    reason=stored.flex_reason if stored else "",
                    planned=date > day,
                    open=date >= decision.received_on,
                )
            )
        weekend = sum(
            1
            for offset in (5, 6)
            if (decision.pk, monday + dt.timedelta(days=offset)) in days
            or (decision.pk, monday + dt.timedelta(days=offset)) in absences
        )
        rows.append(
            GridRow(
                decision=decision,
                client=client,
                version=decision.recorded_version,
                cells=cells,
                weekend=weekend,
            )
        )
    return rows, shown


RECORD_MODELS = {"break": Break, "event": Event, "work": WorkPeriod}


def records_of(decision: Decision) -> dict[str, list]:
    """The decision's events, breaks and work periods, by kind."""
    return {
        "event": list(decision.events.all()),
        "break": list(decision.breaks.all()),
        "work": list(decision.work.all()),
    }


def record_of(decision: Decision, kind: str, record_id: int):
    """One event, break or work period of the decision, or None."""
    model = RECORD_MODELS.get(kind)
    return None if model is None else model.objects.filter(decision=decision, pk=record_id).first()


def recorded_version(decision: Decision) -> int:
    """The version of the decision's recorded data now (forms post it back: services.StaleWrite)."""
    return Decision.objects.values_list("recorded_version", flat=True).get(pk=decision.pk)


# --- certificates ------------------------------------------------------------------------------


def certificates_of(decision: Decision):
    """The issued versions, newest first, without their PDFs."""
    return decision.certificates.select_related("issued_by").defer("pdf", "facts")


def certificate_of(decision: Decision, version: int) -> Certificate | None:
    return decision.certificates.filter(version=version).first()


def certificate_facts(decision: Decision, result: Result, *, issued_on: dt.date) -> dict:
    """What a participation certificate issued on ``issued_on`` states (in Finnish)."""
    case = result.case
    client, organisation = decision.client, decision.client.organisation
    end = case.first_event("end")
    days = case.days
    with translation.override("fi"):
        labels = {
            **{f"break:{k}": str(v) for k, v in BREAK_LABELS.items()},
            **{f"absence:{k}": str(v) for k, v in ABSENCE_LABELS.items()},
        }
    return {
        "issued_on": issued_on.isoformat(),
        "client": {
            "name": f"{client.first_name} {client.last_name}",
            "identity_code": client.identity_code,
        },
        "issuer": {
            "name": organisation.name,
            "business_id": organisation.business_id,
            "address": organisation.address,
            "phone": organisation.phone,
            "email": organisation.email,
        },
        "purpose": "kuntoutusraha",
        "service": decision.service,
        "service_name": service_name(decision.service, "fi"),
        "decided_on": decision.decided_on.isoformat(),
        "sequence": decision.sequence,
        "start": days[0].date.isoformat() if days else None,
        "end": end.date.isoformat() if end else None,
        "realised_days": [d.date.isoformat() for d in days if d.date <= issued_on and d.hours != 0],
        "planned_days": [d.date.isoformat() for d in days if d.date > issued_on and d.hours != 0],
        "breaks": [
            {
                "from": b.start.isoformat(),
                "to": b.end.isoformat(),
                "reason_code": b.reason,
                "reason": labels.get(f"break:{b.reason}", ""),
            }
            for b in case.breaks
        ],
        "absences": [
            {
                "date": a.date.isoformat(),
                "reason_code": a.reason,
                "reason": labels.get(f"absence:{a.reason}", ""),
            }
            for a in case.absences
        ],
        "flex": [
            {"date": d.date.isoformat(), "hours": d.hours, "justification": d.flex_reason or ""}
            for d in days
            if d.flex
        ],
    }


def stated_key(facts: dict) -> dict:
    """The facts a change of which calls for a new certificate: not the issue date or version,
    and not whether a day was still planned when issued (it was stated as planned)."""
    key = {
        k: v
        for k, v in facts.items()
        if k not in ("issued_on", "version", "realised_days", "planned_days")
    }
    key["days"] = sorted(facts["realised_days"] + facts["planned_days"])
    return key


def facts_hash(facts: dict) -> str:
    return hashlib.sha256(json.dumps(stated_key(facts), sort_keys=True).encode()).hexdigest()


def certificate_stale(
    decision: Decision, result: Result, *, latest: tuple[dt.date, str] | None = None
) -> bool:
    """Whether the latest issued certificate states facts that have changed since. ``latest``:
    its (issued_on, facts_hash) when the caller read them in bulk (``latest_certificates``)."""
    if latest is None:
        found = decision.certificates.order_by("-version").values_list("issued_on", "facts_hash")
        latest = found.first()
        if latest is None:
            return False
    issued_on, stated = latest
    return facts_hash(certificate_facts(decision, result, issued_on=issued_on)) != stated


def _keyed(items: list[dict], key: str) -> dict[str, dict]:
    return {item[key]: item for item in items}


def _break_span(item: dict) -> str:
    start, end = item["from"], item.get("to")
    return f"{fi_date(start)}–{fi_date(end) if end else ''}"


def certificate_changes(stated: dict, now: dict) -> list[str]:
    """What changed between an issued certificate's facts and today's, in words ("päivät:
    lisätty 3.12.2026; poistettu 1.12.2026"): certificate.reissue tells Kela without delay, so
    the coach must see what to tell."""
    old, new = stated_key(stated), stated_key(now)
    changes = []

    def compare(label, before: dict, after: dict, show) -> None:
        """``before``/``after``: items by what makes them one (a date) → all they state."""
        groups = (
            (_("added %(items)s"), [k for k in after if k not in before], after),
            (_("removed %(items)s"), [k for k in before if k not in after], before),
            (
                _("changed %(items)s"),
                [k for k in after if k in before and after[k] != before[k]],
                after,
            ),
        )
        parts = [text % {"items": show(keys, items)} for text, keys, items in groups if keys]
        if parts:
            changes.append(f"{label}: {'; '.join(parts)}")

    def dates(keys, _items):
        return day_ranges(keys)

    def spans(keys, items):
        return ", ".join(_break_span(items[key]) for key in sorted(keys))

    compare(_("days"), dict.fromkeys(old["days"]), dict.fromkeys(new["days"]), dates)
    compare(_("breaks"), _keyed(old["breaks"], "from"), _keyed(new["breaks"], "from"), spans)
    compare(_("absences"), _keyed(old["absences"], "date"), _keyed(new["absences"], "date"), dates)
    compare(_("flex days"), _keyed(old["flex"], "date"), _keyed(new["flex"], "date"), dates)
    for key, label in (("start", _("start date")), ("end", _("end date"))):
        if old.get(key) != new.get(key):
            changes.append(f"{label}: {fi_date(old.get(key))} → {fi_date(new.get(key))}")
    if old["client"] != new["client"]:
        changes.append(str(_("the client's name or henkilötunnus")))
    if old["issuer"] != new["issuer"]:
        changes.append(str(_("the provider's details")))
    if any(old.get(k) != new.get(k) for k in ("service", "decided_on", "sequence")):
        changes.append(str(_("the decision")))
    return changes


def latest_certificates(decision_ids) -> dict[int, tuple[dt.date, str]]:
    """Each decision's latest certificate as (issued_on, facts_hash); decisions without one are
    not in the mapping."""
    latest = {}
    for decision_id, issued_on, stated in (
        Certificate.objects.filter(decision_id__in=decision_ids)
        .order_by("decision_id", "version")
        .values_list("decision_id", "issued_on", "facts_hash")
    ):
        latest[decision_id] = (issued_on, stated)
    return latest
