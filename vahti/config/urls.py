from django.contrib import admin
from django.urls import include, path

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
