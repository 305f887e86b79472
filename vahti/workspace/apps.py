from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "vahti.workspace"
    label = "workspace"
    verbose_name = _("Workspace")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment check)
