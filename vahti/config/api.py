"""The REST API (docs/api.md): each app's endpoints live in its own ``apis.py``; this module
mounts them under /api/v1/ and serves the OpenAPI 3 schema (/api/schema/) and its documentation
page (/api/docs/, rendered here from the schema: no script from elsewhere, as the
Content-Security-Policy requires)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView

from vahti.cases import apis as cases
from vahti.invoicing import apis as invoicing
from vahti.notices import apis as notices
from vahti.workqueue import apis as workqueue

METHODS = ("get", "post", "put", "patch", "delete")

v1 = [
    path("clients/", cases.ClientList.as_view()),
    path("clients/<int:client_id>/", cases.ClientDetail.as_view()),
    path("decisions/<int:decision_id>/", cases.DecisionDetail.as_view()),
    path("decisions/<int:decision_id>/evaluation/", cases.DecisionEvaluation.as_view()),
    path("decisions/<int:decision_id>/weeks/<str:monday>/", cases.DecisionWeek.as_view()),
    path("decisions/<int:decision_id>/events/", cases.DecisionEvents.as_view()),
    path("decisions/<int:decision_id>/certificates/", cases.DecisionCertificates.as_view()),
    path(
        "decisions/<int:decision_id>/certificates/<int:version>/pdf/",
        cases.CertificatePdf.as_view(),
    ),
    path("work-queue/", workqueue.WorkQueue.as_view()),
    path("notices/", notices.NoticeList.as_view()),
    path("invoices/", invoicing.InvoiceList.as_view()),
]


@login_required
def api_docs(request):
    """Every endpoint with its parameters and answers, from the schema itself."""
    schema = SchemaGenerator(patterns=[path("api/v1/", include_v1())]).get_schema(
        request=None, public=True
    )
    endpoints = [
        {"path": route, "method": method.upper(), **operation}
        for route, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in METHODS
    ]
    return render(request, "core/api_docs.html", {"schema": schema, "endpoints": endpoints})


def include_v1():
    from django.urls import include

    return include(v1)


urlpatterns = [
    path("v1/", include_v1()),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", api_docs, name="api_docs"),
]
