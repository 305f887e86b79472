from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path(
        "decisions/<int:decision_id>/outcomes/",
        views.decision_outcomes_page,
        name="decision_outcomes",
    ),
    path("outcomes/measures/", views.measure_list, name="measures"),
    path("outcomes/", views.year_overview, name="outcomes"),
    path("outcomes/<int:year>/", views.year_overview, name="year_overview"),
    path("outcomes/<int:year>/delivery.<str:fmt>", views.delivery, name="outcome_delivery"),
    path("outcomes/<int:year>/delivered/", views.delivery_mark, name="outcome_delivered"),
]
