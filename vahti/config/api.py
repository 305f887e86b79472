"""The REST API (docs/api.md): each app's endpoints live in its own ``apis.py``; this module
mounts them under /api/v1/ and serves the OpenAPI 3 schema and its documentation page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
