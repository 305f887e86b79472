"""Password guessing, without handing an attacker a way to lock people out.

django-axes locks the pair (username, address) after ``VAHTI_LOGIN_FAILURE_LIMIT`` wrong
passwords. The username alone is never locked: eight wrong passwords from eight addresses locked
a manager out for the cool-off time, again and again. Instead:

- one address that fails ``VAHTI_LOGIN_ADDRESS_LIMIT`` times (any usernames) is refused for the
  cool-off time (a guesser working through usernames);
- a username that has failed the pair limit from anywhere is *slowed*: one attempt every
  ``VAHTI_LOGIN_SLOW_SECONDS`` for it, whoever makes it. The guesser gets a handful of tries a
  minute; the user waits seconds, not a quarter of an hour.

Each is written to the log as a warning once, when it begins, for the operator.

The counts are axes' own records (AccessAttempt: failures per username, address and browser),
which expire after the cool-off time."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Max, Sum
from django.utils import timezone

from vahti.core.http import client_address

logger = logging.getLogger("vahti.security")


@dataclass(frozen=True)
class Refusal:
    kind: str  # "address" (locked for the cool-off) or "slow" (wait a few seconds)
    seconds: int

    @property
    def minutes(self) -> int:
        return self.seconds // 60


def _recent():
    return AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )


def login_refusal(request, username: str) -> Refusal | None:
    """Why this attempt is refused before the password is checked, or None."""
    address = client_address(request)
    failures = _recent().filter(ip_address=address).aggregate(n=Sum("failures_since_start"))["n"]
    if (failures or 0) >= settings.LOGIN_ADDRESS_LIMIT:
        return Refusal("address", int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if not username:
        return None
    own = (
        _recent()
        .filter(username=username)
        .aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    pair = (
        _recent()
        .filter(username=username, ip_address=address)
        .aggregate(n=Sum("failures_since_start"))["n"]
        or 0
    )
    if pair >= settings.AXES_FAILURE_LIMIT:
        return None  # the pair is locked: axes answers with its lockout page
    if (own["n"] or 0) >= settings.AXES_FAILURE_LIMIT:
        wait = own["last"] + dt.timedelta(seconds=settings.LOGIN_SLOW_SECONDS) - timezone.now()
        if wait.total_seconds() > 0:
            return Refusal("slow", max(1, round(wait.total_seconds())))
    return None


def login_failed(request, username: str) -> None:
    """Tell the operator when a username or an address crosses its limit (once each)."""
    address = client_address(request)
    recent = _recent()
    own = recent.filter(username=username).aggregate(
        n=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True)
    )
    if own["n"] == settings.AXES_FAILURE_LIMIT:
        logger.warning(
            "login: %d wrong passwords for username %r from %d addresses; its "
            "sign-ins are slowed to one every %d s",
            own["n"],
            username,
            own["addresses"],
            settings.LOGIN_SLOW_SECONDS,
        )
    from_address = recent.filter(ip_address=address).aggregate(n=Sum("failures_since_start"))
    if from_address["n"] == settings.LOGIN_ADDRESS_LIMIT:
        logger.warning(
            "login: %d wrong passwords from address %s; it is refused for %d minutes",
            from_address["n"],
            address,
            settings.AXES_COOLOFF_TIME.total_seconds() // 60,
        )
