"""Reads of imports: a manager sees the organisation's imports."""

from __future__ import annotations

from django.http import Http404

from .models import Import


def import_for(user, import_id) -> Import:
    if not user.is_authenticated or not user.sees_all_clients:
        raise Http404
    try:
        return Import.objects.select_related("check_job", "import_job").get(
            pk=import_id, organisation_id=user.organisation_id
        )
    except (Import.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def imports_of(user, *, limit: int = 10) -> list[Import]:
    if not user.sees_all_clients:
        return []
    return list(
        Import.objects.filter(organisation_id=user.organisation_id)
        .defer("content")
        .order_by("-created_at")[:limit]
    )
