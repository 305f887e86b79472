from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _seal(sender, history_instance, **kwargs):
    from .services import history_seal_later

    history_seal_later(history_row=history_instance)


def _seal_links(sender, created_rows, **kwargs):
    from .services import history_seal_later

    for row in created_rows:  # a many-to-many link's history (a client's coaches)
        history_seal_later(history_row=row)


class AuditConfig(AppConfig):
    name = "vahti.audit"
    label = "audit"
    verbose_name = _("Access log")

    def ready(self):
        # The one signal in Vahti (two hooks of it): django-simple-history writes history rows
        # from its own signals, whoever saves (a service, an operator's shell); the seal must be
        # written in the same transaction as the row, so it hooks in where the row is made, and
        # is written just before that transaction commits (audit/services.py).
        # Signals hold their receivers weakly: the receiver is a module-level function, held
        # strongly as well (a function defined in here was collected when ready() returned, and
        # no seal was written outside debugging).
        from simple_history.signals import (
            post_create_historical_m2m_records,
            post_create_historical_record,
        )

        post_create_historical_record.connect(
            _seal, weak=False, dispatch_uid="vahti.audit.history_seal"
        )
        post_create_historical_m2m_records.connect(
            _seal_links, weak=False, dispatch_uid="vahti.audit.history_seal_links"
        )
