"""`manage.py vahti_organisation_create`: an operator makes a new organisation and its first
manager. The password is read from standard input (never from the command line, where other
users of the machine could see it); the manager sets up the second factor at first sign-in and
adds the rest of the staff in the application."""

import getpass
import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vahti.organisations.services import organisation_with_manager_create


class Command(BaseCommand):
    help = "Create an organisation and its first manager (password from standard input)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="the provider's name")
        parser.add_argument("--business-id", required=True, help="Y-tunnus")
        parser.add_argument("--username", required=True, help="the first manager's username")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        if sys.stdin.isatty():
            password = getpass.getpass("The manager's first password: ")
        else:
            password = sys.stdin.readline().rstrip("\n")
        try:
            manager = organisation_with_manager_create(
                name=options["name"],
                business_id=options["business_id"],
                username=options["username"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except ValidationError as error:
            problems = (
                "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
                if hasattr(error, "error_dict")
                else " ".join(error.messages)
            )
            raise CommandError(problems) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {manager.organisation.name} ({manager.organisation.business_id}) and its "
                f"manager {manager.username}. They sign in at {settings.BASE_URL}, set up the "
                "authenticator app at the first sign-in, and add their staff and sites in Vahti."
            )
        )
