"""`manage.py vahti_verify_audit`: check the hash chains of the access log and of the change
history (exit 1 on any break, naming the rows)."""

from django.core.management.base import BaseCommand, CommandError

from vahti.audit.models import AccessRecord, HistorySeal
from vahti.audit.selectors import chain_problems, history_problems


class Command(BaseCommand):
    help = "Verify that no access-log row has been removed or changed."

    def handle(self, *args, **options):
        problems = chain_problems()
        history = history_problems()
        if problems or history:
            raise CommandError("\n".join(
                (["The access log is broken:", *problems] if problems else [])
                + (["The change history is broken:", *history] if history else [])))
        self.stdout.write(f"The access log is whole: {AccessRecord.objects.count()} rows. "
                          f"The change history is whole: {HistorySeal.objects.count()} sealed rows.")
