"""The work queue over the API: what is due across the token's user's clients, most urgent
first, a page at a time (the first page's selector, the same wall and log)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from vahti.cases.access import client_list_read
from vahti.core.dates import language
from vahti.core.http import query_int
from vahti.rules.presentation import Presenter

from .selectors import queue_page


class QueueItemSerializer(serializers.Serializer):
    decision = serializers.IntegerField(source="decision_id")
    client = serializers.IntegerField(source="decision.client_id")
    client_name = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=["deadline", "finding", "certificate", "week"])
    rule = serializers.CharField()
    title = serializers.SerializerMethodField()
    due = serializers.DateField()
    severity = serializers.CharField()
    overdue = serializers.BooleanField()
    link = serializers.CharField(help_text="The page where it is done.")

    def get_client_name(self, item) -> str:
        client = item.decision.client
        return f"{client.first_name} {client.last_name}"

    def get_title(self, item) -> str:
        return Presenter(language()).title(item.rule) if item.rule else ""


class QueuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = QueueItemSerializer(many=True)


class WorkQueue(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("page", int, required=False)],
        responses=QueuePageSerializer,
        summary="What is due across your clients, most urgent first",
    )
    def get(self, request):
        context = queue_page(request.user, page=query_int(request.query_params, "page") or 1)
        page = context["page"]
        client_list_read(
            request,
            client_ids=[item.decision.client_id for item in page],
            detail=f"työjono, sivu {page.number}",
        )
        return Response(
            QueuePageSerializer(
                {
                    "count": page.paginator.count,
                    "page": page.number,
                    "pages": page.paginator.num_pages,
                    "results": list(page),
                }
            ).data
        )
