"""Writes of reminders: calendar addresses made and revoked, digests sent."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from vahti.organisations.models import User

from .feeds import digest
from .models import CalendarToken
from .selectors import due_items


@transaction.atomic
def calendar_token_renew(*, user: User) -> CalendarToken:
    """Revoke the user's feed addresses and make a new one."""
    user.calendar_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_token_revoke(*, user: User) -> None:
    user.calendar_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def digests_send(*, today: dt.date, base_url: str) -> int:
    """E-mail every active staff member with an address what is overdue and what is due in the
    next VAHTI_REMIND_DAYS days. Returns the number of e-mails sent."""
    horizon = today + dt.timedelta(days=settings.REMIND_DAYS)
    sent = 0
    for user in User.objects.filter(is_active=True, organisation__isnull=False).exclude(email=""):
        items = due_items(user, until=horizon)
        if not items:
            continue
        subject, body = digest(
            items,
            today=today,
            base_url=base_url,
            horizon_days=settings.REMIND_DAYS,
            lang=user.language,
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent
