"""Cancelled and missed times (billing.cancellation): recorded on the records page, refused on
their field when the dates cannot be so, and not removed once invoiced."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import version
from vahti.cases import services
from vahti.cases.models import Cancellation, Day, InvoicedDay
from vahti.core.dates import today


def test_a_cancelled_time_is_recorded_on_the_records_page(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    booked = today() - dt.timedelta(days=2)
    url = reverse("cases:records", args=[decision.pk])
    page = logged_in.get(url)
    assert "Peruutetut tai käyttämättä jääneet ajat" in page.content.decode()
    assert "7 päivän kuluessa" in page.content.decode()  # the rule in force, in words
    posted = logged_in.post(
        url,
        {
            "record": "cancellation",
            "version": version(decision),
            "cancellation-booked_on": booked.isoformat(),
            "cancellation-told_on": (booked - dt.timedelta(days=20)).isoformat(),
            "cancellation-cancelled_on": "",
        },
    )
    assert posted.status_code == 302
    cancellation = Cancellation.objects.get(decision=decision)
    assert cancellation.cancelled_on is None  # a missed time
    assert "ei saapunut" in logged_in.get(url).content.decode()


def test_impossible_dates_are_refused_on_their_field(coach, client_of_coach):
    decision = client_of_coach.current_decision
    booked = today() - dt.timedelta(days=2)
    cases = [
        ({"told_on": booked + dt.timedelta(days=1)}, "told_on"),
        ({"cancelled_on": booked + dt.timedelta(days=1)}, "cancelled_on"),
        ({"cancelled_on": booked - dt.timedelta(days=30)}, "cancelled_on"),
    ]
    for change, field in cases:
        data = {"booked_on": booked, "told_on": booked - dt.timedelta(days=10)} | change
        with pytest.raises(ValidationError) as error:
            services.cancellation_add(actor=coach, decision=decision, **data)
        assert list(error.value.message_dict) == [field]
    Day.objects.create(decision=decision, date=booked, hours=6)
    with pytest.raises(ValidationError) as error:
        services.cancellation_add(actor=coach, decision=decision, booked_on=booked, told_on=booked)
    assert list(error.value.message_dict) == ["booked_on"]
    assert not Cancellation.objects.exists()


def test_an_invoiced_cancellation_is_not_removed(coach, client_of_coach):
    decision = client_of_coach.current_decision
    booked = today() - dt.timedelta(days=2)
    cancellation = services.cancellation_add(
        actor=coach, decision=decision, booked_on=booked, told_on=booked - dt.timedelta(days=9)
    )
    InvoicedDay.objects.create(decision=decision, date=booked, invoice="7", amount=180)
    with pytest.raises(ValidationError, match="lasku 7"):
        services.record_delete(actor=coach, record=cancellation)
    assert Cancellation.objects.filter(pk=cancellation.pk).exists()
