from django.urls import path

from . import views

urlpatterns = [
    path("", views.work_queue, name="work_queue"),
]
