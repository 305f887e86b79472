"""A decision's recorded data: a week (or the week of many clients), breaks, events, work
periods, their removal and Vahti's own events corrected; the version check against lost
updates."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vahti.core.actors import delete_with_actor, save_with_actor
from vahti.core.dates import fi_date, fi_datetime, today
from vahti.organisations.models import User
from vahti.rules import case

from ..models import (
    SYSTEM_EVENTS,
    Absence,
    Break,
    Cancellation,
    Day,
    Decision,
    DecisionStatus,
    Event,
    WorkPeriod,
)
from .evaluation import decision_refresh
from .invoiced import invoiced_changes_checked

DAYS_IN_WEEK = 7


RECORDS_YEARS_BEFORE, RECORDS_YEARS_AFTER = 1, 5  # plausibility around the decision, not a rule


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


def decision_end(decision: Decision) -> dt.date | None:
    """The day the rehabilitation ended or was interrupted (its end event), if recorded."""
    return decision.events.filter(type="end").values_list("date", flat=True).first()


def _before_end(decision: Decision, dates: list[dt.date]) -> None:
    """No rehabilitation day after the last day: the end closed the case (an absence may still be
    recorded; it carries no rehabilitation)."""
    end = decision_end(decision)
    late = sorted(d for d in dates if end is not None and d > end)
    if late:
        raise ValidationError(
            _(
                "%(day)s is after the rehabilitation ended on %(end)s: no rehabilitation "
                "days are recorded after the last day."
            )
            % {"day": fi_date(late[0]), "end": fi_date(end)},
            code="after_end",
            params={"date": late[0].isoformat()},  # the week screen puts it on that day's row
        )


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
    invoiced_reason: str | None = "",
) -> None:
    """Replace the week's days and absences with ``entries`` (one per date, kind "day" or
    "absence"; dates without an entry are cleared). A change to an invoiced day needs
    ``invoiced_reason`` (services/invoiced.py)."""
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
    _before_end(decision, [e["date"] for e in entries if e["kind"] == "day"])
    recorded_change(actor=actor, decision=decision, expected_version=expected_version)
    old_days = list(decision.days.filter(date__range=(monday, sunday)))
    old_absences = list(decision.absences.filter(date__range=(monday, sunday)))
    before = {a.date: stored_entry(None, a) for a in old_absences}
    before.update({d.date: stored_entry(d, None) for d in old_days})
    invoiced_changes_checked(
        actor=actor,
        decision=decision,
        before=before,
        after={entry["date"]: entry for entry in entries},
        reason=invoiced_reason,
    )
    for old in [*old_days, *old_absences]:
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


DAY_FIELDS = case.DAY_FIELDS[1:]  # what is stored of a day besides its date
# What a new day is unless said otherwise (the week grid, an import, the API): on site, no flex.
NEW_DAY = {
    "programme_hours": None,
    "travel_hours": None,
    "mode": "onsite",
    "flex": False,
    "flex_reason": "",
    "worked": False,
    "close_relative": False,
}


def stored_entry(day: Day | None, absence: Absence | None) -> dict | None:
    """A stored day or absence as a week_save entry (what the week already holds)."""
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
        else {"kind": "day", "date": date, **NEW_DAY}
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


class GridSaved(NamedTuple):
    count: int  # clients whose week was saved
    # (client, new errors, new warnings) for each saved client whose findings grew
    new_findings: list[tuple]


def _counts(decision_ids) -> dict[int, tuple[int, int]]:
    return {
        pk: (errors, warnings)
        for pk, errors, warnings in DecisionStatus.objects.filter(
            decision_id__in=decision_ids
        ).values_list("decision_id", "error_count", "warning_count")
    }


@transaction.atomic
def week_grid_save(*, actor: User, monday: dt.date, rows: list[dict]) -> GridSaved:
    """Save the week of many clients at once (the week grid): each row is a decision, the
    version its page showed and its weekday cells {date: {state, hours, reason}}. What the grid
    does not show is kept; rows that fail are all reported and nothing is saved (one
    transaction). Returns how many clients were saved and whose errors or warnings grew."""
    sunday = monday + dt.timedelta(days=DAYS_IN_WEEK - 1)
    ids = [row["decision"].pk for row in rows]
    before = _counts(ids)
    errors = {}
    for row in rows:
        decision = row["decision"]
        stored = {}
        for day in decision.days.filter(date__range=(monday, sunday)):
            stored[day.date] = stored_entry(day, None)
        for absence in decision.absences.filter(date__range=(monday, sunday)):
            stored.setdefault(absence.date, stored_entry(None, absence))
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
                    invoiced_reason=None,  # the grid asks none: an invoiced day is refused
                )
        except ValidationError as error:
            errors[decision.pk] = error.messages
    if errors:
        raise ValidationError({f"row-{pk}": messages for pk, messages in errors.items()})
    after = _counts(ids)
    grown = []
    for row in rows:
        pk = row["decision"].pk
        (errors_before, warnings_before), (errors_now, warnings_now) = (
            before.get(pk, (0, 0)),
            after.get(pk, (0, 0)),
        )
        if errors_now > errors_before or warnings_now > warnings_before:
            grown.append(
                (
                    row["decision"].client,
                    max(0, errors_now - errors_before),
                    max(0, warnings_now - warnings_before),
                )
            )
    return GridSaved(len(rows), grown)


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
    _before_end(decision, dates)
    recorded_change(actor=actor, decision=decision)
    days = {day.date: day for day in decision.days.filter(date__in=dates)}
    absent = set(decision.absences.filter(date__in=dates).values_list("date", flat=True))
    invoiced_changes_checked(  # a group day on an invoiced day is changed on the week page
        actor=actor,
        decision=decision,
        before={d: stored_entry(day, None) for d, day in days.items()},
        after={d: {**stored_entry(day, None), "mode": "group"} for d, day in days.items()},
        reason=None,
    )
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
def cancellation_add(
    *,
    actor: User,
    decision: Decision,
    booked_on: dt.date,
    told_on: dt.date,
    cancelled_on: dt.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Cancellation:
    """A booked time the client cancelled (``cancelled_on``) or did not come to (None): what
    billing.cancellation judges. Refused on its field when the dates cannot be so."""
    _near_decision(decision, booked_on=booked_on, told_on=told_on, cancelled_on=cancelled_on)
    errors = {}
    if told_on > booked_on:
        errors["told_on"] = _("The client is told a time before it comes (%(day)s).") % {
            "day": fi_date(booked_on)
        }
    elif cancelled_on is not None and not told_on <= cancelled_on <= booked_on:
        errors["cancelled_on"] = _(
            "A cancellation comes between being told the time (%(told)s) and the time "
            "(%(day)s); leave it empty if the client did not come."
        ) % {"told": fi_date(told_on), "day": fi_date(booked_on)}
    elif cancelled_on is not None and cancelled_on > today():
        errors["cancelled_on"] = _("A cancellation cannot be in the future.")
    if decision.days.filter(date=booked_on).exists():
        errors["booked_on"] = _(
            "A rehabilitation day is recorded on %(day)s: a cancelled time has none."
        ) % {"day": fi_date(booked_on)}
    elif decision.cancellations.filter(booked_on=booked_on).exists():
        errors["booked_on"] = _("A cancellation of %(day)s is already recorded.") % {
            "day": fi_date(booked_on)
        }
    if errors:
        raise ValidationError(errors)
    recorded_change(actor=actor, decision=decision, expected_version=expected_version)
    return save_with_actor(
        Cancellation(
            decision=decision,
            booked_on=booked_on,
            told_on=told_on,
            cancelled_on=cancelled_on,
            note=note,
        ),
        actor,
    )


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
    if isinstance(record, Cancellation):
        invoiced = decision.invoiced_days.filter(date=record.booked_on).first()
        if invoiced is not None:
            raise ValidationError(
                _(
                    "The cancelled time of %(day)s is invoiced (invoice %(invoice)s): it is "
                    "not removed. If Kela rejects the invoice, its days are unlocked."
                )
                % {"day": fi_date(record.booked_on), "invoice": invoiced.invoice}
            )
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
