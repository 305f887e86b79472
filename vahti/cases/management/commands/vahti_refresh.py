"""`manage.py vahti_refresh`: re-evaluate every active client's decision for today (daily cron):
statuses depend on the date, so yesterday's "open" may be today's "overdue"."""

from django.core.management.base import BaseCommand

from vahti.cases.services import decision_statuses_refresh


class Command(BaseCommand):
    help = "Re-evaluate the current decisions whose status is not from today."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="also those evaluated today")

    def handle(self, *args, **options):
        count = decision_statuses_refresh(stale_only=not options["all"])
        self.stdout.write(f"{count} decisions evaluated.")
