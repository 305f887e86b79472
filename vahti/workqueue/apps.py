from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkQueueConfig(AppConfig):
    name = "vahti.workqueue"
    label = "workqueue"
    verbose_name = _("Work queue")
