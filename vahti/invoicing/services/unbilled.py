"""The count behind the work queue's reminder of realised days not invoiced, kept as rows
(UnbilledSummary) so that a manager's page reads what it shows: counted for every organisation
by the daily run (settings.DAILY_REFRESHES) and for one right after its billing run or a
rejected invoice. A day recorded or linked to a contract during the day is counted the next
morning; such a day is at least a month old before the reminder concerns it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Min

from vahti.cases.models import Day
from vahti.cases.selectors import realised_uninvoiced

from ..models import UnbilledSummary
from ..selectors.runs import UNBILLED_AGE_DAYS, looked_back_to


@transaction.atomic
def unbilled_summaries_refresh(*, on: dt.date, organisation_id: int | None = None) -> int:
    """Count again, for one organisation or all, the realised days older than a month (from
    ``looked_back_to(on)``) on no invoice, per contract and service line. Returns the rows."""
    days = realised_uninvoiced(
        Day.objects.filter(
            decision__contract_link__isnull=False,
            date__lte=on - dt.timedelta(days=UNBILLED_AGE_DAYS),
            date__gte=looked_back_to(on),
        )
    )
    old = UnbilledSummary.objects.all()
    if organisation_id is not None:
        days = days.filter(decision__client__organisation_id=organisation_id)
        old = old.filter(organisation_id=organisation_id)
    groups = days.values(
        "decision__client__organisation_id",
        "decision__contract_link__contract",
        "decision__service",
    ).annotate(oldest=Min("date"), count=Count("pk"))
    rows = [
        UnbilledSummary(
            organisation_id=group["decision__client__organisation_id"],
            contract_id=group["decision__contract_link__contract"],
            service=group["decision__service"],
            oldest=group["oldest"],
            count=group["count"],
            counted_on=on,
        )
        for group in groups.order_by()
    ]
    old.delete()
    UnbilledSummary.objects.bulk_create(rows)
    return len(rows)
