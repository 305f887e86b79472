from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_edit, name="group_new"),
    path("groups/<int:group_id>/", views.group, name="group"),
    path("groups/<int:group_id>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:group_id>/members/", views.group_member_add, name="group_member_add"),
    path(
        "groups/members/<int:membership_id>/leave/",
        views.group_member_leave,
        name="group_member_leave",
    ),
    path("groups/<int:group_id>/period/", views.group_period, name="group_period"),
    path("groups/<int:group_id>/postpone/", views.group_postpone, name="group_postpone"),
]
