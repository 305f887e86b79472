"""Replaces django-simple-history's `clean_old_history`: Vahti's history is a record of care and
is never purged by the application (this app comes before simple_history in INSTALLED_APPS, so
this command is the one `manage.py` runs)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Refused: Vahti keeps its history."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")
        parser.add_argument("--days", type=int)
        parser.add_argument("--auto", action="store_true")

    def handle(self, *args, **options):
        raise CommandError("Vahti's history is never purged by the application.")
