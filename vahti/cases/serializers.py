"""The API's shapes of cases' data (docs/api.md). They parse and render; services save.

Dates are ISO 8601 (an API is read by programs); the words (titles, bases, messages) are in the
token's user's language, as on the pages. The henkilötunnus is accepted when a client is added
and never returned: no integration needs it back, and a leaked token should not reveal it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from vahti.core.lines import service_choices
from vahti.rules.case import MAX_HOURS

from .models import ABSENCE_REASONS, MODES, Certificate, Client, Decision, Event


class DecisionSerializer(serializers.ModelSerializer):
    service_name = serializers.CharField(source="get_service_display", read_only=True)
    benefit_before = serializers.CharField(
        read_only=True, help_text="The benefit right before the rehabilitation, or empty."
    )
    version = serializers.IntegerField(
        source="recorded_version",
        read_only=True,
        help_text="The recorded data's version: send it back when writing a week or an event.",
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "client",
            "service",
            "service_name",
            "decided_on",
            "received_on",
            "sequence",
            "granted_days",
            "window_months",
            "independent_days_granted",
            "close_relative_granted",
            "in_working_life_at_start",
            "benefit_before",
            "employer_name",
            "employer_business_id",
            "version",
        ]
        read_only_fields = fields


class ClientSerializer(serializers.ModelSerializer):
    coaches = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    site = serializers.CharField(source="site.name", read_only=True, default=None, allow_null=True)
    county = serializers.CharField(
        read_only=True, help_text="The wellbeing services county's code, or empty."
    )
    current_decision = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Client
        fields = [
            "id",
            "first_name",
            "last_name",
            "active",
            "site",
            "county",
            "language",
            "coaches",
            "current_decision",
        ]
        read_only_fields = fields


class ClientDetailSerializer(ClientSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta(ClientSerializer.Meta):
        fields = [*ClientSerializer.Meta.fields, "decisions"]
        read_only_fields = fields


class ClientCreateSerializer(serializers.Serializer):
    """A new client with their first decision: the new-client page's fields."""

    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    identity_code = serializers.CharField(max_length=11, write_only=True)
    coaches = serializers.ListField(
        child=serializers.CharField(max_length=150),
        required=False,
        help_text="User names; by default the token's user.",
    )
    county = serializers.CharField(required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(
        choices=["fi", "sv"], default="fi", help_text="The language of service: fi or sv."
    )
    service = serializers.ChoiceField(choices=[])
    decided_on = serializers.DateField()
    received_on = serializers.DateField()
    sequence = serializers.IntegerField(min_value=1, default=1)
    granted_days = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    window_months = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    employer_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Kela's job coaching: the employer the client works for (required there).",
    )
    employer_business_id = serializers.CharField(
        max_length=9, required=False, allow_blank=True, default=""
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [value for value, _label in service_choices()]


class DeadlineSerializer(serializers.Serializer):
    rule = serializers.CharField()
    title = serializers.CharField()
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=["met", "late", "open", "overdue"])
    basis = serializers.CharField(help_text="Why this date, in words.")
    rule_text = serializers.CharField()
    source = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    title = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning", "info"])
    date = serializers.DateField()
    message = serializers.CharField()
    rule_text = serializers.CharField()
    source = serializers.CharField()


class EvaluationSerializer(serializers.Serializer):
    decision = serializers.IntegerField()
    as_of = serializers.DateField()
    service_name = serializers.CharField()
    deadlines = DeadlineSerializer(many=True)
    findings = FindingSerializer(many=True)
    payable_days = serializers.IntegerField()
    waiting_days = serializers.ListField(child=serializers.DateField())


class WeekEntrySerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=["day", "absence"])
    hours = serializers.FloatField(
        min_value=0, max_value=MAX_HOURS, required=False, allow_null=True
    )
    programme_hours = serializers.FloatField(
        min_value=0, max_value=MAX_HOURS, required=False, allow_null=True
    )
    travel_hours = serializers.FloatField(
        min_value=0, max_value=MAX_HOURS, required=False, allow_null=True
    )
    mode = serializers.ChoiceField(choices=[v for v, _l in MODES], default="onsite")
    flex = serializers.BooleanField(default=False)
    flex_reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    worked = serializers.BooleanField(default=False)
    close_relative = serializers.BooleanField(default=False)
    reason = serializers.ChoiceField(
        choices=[v for v, _l in ABSENCE_REASONS], required=False, help_text="An absence's reason."
    )
    reported_to_kela = serializers.BooleanField(default=False)

    def validate(self, data):
        if data["kind"] == "absence" and not data.get("reason"):
            raise serializers.ValidationError({"reason": _("An absence needs its reason.")})
        if data["kind"] == "day" and data.get("hours") is None:
            raise serializers.ValidationError({"hours": _("A day needs its hours.")})
        return data


class WeekSerializer(serializers.Serializer):
    monday = serializers.DateField(read_only=True)
    version = serializers.IntegerField(
        help_text="The version you read; a write with an older one is refused (409)."
    )
    entries = WeekEntrySerializer(many=True)


class EventSerializer(serializers.ModelSerializer):
    type_name = serializers.CharField(source="get_type_display", read_only=True)

    class Meta:
        model = Event
        fields = ["id", "type", "type_name", "date", "topic", "new_due", "reason", "kela_agreed"]
        read_only_fields = ["id", "type_name"]


class EventCreateSerializer(EventSerializer):
    version = serializers.IntegerField(write_only=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "version"]


class CertificateSerializer(serializers.ModelSerializer):
    issued_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["version", "issued_on", "issued_by", "pdf_sha256", "pdf_url"]
        read_only_fields = fields

    def get_pdf_url(self, certificate) -> str:
        return (
            f"/api/v1/decisions/{certificate.decision_id}/certificates/{certificate.version}/pdf/"
        )
