from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("clients/", views.dashboard, name="dashboard"),
    path("clients/certificates/", views.certificates_batch, name="certificates_batch"),
    path("week/", views.week_all, name="week_all"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:client_id>/", views.client_detail, name="client"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:client_id>/decisions/new/", views.decision_new, name="decision_new"),
    path("clients/<int:client_id>/archive/", views.client_archive, name="client_archive"),
    path("decisions/<int:decision_id>/end/", views.rehabilitation_end, name="rehabilitation_end"),
    path("clients/<int:client_id>/access/", views.client_access_log, name="client_access_log"),
    path("users/<int:user_id>/access/", views.user_access_log, name="user_access_log"),
    path("decisions/<int:decision_id>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:decision_id>/week/", views.week_entry, name="week"),
    path("decisions/<int:decision_id>/records/", views.records, name="records"),
    path(
        "decisions/<int:decision_id>/records/<str:kind>/<int:record_id>/delete/",
        views.record_delete,
        name="record_delete",
    ),
    path(
        "decisions/<int:decision_id>/certificates/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "decisions/<int:decision_id>/certificates/<int:version>.pdf",
        views.certificate_download,
        name="certificate_download",
    ),
    path("rules/", views.rules, name="rules"),
    path("rules/impact/", views.impact, name="impact"),
    path("rules/impact/<int:job_id>/", views.impact_result, name="impact_result"),
]
