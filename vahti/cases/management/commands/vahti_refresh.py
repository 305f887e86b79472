"""`manage.py vahti_refresh`: re-evaluate every active client's decision for today (daily cron):
statuses depend on the date, so yesterday's "open" may be today's "overdue". Then the counts
the daily run keeps (settings.DAILY_REFRESHES: the realised days not invoiced)."""

import gc

from django.core.management.base import BaseCommand

from vahti.cases.selectors import decisions_evaluated_on
from vahti.cases.services import decision_statuses_refresh
from vahti.core.dates import fi_date, today
from vahti.core.duties import daily_refreshes_run


class Command(BaseCommand):
    help = "Re-evaluate the current decisions whose status is not from today."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="also those evaluated today")

    def handle(self, *args, **options):
        # The batch allocates millions of short-lived, acyclic objects (days read and judged);
        # the cyclic collector's passes over them were a third of the run (bench/refresh.py).
        # Reference counting frees them; one collection at the end takes any cycles.
        gc.disable()
        try:
            count = decision_statuses_refresh(stale_only=not options["all"])
        finally:
            gc.enable()
            gc.collect()
        day = today()
        daily_refreshes_run(day)
        already = decisions_evaluated_on(day) - count
        self.stdout.write(
            f"Statuses are up to date for {fi_date(day)}: {count} decisions evaluated now"
            + (f", {already} already earlier today." if already else ".")
        )
