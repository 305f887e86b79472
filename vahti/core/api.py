"""What every API endpoint shares: errors as JSON with the field named, in the user's language.

A refusal from a service (Django's ValidationError, the same words the pages show) becomes a
400 whose keys are the fields it concerns ("non_field_errors" when it concerns none); a write
refused because someone saved in between (``code="stale"``) is a 409; a 404 is a 404 whatever
the reason, as on the pages (another organisation's client does not exist)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


def validation_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [m for e in errors for m in e.messages]
            for field, errors in error.error_dict.items()
        }
    return {NON_FIELD: list(error.messages)}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        stale = getattr(exc, "code", None) == "stale"  # cases.services.records.StaleWrite
        return Response(
            validation_errors(exc),
            status=status.HTTP_409_CONFLICT if stale else status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = NotFound()
    return drf_exception_handler(exc, context)


ERROR_SCHEMA = {
    "type": "object",
    "description": 'What is wrong, in words: {"detail": …} or each field with its messages '
    '({"field": ["…"]}; "non_field_errors" when it concerns none).',
    "additionalProperties": True,
}
ERRORS = {
    "400": "The request was refused: each field with what is wrong.",
    "401": "No token, or it is unknown, revoked or expired.",
    "403": "The token may not do this (a read-only token writing; not a manager).",
    "404": "No such thing among what the token's user sees.",
    "409": "Someone saved in between: read again and send the version you read.",
    "429": "Too many requests: wait as the Retry-After header says.",
}


def errors_documented(result, generator, request, public):
    """drf-spectacular's postprocessing hook: every operation's error answers in the schema,
    so that a client knows them (and the schema test holds the API to them)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in ERRORS.items():
                if code == "409" and method not in ("put", "post"):
                    continue
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result


def paginated(serializer_class):
    """The schema of a page of ``serializer_class`` (DRF's PageNumberPagination's shape)."""
    from drf_spectacular.utils import inline_serializer
    from rest_framework import serializers

    name = serializer_class.__name__.removesuffix("Serializer")
    return inline_serializer(
        name=f"{name}Page",
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
