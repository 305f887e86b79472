"""`manage.py vahti_restore FILE`: bring a backup back into a new, migrated, empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vahti.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore an encrypted backup into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            backup_restore(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored from {file}."))
