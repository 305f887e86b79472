"""Two people on the same client: a save made from a page that someone else's save has made
stale is refused with a Finnish message naming who and when; nothing is overwritten silently,
and saving again (having seen the message) goes through."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from tests.cases.test_views import monday_before, week_post
from tests.factories import admit, version
from vahti.core.dates import today


def _browsers(coach, other_coach):
    first, second = Client(), Client()
    first.force_login(coach)
    second.force_login(other_coach)
    return first, second


def test_a_stale_week_save_is_refused_naming_who_saved_before(coach, other_coach):
    decision = admit(coach, coaches=[coach, other_coach]).current_decision
    first, second = _browsers(coach, other_coach)
    monday = monday_before()
    url = reverse("cases:week", args=[decision.pk])
    seen = week_post(monday, {}, decision)  # both opened the page now
    mine = {
        **seen,
        **{
            k: v
            for k, v in week_post(
                monday, {0: {"kind": "day", "hours": "6", "programme_hours": "6"}}, decision
            ).items()
            if k.startswith("day-0")
        },
    }
    theirs = {
        **seen,
        **{
            k: v
            for k, v in week_post(
                monday, {1: {"kind": "day", "hours": "5", "programme_hours": "5"}}, decision
            ).items()
            if k.startswith("day-1")
        },
    }
    assert first.post(url, mine).status_code == 302
    refused = second.post(url, theirs)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Coach Testaaja muutti tämän asiakkaan kirjauksia" in page
    assert f"{today().day}.{today().month}.{today().year} klo" in page
    assert [d.date for d in decision.days.all()] == [monday]  # the first save stands

    # Having seen the message, the second coach saves again: the page carries the new version.
    again = {**theirs, "version": version(decision)}
    assert second.post(url, again).status_code == 302
    assert [d.date for d in decision.days.all()] == [monday + dt.timedelta(days=1)]


def test_a_stale_record_and_a_stale_delete_are_refused(coach, other_coach):
    decision = admit(coach, coaches=[coach, other_coach]).current_decision
    first, second = _browsers(coach, other_coach)
    url = reverse("cases:records", args=[decision.pk])
    stale = version(decision)
    first.post(
        url,
        {
            "record": "event",
            "event-type": "precontact",
            "event-date": today().isoformat(),
            "version": stale,
        },
    )
    event = decision.events.get()
    page = second.post(
        url,
        {
            "record": "break",
            "break-start": today().isoformat(),
            "break-end": today().isoformat(),
            "break-reason": "illness",
            "version": stale,
        },
    ).content.decode()
    assert "muutti tämän asiakkaan kirjauksia" in page and not decision.breaks.exists()
    second.post(
        reverse("cases:record_delete", args=[decision.pk, "event", event.pk]), {"version": stale}
    )
    assert decision.events.filter(pk=event.pk).exists()
    # A form posted without any version counts as stale too.
    second.post(reverse("cases:record_delete", args=[decision.pk, "event", event.pk]))
    assert decision.events.filter(pk=event.pk).exists()


def test_a_stale_feedback_save_is_refused(coach, other_coach):
    decision = admit(coach, coaches=[coach, other_coach]).current_decision
    first, second = _browsers(coach, other_coach)
    url = reverse("feedback:feedback", args=[decision.pk])
    stale = version(decision)
    assert first.post(url, {"section_goals": "Ensimmäinen", "version": stale}).status_code == 302
    page = second.post(url, {"section_goals": "Toinen", "version": stale}).content.decode()
    assert "muutti tämän asiakkaan kirjauksia" in page
    assert decision.feedback.sections["goals"] == "Ensimmäinen"
