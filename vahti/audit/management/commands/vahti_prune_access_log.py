"""`manage.py vahti_prune_access_log`: remove access-log rows older than the retention setting
(VAHTI_ACCESS_LOG_RETENTION_DAYS), keeping the chain verifiable from a recorded checkpoint."""

from django.conf import settings
from django.core.management.base import BaseCommand

from vahti.audit.services import access_log_prune


class Command(BaseCommand):
    help = "Remove access-log rows older than the retention period."

    def handle(self, *args, **options):
        prune = access_log_prune()
        if prune is None:
            self.stdout.write(f"Nothing older than {settings.ACCESS_LOG_RETENTION_DAYS} days.")
        else:
            self.stdout.write(f"Removed {prune.rows} rows (through row {prune.through_sequence}).")
