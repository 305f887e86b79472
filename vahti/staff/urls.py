from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("team/", views.staff_list, name="staff_list"),
    path("team/new/", views.staff_member_edit, name="staff_member_new"),
    path("team/<int:member_id>/", views.staff_member_edit, name="staff_member"),
    path("team/<int:member_id>/qualifications/", views.qualification_add, name="qualification_add"),
    path(
        "team/qualifications/<int:qualification_id>/remove/",
        views.qualification_remove,
        name="qualification_remove",
    ),
    path("team/requirements/", views.requirement_add, name="requirement_add"),
    path(
        "team/requirements/<int:requirement_id>/remove/",
        views.requirement_remove,
        name="requirement_remove",
    ),
]
