from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:client_id>/", views.client_detail, name="client"),
    path("decisions/<int:decision_id>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:decision_id>/week/", views.week_entry, name="week"),
    path("decisions/<int:decision_id>/records/", views.records, name="records"),
    path("decisions/<int:decision_id>/records/<str:kind>/<int:record_id>/delete/",
         views.record_delete, name="record_delete"),
    path("decisions/<int:decision_id>/certificates/", views.certificate_issue,
         name="certificate_issue"),
    path("decisions/<int:decision_id>/certificates/<int:version>.pdf", views.certificate_download,
         name="certificate_download"),
    path("decisions/<int:decision_id>/notices/new/", views.notice_new, name="notice_new"),
    path("notices/staff/new/", views.notice_new, name="notice_new_staff"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice"),
    path("notices/<int:notice_id>/message.eml", views.notice_eml, name="notice_eml"),
    path("notices/<int:notice_id>/sent/", views.notice_mark_sent, name="notice_sent"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("decisions/<int:decision_id>/feedback/", views.feedback_edit, name="feedback"),
    path("decisions/<int:decision_id>/feedback.pdf", views.feedback_download, name="feedback_pdf"),
    path("rules/", views.rules, name="rules"),
]
