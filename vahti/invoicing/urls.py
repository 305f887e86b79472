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

urlpatterns += [
    path("billing/", views.run_list, name="runs"),
    path("billing/details/", views.billing_details, name="details"),
    path("billing/contracts/<int:contract_id>/runs/", views.run_make, name="run_make"),
    path("billing/runs/<int:run_id>/", views.run_detail, name="run"),
    path("billing/runs/<int:run_id>/finvoice.xml", views.run_finvoice, name="run_finvoice"),
    path("billing/runs/<int:run_id>/account.pdf", views.run_account_pdf, name="run_pdf"),
    path("billing/runs/<int:run_id>/rows.csv", views.run_rows_csv, name="run_csv"),
    path("billing/invoices/<int:invoice_id>/", views.invoice_detail, name="invoice"),
    path(
        "billing/invoices/<int:invoice_id>/finvoice.xml",
        views.invoice_finvoice,
        name="invoice_finvoice",
    ),
]
