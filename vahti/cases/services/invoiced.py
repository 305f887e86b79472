"""Invoiced days: a day on an invoice to Kela is locked (billing.correction). Invoicing (a part
above this one) locks the days of the invoices it makes and releases them when it credits an
invoice or Kela rejects one; a change to a locked day asks for a reason, which stays with the
day until the next billing run credits its row and bills the day as it now stands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vahti.core.actors import save_with_actor
from vahti.core.dates import fi_date
from vahti.organisations.models import User

from ..models import Decision, InvoicedDay

MIN_REASON = 10  # characters, as for any correction: a reason someone can later understand


def _billed_as(entry: dict | None) -> tuple | None:
    """What of a recorded entry an invoice rests on (a note is not), with the defaults a
    stored day has, so that an entry that leaves a field out is not a change."""
    if entry is None:
        return None
    return (
        entry.get("kind", "day"),
        entry.get("hours"),
        entry.get("programme_hours"),
        entry.get("travel_hours"),
        entry.get("mode") or "onsite",
        bool(entry.get("flex")),
        bool(entry.get("worked")),
        entry.get("reason") or "",
    )


def invoiced_changes_checked(
    *,
    actor: User | None,
    decision: Decision,
    before: dict[dt.date, dict],
    after: dict[dt.date, dict],
    reason: str | None = "",
) -> None:
    """Refuse, naming the day and its invoice, a change to an invoiced day without a reason;
    with one, keep the reason with the day for the next run's credit note. ``before``/``after``:
    the recorded entries by date (a day or an absence), as stored and as they would be.
    ``reason`` None: the screen asks no reason (the week grid), so it says where to go."""
    locked = {
        lock.date: lock for lock in decision.invoiced_days.filter(date__in=set(before) | set(after))
    }
    changed = sorted(
        date
        for date, lock in locked.items()
        if _billed_as(before.get(date)) != _billed_as(after.get(date))
    )
    if not changed:
        return
    first = locked[changed[0]]
    where = {"day": fi_date(first.date), "invoice": first.invoice, "count": MIN_REASON}
    if reason is None:
        raise ValidationError(
            _(
                "%(day)s is invoiced (invoice %(invoice)s): change it on the client's own week "
                "page, which asks why."
            )
            % where,
            code="invoiced",
            params={"date": first.date.isoformat()},
        )
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            _(
                "%(day)s is invoiced (invoice %(invoice)s): say why it is changed (at least "
                "%(count)d characters). The next billing run credits the invoice's row and "
                "bills the day as it now stands."
            )
            % where,
            code="invoiced",
            params={"date": first.date.isoformat()},
        )
    for date in changed:
        lock = locked[date]
        if lock.changed_at is None:
            lock.changed_at, lock.changed_by = timezone.now(), actor
        lock.change_reason = reason[:500]
        save_with_actor(lock, actor)


@transaction.atomic
def days_invoice(
    *, actor: User, decision: Decision, invoice: str, days: dict[dt.date, Decimal]
) -> None:
    """Lock ``days`` (date → amount) as billed on ``invoice``; a day already locked is refused
    (a day is never billed twice)."""
    taken = sorted(decision.invoiced_days.filter(date__in=days).values_list("date", flat=True))
    if taken:
        raise ValidationError(
            _("%(day)s is already invoiced.") % {"day": fi_date(taken[0])}, code="invoiced"
        )
    InvoicedDay.objects.bulk_create(
        InvoicedDay(decision=decision, date=date, invoice=invoice, amount=amount)
        for date, amount in sorted(days.items())
    )


@transaction.atomic
def invoiced_days_release(*, actor: User, decision: Decision, dates: list[dt.date]) -> None:
    """Unlock days whose invoice row was credited or whose invoice Kela rejected: they can be
    billed again as they now stand."""
    decision.invoiced_days.filter(date__in=dates).delete()
