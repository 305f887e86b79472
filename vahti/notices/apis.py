"""Notices to Kela over the API: the token's user's notices, newest first (the notices page's
selector: the organisation's, about clients the user sees)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from vahti.cases.access import What, client_list_read
from vahti.core.api import paginated

from .models import Notice
from .selectors import notices_of


class NoticeSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display")
    client = serializers.IntegerField(source="decision.client_id", allow_null=True, default=None)

    class Meta:
        model = Notice
        fields = ["id", "kind", "kind_name", "decision", "client", "subject", "body", "sent_on"]
        read_only_fields = fields


class NoticeList(APIView):
    @extend_schema(responses=paginated(NoticeSerializer), summary="Notices to Kela, newest first")
    def get(self, request):
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(notices_of(request.user), request, view=self)
        client_list_read(
            request,
            client_ids=[n.decision.client_id for n in page if n.decision_id],
            what=What.NOTICE,
            detail="API",
        )
        return paginator.get_paginated_response(NoticeSerializer(page, many=True).data)
