"""`manage.py vahti_remind` (also `vahti remind`): the daily e-mail digest, for cron."""

from django.conf import settings
from django.core.management.base import BaseCommand

from vahti.core.dates import today
from vahti.reminders.services import digests_send


class Command(BaseCommand):
    help = "E-mail each coach what is overdue and what is due soon."

    def handle(self, *args, **options):
        count = digests_send(today=today(), base_url=settings.BASE_URL)
        self.stdout.write(f"{count} reminders sent.")
