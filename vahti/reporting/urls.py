from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/charts/<slug:name>.svg", views.report_chart, name="report_chart"),
    path("reports/download/", views.report_download, name="report_download"),
    path("reports/clients/", views.report_clients, name="report_clients"),
]
