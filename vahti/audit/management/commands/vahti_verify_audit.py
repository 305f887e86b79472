"""`manage.py vahti_verify_audit`: check the access log's hash chain (exit 1 on any break)."""

from django.core.management.base import BaseCommand, CommandError

from vahti.audit.models import AccessRecord
from vahti.audit.selectors import chain_problems


class Command(BaseCommand):
    help = "Verify that no access-log row has been removed or changed."

    def handle(self, *args, **options):
        problems = chain_problems()
        if problems:
            raise CommandError("The access log is broken:\n" + "\n".join(problems))
        self.stdout.write(f"The access log is whole: {AccessRecord.objects.count()} rows.")
