from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared helpers, templates and checks; no models."""

    name = "vahti.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment check)
