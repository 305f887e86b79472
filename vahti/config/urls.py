from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views import defaults
from rest_framework.exceptions import NotFound

from vahti.core.http import is_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("vahti.workqueue.urls")),
    path("", include("vahti.organisations.urls")),
    path("", include("vahti.cases.urls")),
    path("", include("vahti.notices.urls")),
    path("", include("vahti.feedback.urls")),
    path("", include("vahti.reminders.urls")),
    path("", include("vahti.staff.urls")),
    path("", include("vahti.groups.urls")),
    path("", include("vahti.readiness.urls")),
    path("", include("vahti.reporting.urls")),
    path("", include("vahti.invoicing.urls")),
    path("", include("vahti.outcomes.urls")),
    path("", include("vahti.exchange.urls")),
    path("", include("vahti.jobs.urls")),
    path("api/", include("vahti.config.api")),
]


def not_found(request, exception):
    """The API answers in JSON even when no route matches (an id that is not a number)."""
    if is_api(request):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = not_found
