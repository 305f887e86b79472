"""`manage.py vahti_audit_install`, as the owner role on PostgreSQL: renew the append-only
trigger on every guarded table (new history tables included) and the retention prune function
(after VAHTI_ACCESS_LOG_RETENTION_DAYS changes). `vahti_verify_audit` says when it is needed."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from vahti.audit import database


class Command(BaseCommand):
    help = "Install the access log's and the history's guards in PostgreSQL (owner role)."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write(
                "SQLite has no roles: the keyed chains and the recorded head "
                "guard the log (vahti_verify_audit)."
            )
            return
        with transaction.atomic():
            added = database.install(connection)
        self.stdout.write(
            f"Guards renewed; the trigger added to {len(added)} tables"
            + (f": {', '.join(added)}." if added else ".")
        )
