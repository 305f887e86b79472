from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("decisions/<int:decision_id>/feedback/", views.feedback_edit, name="feedback"),
    path(
        "decisions/<int:decision_id>/feedback/correct-sent/",
        views.feedback_send_correct,
        name="feedback_send_correct",
    ),
    path("decisions/<int:decision_id>/feedback.pdf", views.feedback_download, name="feedback_pdf"),
]
