"""Invoices over the API (managers, as the invoicing pages): the organisation's invoices and
credit notes, newest first, with their status."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from vahti.cases.access import What, client_list_read
from vahti.core.api import paginated
from vahti.organisations.api_auth import ManagerOnly, TokenScope

from .models import Invoice
from .selectors import invoices_of_organisation


class InvoiceSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display")
    status_name = serializers.CharField(source="get_status_display")
    client = serializers.IntegerField(source="decision.client_id")
    run = serializers.IntegerField(source="run_id")

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "reference",
            "kind",
            "kind_name",
            "status",
            "status_name",
            "run",
            "decision",
            "client",
            "issued_on",
            "due_on",
            "period_start",
            "period_end",
            "total",
        ]
        read_only_fields = fields


class InvoiceList(APIView):
    permission_classes = [TokenScope, ManagerOnly]

    @extend_schema(responses=paginated(InvoiceSerializer), summary="Invoices, newest first")
    def get(self, request):
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            invoices_of_organisation(request.user), request, view=self
        )
        client_list_read(
            request,
            client_ids=[i.decision.client_id for i in page],
            what=What.EXPORT,
            detail="API: laskut",
        )
        return paginator.get_paginated_response(InvoiceSerializer(page, many=True).data)
