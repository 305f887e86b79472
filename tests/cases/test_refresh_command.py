"""`manage.py vahti_refresh` (the daily cron, and `make run` after the demo) says what it did in
a way that never reads as "nothing happened" when everything was already up to date."""

import io

from django.core.management import call_command

from tests.factories import admit
from vahti.cases.models import DecisionStatus
from vahti.core.dates import fi_date, today


def test_the_refresh_says_how_many_were_evaluated_now_and_how_many_already_today(coach):
    for _ in range(3):
        admit(coach)  # each admission evaluates its decision today
    out = io.StringIO()
    call_command("vahti_refresh", stdout=out)
    assert out.getvalue().strip() == (
        f"Statuses are up to date for {fi_date(today())}: 0 decisions evaluated now, "
        "3 already earlier today."
    )
    DecisionStatus.objects.update(evaluated_on=today().replace(year=today().year - 1))
    out = io.StringIO()
    call_command("vahti_refresh", stdout=out)
    assert out.getvalue().strip() == (
        f"Statuses are up to date for {fi_date(today())}: 3 decisions evaluated now."
    )
