"""Writes of cases: every change to a client, a decision or its records goes through a service.

A service is atomic (all or nothing), records who made the change in the history
(django-simple-history), checks the whole case with the rules core before committing (a day
inside a break, an event in the future… are refused with the core's message), and refreshes
the decision's status for the dashboard.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vahti.core.actors import delete_with_actor, save_with_actor
from vahti.core.dates import fi_date, fi_datetime, language, today
from vahti.core.identity import identity_code_clean, identity_digest
from vahti.core.pdf import UnprintableText, unprintable
from vahti.organisations.models import Site, User
from vahti.rules.case import CaseError
from vahti.rules.evaluate import Result, default_evaluator
from vahti.rules.facts import unrecorded_weeks
from vahti.rules.results import ERROR, OPEN, OVERDUE, WARNING

from .documents import certificate_pdf
from .errors import case_error_shown
from .models import (
    SYSTEM_EVENTS,
    Absence,
    Break,
    Certificate,
    Client,
    Day,
    Decision,
    DecisionStatus,
    Event,
    QueueItem,
    WorkPeriod,
)
from .selectors import (
    STALE_RULE,
    case_data,
    certificate_facts,
    certificate_stale,
    decision_result,
    decision_results,
    facts_hash,
    latest_certificates,
)

DAYS_IN_WEEK = 7
RECORDS_YEARS_BEFORE, RECORDS_YEARS_AFTER = 1, 5  # plausibility around the decision, not a rule
WEEKS_LISTED = 8  # the latest weeks still to record that the work queue lists per client
CHUNK = 1000  # decisions read, evaluated and stored together by the daily refresh
CERTIFICATE_RULES = "certificate."


def _names_printable(**names: str) -> None:
    """A name the documents cannot show would vanish from the certificate Kela pays by. DVV's
    register (and so Kela's decision) writes names in Latin letters: ask for that spelling."""
    errors = {
        field: _(
            "The name has characters that certificates cannot show (%(chars)s). "
            "Write it in Latin letters, as in the population register and Kela's "
            "decision."
        )
        % {"chars": " ".join(missing)}
        for field, value in names.items()
        if (missing := unprintable(value))
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def client_create(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    identity_code: str,
    site: Site | None = None,
    coaches=(),
    county: str = "",
) -> Client:
    _names_printable(first_name=first_name, last_name=last_name)
    code = identity_code_clean(identity_code)
    digest = identity_digest(code)
    if Client.objects.filter(organisation=actor.organisation, identity_digest=digest).exists():
        raise ValidationError(
            {"identity_code": _("A client with this henkilötunnus already exists.")}
        )
    client = save_with_actor(
        Client(
            organisation=actor.organisation,
            site=site,
            county=county,
            first_name=first_name,
            last_name=last_name,
            identity_code=code,
            identity_digest=digest,
        ),
        actor,
    )
    client.coaches.set(coaches or [actor])
    return client


@transaction.atomic
def client_admit(*, actor: User, client: dict, decision: dict) -> Client:
    """A new client with their first decision, both or neither."""
    new = client_create(actor=actor, **client)
    decision_create(actor=actor, client=new, **decision)
    return new


@transaction.atomic
def client_update(*, actor: User, client: Client, **fields) -> Client:
    coaches = fields.pop("coaches", None)
    _names_printable(**{k: v for k, v in fields.items() if k in ("first_name", "last_name")})
    for name, value in fields.items():
        setattr(client, name, value)
    save_with_actor(client, actor)
    if coaches is not None:
        client.coaches.set(coaches)
    return client


@transaction.atomic
def decision_create(*, actor: User, client: Client, **fields) -> Decision:
    decision = save_with_actor(Decision(client=client, **fields), actor)
    # A derived pointer, not a change to the client: no history row for it.
    Client.objects.filter(pk=client.pk).update(current_decision=decision)
    client.current_decision = decision
    decision_refresh(decision=decision)
    return decision


@transaction.atomic
def decision_continue(*, actor: User, client: Client, **fields) -> Decision:
    """A continuation decision (jatkopäätös) for the same client: the next sequence number, and
    it becomes the current decision. The earlier decisions and everything recorded under them
    are kept (shown on the client page); their items leave the work queue."""
    earlier = client.decisions.aggregate(Max("sequence"))["sequence__max"] or 0
    if fields.get("sequence", 0) <= earlier:
        raise ValidationError(
            {
                "sequence": _(
                    "A continuation decision's number follows the earlier ones: at least %(next)s."
                )
                % {"next": earlier + 1}
            }
        )
    previous = client.current_decision
    decision = decision_create(actor=actor, client=client, **fields)
    if previous is not None:
        QueueItem.objects.filter(decision=previous).delete()
    return decision


@transaction.atomic
def rehabilitation_end(
    *,
    actor: User,
    decision: Decision,
    date: dt.date,
    reason: str,
    interrupted: bool,
    expected_version: int | None = None,
) -> Event:
    """Record the rehabilitation's end (an end event; interrupted: with its reason, which the
    notice to Kela repeats). The end starts the feedback deadline."""
    if decision.events.filter(type="end").exists():
        raise ValidationError(_("The end is already recorded (events)."))
    reason = reason.strip()
    if interrupted:
        reason = _("interrupted: %(reason)s") % {"reason": reason}
    return event_add(
        actor=actor,
        decision=decision,
        type="end",
        date=date,
        reason=reason,
        expected_version=expected_version,
    )


@transaction.atomic
def client_archive(*, actor: User, client: Client, active: bool = False) -> Client:
    """Archive a client (no longer in the work queue, the caseload or the week; everything kept
    and readable), or bring them back (``active=True``)."""
    client.active = active
    return save_with_actor(client, actor)


@transaction.atomic
def decision_update(*, actor: User, decision: Decision, **fields) -> Decision:
    for name, value in fields.items():
        setattr(decision, name, value)
    save_with_actor(decision, actor)
    decision_refresh(decision=decision)
    return decision


def _near_decision(decision: Decision, **dates: dt.date | None) -> None:
    """Records belong near their decision: from a year before it to five years after (more is
    a typing slip, and a break from year 2000 would make every page of the client crawl)."""
    low = decision.decided_on - relativedelta(years=RECORDS_YEARS_BEFORE)
    high = decision.decided_on + relativedelta(years=RECORDS_YEARS_AFTER)
    errors = {
        name: _(
            "%(date)s is too far from the decision of %(decided)s: records go between "
            "%(low)s and %(high)s."
        )
        % {
            "date": fi_date(day),
            "decided": fi_date(decision.decided_on),
            "low": fi_date(low),
            "high": fi_date(high),
        }
        for name, day in dates.items()
        if day is not None and not low <= day <= high
    }
    if errors:
        raise ValidationError(errors)


class StaleWrite(ValidationError):
    """The recorded data changed after the page was shown: saving would overwrite it."""


def recorded_change(
    *, actor: User | None, decision: Decision, expected_version: int | None = None
) -> None:
    """Take the decision's write lock and move its recorded-data version on. With
    ``expected_version`` (the version the page showed), refuse when someone saved in between,
    naming who and when, instead of silently overwriting their save. Called first in every
    write of recorded data, inside its transaction."""
    # select_for_update locks the row on PostgreSQL; SQLite's IMMEDIATE transactions already
    # hold the write lock, so two saves never read the same version.
    current = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("recorded_by")
        .only(
            "recorded_version",
            "recorded_at",
            "recorded_by__first_name",
            "recorded_by__last_name",
            "recorded_by__username",
        )
        .get(pk=decision.pk)
    )
    if expected_version is not None and expected_version != current.recorded_version:
        who = current.recorded_by
        raise StaleWrite(
            _(
                "%(who)s changed this client's records on %(when)s, after you opened the page. "
                "Your changes were not saved. Open the page again to see theirs, or save again to "
                "replace them with yours."
            )
            % {
                "who": (who.get_full_name() or who.username) if who else _("Someone"),
                "when": fi_datetime(current.recorded_at),
            },
            code="stale",
        )
    Decision.objects.filter(pk=decision.pk).update(
        recorded_version=current.recorded_version + 1, recorded_by=actor, recorded_at=timezone.now()
    )


@transaction.atomic
def week_save(
    *,
    actor: User,
    decision: Decision,
    monday: dt.date,
    entries: list[dict],
    expected_version: int | None = None,
) -> None:
    """Replace the week's days and absences with ``entries`` (one per date, kind "day" or
    "absence"; dates without an entry are cleared)."""
    sunday = monday + dt.timedelta(days=DAYS_IN_WEEK - 1)
    _near_decision(decision, week=monday)
    early = sorted(e["date"] for e in entries if e["date"] < decision.received_on)
    if early:  # nothing happens under a decision before the provider has it
        raise ValidationError(
            _(
                "%(date)s is before the decision arrived (%(received)s): "
                "record days from that date on."
            )
            % {"date": fi_date(early[0]), "received": fi_date(decision.received_on)}
        )
    recorded_change(actor=actor, decision=decision, expected_version=expected_version)
    for old in [
        *decision.days.filter(date__range=(monday, sunday)),
        *decision.absences.filter(date__range=(monday, sunday)),
    ]:
        delete_with_actor(old, actor)
    for entry in entries:
        entry = dict(entry)
        kind = entry.pop("kind")
        if not monday <= entry["date"] <= sunday:
            raise ValidationError(
                _("%(date)s is not in the week of %(monday)s.")
                % {"date": entry["date"], "monday": monday}
            )
        model = Day if kind == "day" else Absence
        save_with_actor(model(decision=decision, **entry), actor)
    decision_refresh(decision=decision)


DAY_FIELDS = (
    "hours",
    "programme_hours",
    "travel_hours",
    "mode",
    "flex",
    "flex_reason",
    "worked",
    "close_relative",
)


def _stored_entry(day: Day | None, absence: Absence | None) -> dict | None:
    if day is not None:
        return {"kind": "day", "date": day.date, **{f: getattr(day, f) for f in DAY_FIELDS}}
    if absence is not None:
        return {
            "kind": "absence",
            "date": absence.date,
            "reason": absence.reason,
            "reported_to_kela": absence.reported_to_kela,
        }
    return None


def _cell_entry(date: dt.date, cell: dict, stored: dict | None) -> dict | None:
    """A grid cell (state, hours, reason) as a week_save entry, keeping what the grid does not
    show (mode, programme and travel hours, reported to Kela) from the stored entry."""
    state = cell["state"]
    if state in ("sick", "absent"):
        reported = stored.get("reported_to_kela", False) if stored else False
        return {
            "kind": "absence",
            "date": date,
            "reason": "sick" if state == "sick" else "other",
            "reported_to_kela": reported,
        }
    if state not in ("day", "flex_day"):
        return None
    entry = (
        {**stored}
        if stored and stored["kind"] == "day"
        else {
            "kind": "day",
            "date": date,
            "programme_hours": None,
            "travel_hours": None,
            "mode": "onsite",
            "flex": False,
            "flex_reason": "",
            "worked": False,
            "close_relative": False,
        }
    )
    if state == "flex_day":
        entry.update(hours=0, programme_hours=0, flex=True, flex_reason=cell["reason"])
    else:
        if entry.get("hours") == 0:  # a flex day becomes a rehabilitation day
            entry.update(flex=False, flex_reason="", programme_hours=None)
        entry["hours"] = cell["hours"]
        if entry.get("programme_hours") and entry["programme_hours"] > cell["hours"]:
            entry["programme_hours"] = cell["hours"]
        if entry["flex"]:
            entry["flex_reason"] = cell["reason"] or entry["flex_reason"]
    return entry


@transaction.atomic
def week_grid_save(*, actor: User, monday: dt.date, rows: list[dict]) -> int:
    """Save the week of many clients at once (the week grid): each row is a decision, the
    version its page showed and its weekday cells {date: {state, hours, reason}}. What the grid
    does not show is kept; rows that fail are all reported and nothing is saved (one
    transaction). Returns the number of clients saved."""
    sunday = monday + dt.timedelta(days=DAYS_IN_WEEK - 1)
    errors = {}
    for row in rows:
        decision = row["decision"]
        stored = {}
        for day in decision.days.filter(date__range=(monday, sunday)):
            stored[day.date] = _stored_entry(day, None)
        for absence in decision.absences.filter(date__range=(monday, sunday)):
            stored.setdefault(absence.date, _stored_entry(None, absence))
        entries = []
        for offset in range(DAYS_IN_WEEK):
            date = monday + dt.timedelta(days=offset)
            if date in row["cells"]:
                entry = _cell_entry(date, row["cells"][date], stored.get(date))
            else:
                entry = stored.get(date)
            if entry is not None:
                entries.append(entry)
        try:
            with transaction.atomic():
                week_save(
                    actor=actor,
                    decision=decision,
                    monday=monday,
                    entries=entries,
                    expected_version=row["version"],
                )
        except ValidationError as error:
            errors[decision.pk] = error.messages
    if errors:
        raise ValidationError({f"row-{pk}": messages for pk, messages in errors.items()})
    return len(rows)


@transaction.atomic
def group_days_record(
    *, actor: User, decision: Decision, dates: list[dt.date], hours: float
) -> int:
    """Record the group's days on ``dates`` for one member (groups.services records the whole
    group in one transaction): a day already recorded becomes a group day with its hours
    kept, an absence stays (the client was away), other dates get a group day of ``hours``.
    Returns the number of days recorded."""
    _near_decision(decision, start=min(dates), end=max(dates))
    early = sorted(d for d in dates if d < decision.received_on)
    if early:
        raise ValidationError(
            _(
                "%(date)s is before the decision arrived (%(received)s): "
                "record days from that date on."
            )
            % {"date": fi_date(early[0]), "received": fi_date(decision.received_on)}
        )
    recorded_change(actor=actor, decision=decision)
    days = {day.date: day for day in decision.days.filter(date__in=dates)}
    absent = set(decision.absences.filter(date__in=dates).values_list("date", flat=True))
    recorded = 0
    for date in sorted(set(dates) - absent):
        day = days.get(date) or Day(decision=decision, date=date, hours=hours)
        day.mode = "group"
        save_with_actor(day, actor)
        recorded += 1
    decision_refresh(decision=decision)
    return recorded


@transaction.atomic
def break_add(
    *,
    actor: User,
    decision: Decision,
    start: dt.date,
    end: dt.date | None,
    reason: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Break:
    _near_decision(decision, start=start, end=end)
    recorded_change(actor=actor, decision=decision, expected_version=expected_version)
    brk = save_with_actor(
        Break(decision=decision, start=start, end=end, reason=reason, note=note), actor
    )
    decision_refresh(decision=decision)
    return brk


@transaction.atomic
def event_add(
    *, actor: User, decision: Decision, expected_version: int | None = None, **fields
) -> Event:
    _near_decision(decision, date=fields.get("date"), new_due=fields.get("new_due"))
    recorded_change(actor=actor, decision=decision, expected_version=expected_version)
    event = save_with_actor(Event(decision=decision, **fields), actor)
    decision_refresh(decision=decision)
    return event


@transaction.atomic
def work_add(
    *, actor: User, decision: Decision, expected_version: int | None = None, **fields
) -> WorkPeriod:
    recorded_change(actor=actor, decision=decision, expected_version=expected_version)
    work = save_with_actor(WorkPeriod(decision=decision, **fields), actor)
    decision_refresh(decision=decision)
    return work


@transaction.atomic
def record_delete(*, actor: User, record, expected_version: int | None = None) -> None:
    """Delete an event, break or work period of a decision the caller may see. Events Vahti
    recorded itself (SYSTEM_EVENTS) are not removed: the certificate, feedback or notice behind
    them says they happened."""
    if isinstance(record, Event) and record.type in SYSTEM_EVENTS:
        raise ValidationError(
            _(
                "“%(event)s” was recorded by Vahti when it happened: it is "
                "reversed only by a correction with its reason."
            )
            % {"event": record.get_type_display()}
        )
    decision = record.decision
    recorded_change(actor=actor, decision=decision, expected_version=expected_version)
    delete_with_actor(record, actor)
    decision_refresh(decision=decision)


CORRECTABLE_EVENTS = frozenset({"certificate_issued", "kela_notified"})
MIN_CORRECTION_REASON = 10  # characters: a reason someone can later understand


def correction_reason(reason: str) -> str:
    """The history's reason for a correction ("Korjaus: …"); refused when too short to be
    understood later."""
    reason = reason.strip()
    if len(reason) < MIN_CORRECTION_REASON:
        raise ValidationError(
            {
                "reason": _("Say why it is corrected (at least %(count)d characters).")
                % {"count": MIN_CORRECTION_REASON}
            }
        )
    return _("Correction: %(reason)s") % {"reason": reason}


@transaction.atomic
def event_correct(
    *,
    actor: User,
    event: Event,
    reason: str,
    expected_version: int | None = None,
    types: frozenset[str] = CORRECTABLE_EVENTS,
) -> None:
    """Reverse an event Vahti recorded (a certificate issued or Kela notified by mistake): the
    event goes, and the change history keeps who reversed it, when and why. Feedback sent is
    reversed by the feedback's own service (``types``), which also clears its sent date."""
    if event.type not in types:
        raise ValidationError(_("This event cannot be corrected here."))
    change_reason = correction_reason(reason)
    decision = event.decision
    recorded_change(actor=actor, decision=decision, expected_version=expected_version)
    event._change_reason = change_reason
    delete_with_actor(event, actor)
    decision_refresh(decision=decision)


def _checked_result(decision: Decision) -> Result:
    """The decision's evaluation today; data the core refuses is a ValidationError (the caller's
    transaction rolls back), in the user's language."""
    try:
        return decision_result(decision)
    except CaseError as error:
        raise case_error_shown(error, case_data(decision, as_of=today())) from None


def decision_refresh(*, decision: Decision) -> DecisionStatus:
    """Check the case with the rules core (refused: ValidationError) and store its status."""
    return decision_status_store(decision=decision, result=_checked_result(decision), day=today())


@transaction.atomic
def certificate_issue(*, actor: User, decision: Decision) -> Certificate:
    """Issue a participation certificate: refused while the case has certificate.* errors (they
    would make it unclear and delay the allowance); stores the facts, the PDF and their hashes,
    and records a certificate_issued event. The case is evaluated once, with the event."""
    day = today()
    recorded_change(actor=actor, decision=decision)
    save_with_actor(Event(decision=decision, type="certificate_issued", date=day), actor)
    result = _checked_result(decision)
    blocking = [
        f for f in result.findings if f.rule.startswith(CERTIFICATE_RULES) and f.severity == ERROR
    ]
    if blocking:  # raising rolls the event back
        catalogue, lang = default_evaluator().catalogue, language()
        raise ValidationError([catalogue.messages(f, lang) for f in blocking])
    version = (decision.certificates.aggregate(Max("version"))["version__max"] or 0) + 1
    facts = {**certificate_facts(decision, result, issued_on=day), "version": version}
    try:
        pdf = certificate_pdf(facts)
    except UnprintableText as error:
        raise ValidationError(
            _("It has characters that the certificate cannot show (%(chars)s): correct them first.")
            % {"chars": " ".join(error.characters)}
        ) from None
    certificate = Certificate.objects.create(
        decision=decision,
        version=version,
        issued_on=day,
        issued_by=actor,
        facts=facts,
        facts_hash=facts_hash(facts),
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    decision_status_store(decision=decision, result=result, day=day)
    return certificate


STATUS_FIELDS = (
    "evaluated_on",
    "next_rule",
    "next_due",
    "next_status",
    "error_count",
    "warning_count",
    "certificate_stale",
)


def _status_values(result: Result, day: dt.date, stale: bool) -> dict:
    pending = [d for d in result.deadlines if d.status in (OPEN, OVERDUE)]
    first = min(pending, key=lambda d: (d.due, d.rule), default=None)
    return {
        "evaluated_on": day,
        "next_rule": first.rule if first else "",
        "next_due": first.due if first else None,
        "next_status": first.status if first else "",
        "error_count": sum(1 for f in result.findings if f.severity == ERROR),
        "warning_count": sum(1 for f in result.findings if f.severity == WARNING),
        "certificate_stale": stale,
    }


def _queue_items(decision: Decision, result: Result, day: dt.date, stale: bool) -> list[QueueItem]:
    """What is left to do on the decision: pending deadlines, errors and warnings (each with the
    page where it is acted on, from the catalogue), a stale certificate, weeks to record."""
    catalogue = default_evaluator().catalogue
    items = [
        QueueItem(
            decision=decision,
            kind=QueueItem.DEADLINE,
            rule=d.rule,
            due=d.due,
            place=catalogue.rule(d.rule).done_in or "records",
        )
        for d in result.deadlines
        if d.status in (OPEN, OVERDUE)
    ]
    # One item per rule: twelve short days are one thing to look at, from the first of them.
    found: dict[tuple[str, str], QueueItem] = {}
    for f in result.findings:
        if f.severity not in (ERROR, WARNING):
            continue
        item = found.get((f.rule, f.severity))
        if item is None:
            found[f.rule, f.severity] = QueueItem(
                decision=decision,
                kind=QueueItem.FINDING,
                rule=f.rule,
                due=f.date,
                severity=f.severity,
                place=catalogue.rule(f.rule).done_in or "records",
            )
        else:
            item.count += 1
            item.due = min(item.due, f.date)
    items += found.values()
    if stale:
        items.append(
            QueueItem(
                decision=decision,
                kind=QueueItem.CERTIFICATE,
                rule=STALE_RULE,
                due=day,
                place="certificate",
            )
        )
    items += [
        QueueItem(decision=decision, kind=QueueItem.WEEK, due=monday, place="week")
        for monday in unrecorded_weeks(result.case, day)[-WEEKS_LISTED:]
    ]
    return items


def decision_status_store(*, decision: Decision, result: Result, day: dt.date) -> DecisionStatus:
    stale = certificate_stale(decision, result)
    status, _ = DecisionStatus.objects.update_or_create(
        decision=decision, defaults=_status_values(result, day, stale)
    )
    QueueItem.objects.filter(decision=decision).delete()
    QueueItem.objects.bulk_create(_queue_items(decision, result, day, stale))
    return status


def decision_statuses_refresh(*, day: dt.date | None = None, stale_only: bool = True) -> int:
    """Re-evaluate current decisions (daily: statuses depend on the date). Returns the count.
    Decisions are read, evaluated and their statuses written a chunk at a time, each chunk in
    one transaction with a few queries (benchmark: bench/refresh.py)."""
    day = day or today()
    decisions = Decision.objects.filter(
        client__active=True, client__current_decision=F("pk")
    ).order_by("pk")
    if stale_only:
        decisions = decisions.exclude(status__evaluated_on=day)
    count = 0
    pending = decisions.iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(pending, CHUNK)):
        # Data the core refuses (an event dated after today, written by hand) is skipped here
        # and shown on the client page.
        evaluated = [
            (decision, result)
            for decision, result in decision_results(chunk, as_of=day, allowance_days=False)
            if not isinstance(result, CaseError)
        ]
        count += _statuses_store(evaluated, day)
    return count


@transaction.atomic
def _statuses_store(evaluated: list[tuple[Decision, Result]], day: dt.date) -> int:
    """Write a chunk's statuses with one upsert (bulk_update's CASE per row was 3 s a chunk)."""
    ids = [decision.pk for decision, _ in evaluated]
    latest = latest_certificates(ids)
    # Only a certificate's facts need the client and organisation: read those in one query.
    clients = Client.objects.select_related("organisation").in_bulk(
        {decision.client_id for decision, _ in evaluated if decision.pk in latest}
    )
    statuses, items = [], []
    for decision, result in evaluated:
        stale = False
        if decision.pk in latest:
            decision.client = clients[decision.client_id]
            stale = certificate_stale(decision, result, latest=latest[decision.pk])
        statuses.append(DecisionStatus(decision=decision, **_status_values(result, day, stale)))
        items += _queue_items(decision, result, day, stale)
    DecisionStatus.objects.bulk_create(
        statuses,
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["decision"],
        update_fields=STATUS_FIELDS,
    )
    QueueItem.objects.filter(decision_id__in=ids).delete()
    QueueItem.objects.bulk_create(items, batch_size=CHUNK)
    return len(evaluated)
