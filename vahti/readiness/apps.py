from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "vahti.readiness"
    label = "readiness"
    verbose_name = _("Audit readiness and Kela's audits")
