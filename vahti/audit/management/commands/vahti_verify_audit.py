"""`manage.py vahti_verify_audit`: check the keyed chains of the access log and of the change
history, the prune checkpoints, the database's own guards (PostgreSQL), and the chains against
the head last recorded outside the database; then record today's head there. Exit 1 on any
break, naming the rows. Run it daily (docs/deploy.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vahti.audit.models import AccessRecord, HistorySeal
from vahti.audit.selectors import chain_problems, database_problems, head_problems, history_problems
from vahti.audit.services import heads_record


class Command(BaseCommand):
    help = "Verify that no access-log or history row has been removed or changed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--heads",
            type=Path,
            help="the file outside the database where the chains' heads are "
            "kept (default: VAHTI_AUDIT_HEADS)",
        )

    def handle(self, *args, heads=None, **options):
        path = heads or (Path(settings.AUDIT_HEADS_FILE) if settings.AUDIT_HEADS_FILE else None)
        if path is None:
            # Fails closed: without the head kept elsewhere, rows removed from the end of a
            # chain would pass unseen.
            raise CommandError(
                "VAHTI_AUDIT_HEADS is not set: give the file outside the "
                "database where the chains' heads are kept (docs/deploy.md), or "
                "--heads PATH."
            )
        sections = (
            ("The access log is broken:", chain_problems()),
            ("The change history is broken:", history_problems()),
            ("The database's guards are missing:", database_problems()),
            (f"The chains do not reach the head recorded in {path}:", head_problems(path)),
        )
        if any(problems for _title, problems in sections):
            raise CommandError(
                "\n".join(
                    line for title, problems in sections if problems for line in (title, *problems)
                )
            )
        head = heads_record(path=path)
        self.stdout.write(
            f"The access log is whole: {AccessRecord.objects.count()} rows. "
            f"The change history is whole: {HistorySeal.objects.count()} sealed "
            f"rows. Head recorded in {path}: access log "
            f"{(head['access_log'] or [0])[0]}, history {(head['history'] or [0])[0]}."
        )
