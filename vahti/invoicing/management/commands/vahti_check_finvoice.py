"""Validate Finvoice messages against Finance Finland's official schema (Finvoice3.0.xsd), which
Vahti does not ship: the operator gives its path. Either files (as downloaded) or a billing run's
messages (its account and every invoice), made as the download makes them."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from vahti.invoicing import documents
from vahti.invoicing.models import BillingProfile, Run


class Command(BaseCommand):
    help = "Validate Finvoice 3.0 messages against the official schema (needs xmlschema)."

    def add_arguments(self, parser):
        parser.add_argument("--xsd", required=True, help="path of Finvoice3.0.xsd")
        parser.add_argument("--run", type=int, help="a billing run's id (as in its address)")
        parser.add_argument("files", nargs="*", help="Finvoice files to validate")

    def handle(self, *args, xsd, run, files, **options):
        try:
            import xmlschema
        except ImportError as error:
            raise CommandError(
                "xmlschema is not installed: pip install 'vahti[finvoice-check]'"
            ) from error
        if not Path(xsd).is_file():
            raise CommandError(f"No schema at {xsd}.")
        if run is None and not files:
            raise CommandError("Give --run ID or Finvoice files.")
        schema = xmlschema.XMLSchema(xsd)
        messages = [(name, Path(name).read_bytes()) for name in files]
        if run is not None:
            messages += self.run_messages(run)
        failed = 0
        for name, content in messages:
            errors = list(schema.iter_errors(content.decode("utf-8")))
            if errors:
                failed += 1
                self.stderr.write(f"{name}: {len(errors)} errors; the first: {errors[0].reason}")
            else:
                self.stdout.write(f"{name}: valid")
        if failed:
            raise CommandError(f"{failed} of {len(messages)} messages are not valid.")
        self.stdout.write(f"All {len(messages)} messages are valid against {xsd}.")

    def run_messages(self, run_id: int) -> list[tuple[str, bytes]]:
        run = Run.objects.filter(pk=run_id).select_related("contract").first()
        if run is None:
            raise CommandError(f"No billing run {run_id}.")
        profile = BillingProfile.objects.filter(organisation_id=run.organisation_id).first()
        if profile is None:
            raise CommandError("The organisation has no billing details.")
        try:
            route = documents.kela_route()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        found = [(f"tilitys-{run.number}.xml", documents.run_message(run, profile, route))]
        for invoice in documents.run_invoices(run):
            found.append(
                (f"lasku-{invoice.number}.xml", documents.invoice_message(invoice, profile, route))
            )
        return found
