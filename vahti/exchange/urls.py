from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("import/", views.import_start, name="import_start"),
    path("import/template/<str:kind>.<str:fmt>", views.import_template, name="import_template"),
    path("import/<int:import_id>/", views.import_page, name="import"),
]
