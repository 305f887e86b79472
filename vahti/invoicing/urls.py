from django.urls import path

from . import views

app_name = "invoicing"

urlpatterns = [
    path("billing/contracts/", views.contract_list, name="contracts"),
    path("billing/contracts/<int:contract_id>/", views.contract_detail, name="contract"),
    path("billing/price-types/<int:price_type_id>/prices/", views.price_add, name="price_add"),
    path(
        "billing/contracts/<int:contract_id>/preview/",
        views.billing_preview,
        name="billing_preview",
    ),
]
