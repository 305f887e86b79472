from django.urls import path

from . import views

app_name = "workqueue"

urlpatterns = [
    path("", views.work_queue, name="work_queue"),
]
