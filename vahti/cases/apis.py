"""Cases' REST endpoints (docs/api.md): clients, decisions, their evaluation (deadlines with
their basis, findings with their rule and source), a week's recorded days with the week page's
version check, events and certificates. Every read goes through the access helper and is logged
naming the token; every write goes through the services, validated as on the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from vahti.core.api import paginated
from vahti.core.dates import language
from vahti.organisations.models import User
from vahti.rules.presentation import Presenter

from . import selectors, services
from .access import What, client_for, client_list_read, clients_for, decision_for
from .documents import certificate_download_response
from .forms import ClientForm, DecisionForm
from .serializers import (
    CertificateSerializer,
    ClientCreateSerializer,
    ClientDetailSerializer,
    ClientSerializer,
    DecisionSerializer,
    EvaluationSerializer,
    EventCreateSerializer,
    EventSerializer,
    WeekSerializer,
)
from .services.records import NEW_DAY

WEEK = dt.timedelta(days=7)


class ClientList(APIView):
    @extend_schema(responses=paginated(ClientSerializer), summary="Your clients, a page at a time")
    def get(self, request):
        clients = (
            clients_for(request.user)
            .select_related("site")
            .prefetch_related("coaches")
            .order_by("last_name", "first_name", "pk")
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(clients, request, view=self)
        client_list_read(request, client_ids=[c.pk for c in page], detail="API")
        return paginator.get_paginated_response(ClientSerializer(page, many=True).data)

    @extend_schema(
        request=ClientCreateSerializer,
        responses={201: ClientDetailSerializer},
        summary="Add a client with their first decision",
    )
    def post(self, request):
        incoming = ClientCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        organisation = request.user.organisation
        usernames = data.pop("coaches", None) or [request.user.username]
        coaches = list(
            User.objects.filter(
                organisation=organisation, is_active=True, username__in=usernames
            ).values_list("pk", flat=True)
        )
        if len(coaches) != len(set(usernames)):
            raise ValidationError({"coaches": _("No such user in your organisation.")})
        if not request.user.sees_all_clients and request.user.pk not in coaches:
            raise ValidationError({"coaches": _("A coach adds clients of their own.")})
        client_form = ClientForm(data={**data, "coaches": coaches}, organisation=organisation)
        decision_form = DecisionForm(data=data)
        errors = {}
        for form in (client_form, decision_form):
            if not form.is_valid():
                errors.update({k: list(v) for k, v in form.errors.items()})
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        client = services.client_admit(
            actor=request.user,
            client=client_form.cleaned_data,
            decision=decision_form.cleaned_data,
        )
        client = client_for(request, client.pk, what=What.CLIENT_PAGE, detail="API: lisätty")
        return Response(ClientDetailSerializer(client).data, status=status.HTTP_201_CREATED)


class ClientDetail(APIView):
    @extend_schema(responses=ClientDetailSerializer, summary="A client and their decisions")
    def get(self, request, client_id: int):
        client = client_for(request, client_id, what=What.CLIENT_PAGE, detail="API")
        return Response(ClientDetailSerializer(client).data)


class DecisionDetail(APIView):
    @extend_schema(responses=DecisionSerializer, summary="A decision")
    def get(self, request, decision_id: int):
        decision = decision_for(request, decision_id, what=What.DECISION, detail="API")
        return Response(DecisionSerializer(decision).data)


class DecisionEvaluation(APIView):
    @extend_schema(
        responses=EvaluationSerializer,
        summary="Deadlines and findings today, each with its basis, rule and source",
    )
    def get(self, request, decision_id: int):
        decision = decision_for(request, decision_id, what=What.DECISION, detail="API: arvio")
        shown = Presenter(language()).present(selectors.decision_result(decision))
        return Response(
            EvaluationSerializer(
                {
                    "decision": decision.pk,
                    "as_of": shown.as_of,
                    "service_name": shown.service_name,
                    "deadlines": shown.deadlines,
                    "findings": shown.findings,
                    "payable_days": shown.allowance.payable_count,
                    "waiting_days": list(shown.allowance.waiting_days),
                }
            ).data
        )


def _monday(text: str) -> dt.date:
    try:
        monday = dt.date.fromisoformat(text)
    except ValueError:
        raise Http404 from None
    if monday.weekday() != 0:
        raise Http404
    return monday


def _week(decision, monday: dt.date) -> dict:
    sunday = monday + WEEK - dt.timedelta(days=1)
    entries = [
        {
            "kind": "day",
            "date": d.date,
            "hours": d.hours,
            "programme_hours": d.programme_hours,
            "travel_hours": d.travel_hours,
            "mode": d.mode,
            "flex": d.flex,
            "flex_reason": d.flex_reason,
            "worked": d.worked,
            "close_relative": d.close_relative,
        }
        for d in decision.days.filter(date__range=(monday, sunday)).order_by("date")
    ] + [
        {
            "kind": "absence",
            "date": a.date,
            "reason": a.reason,
            "reported_to_kela": a.reported_to_kela,
        }
        for a in decision.absences.filter(date__range=(monday, sunday)).order_by("date")
    ]
    decision.refresh_from_db(fields=["recorded_version"])
    return {
        "monday": monday,
        "version": decision.recorded_version,
        "entries": sorted(entries, key=lambda e: e["date"]),
    }


class DecisionWeek(APIView):
    @extend_schema(responses=WeekSerializer, summary="A week's recorded days and absences")
    def get(self, request, decision_id: int, monday: str):
        day = _monday(monday)
        decision = decision_for(request, decision_id, what=What.WEEK, detail=f"API: {day}")
        return Response(WeekSerializer(_week(decision, day)).data)

    @extend_schema(
        request=WeekSerializer,
        responses={
            200: WeekSerializer,
            409: OpenApiResponse(description="Saved by someone else since the version you read"),
        },
        summary="Replace a week's days and absences (the week page's save)",
    )
    def put(self, request, decision_id: int, monday: str):
        day = _monday(monday)
        decision = decision_for(request, decision_id, what=What.WEEK, detail=f"API: {day}")
        incoming = WeekSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        entries = []
        for entry in incoming.validated_data["entries"]:
            if entry["kind"] == "day":
                entries.append(
                    {
                        **NEW_DAY,
                        **{
                            k: v
                            for k, v in entry.items()
                            if k not in ("reason", "reported_to_kela")
                        },
                    }
                )
            else:
                entries.append(
                    {
                        "kind": "absence",
                        "date": entry["date"],
                        "reason": entry["reason"],
                        "reported_to_kela": entry["reported_to_kela"],
                    }
                )
        services.week_save(
            actor=request.user,
            decision=decision,
            monday=day,
            entries=entries,
            expected_version=incoming.validated_data["version"],
            invoiced_reason=None,
        )
        return Response(WeekSerializer(_week(decision, day)).data)


class DecisionEvents(APIView):
    @extend_schema(responses=EventSerializer(many=True), summary="A decision's events")
    def get(self, request, decision_id: int):
        decision = decision_for(request, decision_id, what=What.RECORDS, detail="API: tapahtumat")
        return Response(EventSerializer(decision.events.order_by("date", "pk"), many=True).data)

    @extend_schema(
        request=EventCreateSerializer,
        responses={201: EventSerializer},
        summary="Record an event (with the version you read)",
    )
    def post(self, request, decision_id: int):
        decision = decision_for(request, decision_id, what=What.RECORDS, detail="API: tapahtuma")
        incoming = EventCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        version = fields.pop("version")
        event = services.event_add(
            actor=request.user, decision=decision, expected_version=version, **fields
        )
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)


class DecisionCertificates(APIView):
    @extend_schema(
        responses=CertificateSerializer(many=True),
        summary="The participation certificates issued (metadata)",
    )
    def get(self, request, decision_id: int):
        decision = decision_for(request, decision_id, what=What.CERTIFICATE, detail="API")
        return Response(CertificateSerializer(selectors.certificates_of(decision), many=True).data)


class CertificatePdf(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="A participation certificate as issued (PDF)",
    )
    def get(self, request, decision_id: int, version: int):
        decision = decision_for(
            request, decision_id, what=What.CERTIFICATE, detail=f"API: versio {version}"
        )
        return certificate_download_response(decision, version)
