"""Deadlines outside the app: the iCalendar feed and the daily digest."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from tests.factories import admit
from vahti.core.dates import today
from vahti.reminders import services
from vahti.reminders.services import digests_send


def test_the_feed_lists_every_open_deadline_with_a_stamp_and_an_alarm_without_names(client, coach):
    target = admit(coach, received_on=today())
    late = admit(coach, received_on=today() - dt.timedelta(days=20))
    token = services.calendar_token_renew(user=coach)
    response = client.get(reverse("reminders:calendar_feed", args=[token.token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    # Both deadlines of both clients (pre-contact and start), soonest first.
    received, overdue_received = (
        target.current_decision.received_on,
        late.current_decision.received_on,
    )
    assert [e.decoded("dtstart") for e in events] == sorted(
        [
            received + dt.timedelta(days=14),
            received + dt.timedelta(days=28),
            overdue_received + dt.timedelta(days=14),
            overdue_received + dt.timedelta(days=28),
        ]
    )
    assert len({str(e["uid"]) for e in events}) == 4
    for event in events:
        assert event.decoded("dtstamp").tzinfo is not None  # RFC 5545: DTSTAMP in UTC
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger") == -dt.timedelta(hours=15)
        assert str(alarm["action"]) == "DISPLAY"
        assert target.last_name not in str(event["summary"]) + str(event["description"])
    summaries = [str(e["summary"]) for e in events]
    assert summaries[0].startswith("ylittynyt: ennakkoyhteydenotto")  # 20 days ago + 14
    assert any(s.startswith("kuntoutuksen aloitus") for s in summaries)


def test_the_feed_follows_the_users_language(client, coach):
    admit(coach, received_on=today())
    coach.language = "en"
    coach.save()
    token = services.calendar_token_renew(user=coach)
    events = list(
        Calendar.from_ical(
            client.get(reverse("reminders:calendar_feed", args=[token.token])).content
        ).walk("VEVENT")
    )
    assert str(events[0]["summary"]).startswith("pre-contact")


def test_a_revoked_or_renewed_token_gets_404(client, coach):
    old = services.calendar_token_renew(user=coach)
    new = services.calendar_token_renew(user=coach)
    assert client.get(reverse("reminders:calendar_feed", args=[old.token])).status_code == 404
    assert client.get(reverse("reminders:calendar_feed", args=[new.token])).status_code == 200
    services.calendar_token_revoke(user=coach)
    assert client.get(reverse("reminders:calendar_feed", args=[new.token])).status_code == 404
    assert client.get(reverse("reminders:calendar_feed", args=["made-up"])).status_code == 404


def test_the_calendar_page_makes_and_stops_the_address(client, coach):
    client.force_login(coach)
    client.post(reverse("reminders:calendar_settings"), {"action": "renew"})
    page = client.get(reverse("reminders:calendar_settings")).content.decode()
    token = coach.calendar_tokens.get(revoked_at__isnull=True).token
    assert token in page
    client.post(reverse("reminders:calendar_settings"), {"action": "revoke"})
    assert not coach.calendar_tokens.filter(revoked_at__isnull=True).exists()


def test_the_digest_lists_overdue_and_soon_due_per_coach(coach, other_coach):
    coach.email, other_coach.email = "coach@example.invalid", "other@example.invalid"
    coach.save(), other_coach.save()
    overdue = admit(coach, received_on=today() - dt.timedelta(days=30))
    soon = admit(coach, received_on=today() - dt.timedelta(days=10))
    admit(coach, received_on=today())  # pre-contact due in 14 days: not in the digest
    assert digests_send(today=today(), base_url="http://vahti.test") == 1
    message = mail.outbox[0]
    assert message.to == ["coach@example.invalid"]
    # Every deadline: the overdue client's pre-contact (−16 days) and start (−2), the other
    # client's pre-contact (+4); starts 18 and 28 days away are beyond the 7 days.
    assert "2 ylittynyt, 1 seuraavan 7 päivän aikana" in message.body
    assert f"V-{overdue.current_decision.pk:06d}" in message.body
    assert f"V-{soon.current_decision.pk:06d}" in message.body
    assert overdue.last_name not in message.body + message.subject


def test_vahti_remind_runs_as_a_command(coach):
    coach.email = "coach@example.invalid"
    coach.save()
    admit(coach, received_on=today() - dt.timedelta(days=30))
    call_command("vahti_remind")
    assert len(mail.outbox) == 1


def test_the_calendar_address_is_the_one_the_user_reached(client, coach, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "vahti.example.fi"]
    client.force_login(coach)
    client.post(reverse("reminders:calendar_settings"), {"action": "renew"})
    page = client.get(
        reverse("reminders:calendar_settings"), HTTP_HOST="127.0.0.1:8080"
    ).content.decode()
    assert 'value="http://127.0.0.1:8080/calendar/' in page
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    page = client.get(
        reverse("reminders:calendar_settings"),
        HTTP_HOST="vahti.example.fi",
        HTTP_X_FORWARDED_PROTO="https",
    ).content.decode()
    assert 'value="https://vahti.example.fi/calendar/' in page
