from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared helpers, templates and tags; no models."""

    name = "vahti.core"
    label = "core"
