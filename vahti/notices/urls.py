from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.notice_list, name="notices"),
    path("decisions/<int:decision_id>/notices/new/", views.notice_new, name="notice_new"),
    path("notices/staff/new/", views.notice_new, name="notice_new_staff"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice"),
    path("notices/<int:notice_id>/message.eml", views.notice_eml, name="notice_eml"),
    path("notices/<int:notice_id>/sent/", views.notice_mark_sent, name="notice_sent"),
]
