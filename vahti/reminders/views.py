"""The calendar page and the calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from vahti.audit.models import AccessRecord
from vahti.audit.services import access_record, request_address

from . import selectors, services
from .feeds import calendar_feed as calendar_feed_bytes


@login_required
def calendar_settings(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, _("The calendar address no longer works."))
        else:
            services.calendar_token_renew(user=request.user)
            messages.success(
                request, _("A new calendar address was made; the old one no longer works.")
            )
        return redirect("reminders:calendar_settings")
    token = selectors.active_token(request.user)
    # The address the user reached Vahti at (behind a proxy: its host and scheme), so that
    # `PORT=8080 make run` and a real host name both give a working address.
    url = (
        request.build_absolute_uri(reverse("reminders:calendar_feed", args=[token.token]))
        if token
        else None
    )
    return render(request, "reminders/calendar.html", {"feed_url": url})


def calendar_feed(request, token):
    """Public by design (calendar apps cannot log in): the secret token is the key."""
    user = selectors.token_owner(token)
    if user is None:
        raise Http404
    access_record(user=user, what=AccessRecord.What.CALENDAR, address=request_address(request))
    return HttpResponse(
        calendar_feed_bytes(user, base_url=request.build_absolute_uri("/").rstrip("/")),
        content_type="text/calendar; charset=utf-8",
    )
