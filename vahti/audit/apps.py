from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "vahti.audit"
    label = "audit"
    verbose_name = _("Access log")

    def ready(self):
        # The one signal in Vahti: django-simple-history writes history rows from its own
        # signals, whoever saves (a service, a migration, an operator's shell); the seal must be
        # written in the same transaction as the row, so it hooks in where the row is made.
        from simple_history.signals import post_create_historical_record

        from .services import history_seal

        def seal(sender, history_instance, **kwargs):
            history_seal(history_row=history_instance)

        post_create_historical_record.connect(seal, dispatch_uid="vahti.audit.history_seal")
