"""The WSGI application (gunicorn in `make serve`, docs/deploy.md)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vahti.config.settings")
application = get_wsgi_application()


def _freeze_loaded() -> None:
    """Load every view now and move what is loaded out of the cyclic garbage collector's sight:
    its full passes over the long-lived objects of Django, the rules core and the libraries
    made every tenth request or so take twice the usual time (the week screen's p95 was 2.7×
    its median)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every app's views)
    gc.collect()
    gc.freeze()


_freeze_loaded()
