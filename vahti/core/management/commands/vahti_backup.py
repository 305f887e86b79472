"""`manage.py vahti_backup FILE`: the whole database as one encrypted archive
(vahti.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vahti.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write an encrypted backup of the whole database (VAHTI_BACKUP_KEY)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            size = backup_write(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written: {file} ({size / 1e6:.1f} MB, encrypted).")
