"""Groups: the core's findings on the page, the group period recorded for every member in one
action (all or nothing), a Taito start moved below the minimum with notices drafted, TEAK's
start never postponed by the group, and the wall."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import admit
from vahti.cases.models import Day
from vahti.groups import services
from vahti.groups.models import Group, GroupMembership
from vahti.notices.models import Notice

RECEIVED = dt.date(2025, 9, 3)  # Taito decisions made by 31.12.2025 still run


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def taito_group(manager, size, planned_max=10, planned_start=None):
    group = services.group_create(
        actor=manager,
        name="Syksyn ryhmä",
        service="taito",
        planned_max=planned_max,
        planned_start=planned_start,
    )
    for _ in range(size):
        decision = admit(manager, service="taito", received_on=RECEIVED).current_decision
        services.group_member_add(actor=manager, group=group, decision=decision, joined_on=RECEIVED)
    return group


def test_a_taito_group_of_eleven_is_too_big_on_its_page(as_manager, manager):
    group = taito_group(manager, 11)
    page = as_manager.get(reverse("groups:group", args=[group.pk])).content.decode()
    assert "Ryhmässä on 11 asiakasta; enintään 10." in page
    assert "Ryhmän muodostaminen" in page  # the source's heading


def test_the_group_period_is_recorded_for_every_member_in_one_action(as_manager, manager):
    group = taito_group(manager, 6)
    response = as_manager.post(
        reverse("groups:group_period", args=[group.pk]),
        {"first": "2025-10-06", "second": "2025-11-04", "third": "2025-12-01", "hours": "6"},
    )
    assert response.status_code == 302
    days = Day.objects.filter(decision__group_memberships__group=group)
    assert days.count() == 6 * 12 and set(days.values_list("mode", flat=True)) == {"group"}
    assert sorted({d.date for d in days})[:4] == [dt.date(2025, 10, d) for d in (6, 7, 8, 9)]


def test_a_block_from_wednesday_is_refused_on_its_field_and_nothing_is_recorded(
    as_manager, manager
):
    group = taito_group(manager, 6)
    response = as_manager.post(
        reverse("groups:group_period", args=[group.pk]),
        {"first": "2025-10-08", "second": "2025-11-04", "third": "2025-12-01", "hours": "6"},
    )
    assert response.status_code == 400
    assert "Ryhmäjakso ei voi alkaa 8.10.2025" in response.content.decode()
    assert not Day.objects.exists()


def test_below_the_minimum_the_start_moves_and_a_notice_is_drafted_per_member(manager, monkeypatch):
    monkeypatch.setattr("vahti.groups.services.today", lambda: dt.date(2025, 10, 1))
    group = taito_group(manager, 5, planned_max=9)
    notices = services.group_start_postpone(
        actor=manager, group=group, new_start=dt.date(2025, 12, 8), reason=""
    )
    group.refresh_from_db()
    assert group.planned_start == dt.date(2025, 12, 8)
    assert len(notices) == 5 and {n.kind for n in notices} == {Notice.Kind.POSTPONEMENT}
    assert "vähimmäismäärä on 6" in notices[0].body and "viranomaislinja" in notices[0].body
    # Each member's first group period is now due on the moved start.
    from vahti.cases.selectors import decision_result

    for membership in group.memberships.all():
        deadlines = {d.rule: d for d in decision_result(membership.decision).deadlines}
        assert deadlines["taito.group_period"].due == dt.date(2025, 12, 8)
    with pytest.raises(ValidationError) as error:  # past four months from receipt (3.1.2026)
        services.group_start_postpone(actor=manager, group=group, new_start=dt.date(2026, 1, 4))
    assert "new_start" in error.value.error_dict


def test_a_group_with_its_minimum_may_not_move_its_start(manager, monkeypatch):
    monkeypatch.setattr("vahti.groups.services.today", lambda: dt.date(2025, 10, 1))
    group = taito_group(manager, 6, planned_max=9)
    with pytest.raises(ValidationError) as error:
        services.group_start_postpone(actor=manager, group=group, new_start=dt.date(2025, 12, 8))
    assert "new_start" in error.value.error_dict
    assert not Notice.objects.exists()


def test_a_teak_group_starting_after_a_members_deadline_is_an_error(as_manager, manager):
    decision = admit(manager, service="teak.tyokokeilu").current_decision
    group = services.group_create(
        actor=manager,
        name="Työkokeiluryhmä",
        service="teak.tyokokeilu",
        planned_max=8,
        planned_start=decision.received_on + dt.timedelta(days=60),
    )
    services.group_member_add(actor=manager, group=group, decision=decision)
    page = as_manager.get(reverse("groups:group", args=[group.pk])).content.decode()
    assert "ylittyy ryhmää odottaessa" in page


def test_a_client_is_in_one_group_at_a_time_and_groups_are_for_teak_and_taito(manager):
    taito_group(manager, 1)
    other = services.group_create(actor=manager, name="Toinen", service="taito", planned_max=8)
    decision = GroupMembership.objects.get().decision
    with pytest.raises(ValidationError) as error:
        services.group_member_add(actor=manager, group=other, decision=decision)
    assert "decision" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.group_create(
            actor=manager, name="Yksilö", service="yksilokuntoutus", planned_max=5
        )
    assert "service" in error.value.error_dict
    assert Group.objects.count() == 2


def test_another_organisations_groups_are_404(client, manager, outsider):
    group = taito_group(manager, 1)
    client.force_login(outsider)
    assert client.get(reverse("groups:group", args=[group.pk])).status_code == 404
    assert client.post(reverse("groups:group_period", args=[group.pk]), {}).status_code == 404
    membership = GroupMembership.objects.get()
    assert (
        client.post(reverse("groups:group_member_leave", args=[membership.pk])).status_code == 404
    )
    assert "Syksyn" not in client.get(reverse("groups:groups")).content.decode()


def test_a_coach_sees_only_their_own_clients_in_a_group_and_cannot_record_for_all(
    client, manager, coach
):
    group = taito_group(manager, 2)
    mine = admit(coach, service="taito", received_on=RECEIVED).current_decision
    services.group_member_add(actor=coach, group=group, decision=mine, joined_on=RECEIVED)
    client.force_login(coach)
    page = client.get(reverse("groups:group", args=[group.pk])).content.decode()
    assert mine.client.last_name in page and "Lisäksi 2 jäsentä" in page
    response = client.post(
        reverse("groups:group_period", args=[group.pk]),
        {"first": "2025-10-06", "second": "2025-11-04", "third": "2025-12-01", "hours": "6"},
    )
    assert response.status_code == 400 and not Day.objects.exists()


@pytest.mark.parametrize("service", ["taito", "teak.tyokokeilu"])
def test_a_new_group_without_members_has_a_page_to_add_them_on(as_manager, manager, service):
    """It answered 500 (an empty read of no decisions), so no group made in the application
    could ever get members."""
    group = services.group_create(actor=manager, name="Uusi ryhmä", service=service, planned_max=8)
    response = as_manager.get(reverse("groups:group", args=[group.pk]))
    assert response.status_code == 200
    assert response.context["overview"].rows == []
    assert 'name="decision"' in response.content.decode()  # the form to add a member


def test_leaving_the_group_is_a_button_that_asks_for_the_day_and_saves_only_when_confirmed(
    as_manager, manager
):
    group = taito_group(manager, 1)
    membership = GroupMembership.objects.get()
    page = as_manager.get(reverse("groups:group", args=[group.pk])).content.decode()
    url = reverse("groups:group_member_leave", args=[membership.pk])
    assert f'<a class="button" href="{url}">' in page
    asked = as_manager.get(url).content.decode()
    assert "Merkitäänkö" in asked and 'name="left_on"' in asked
    membership.refresh_from_db()
    assert membership.left_on is None  # opening the page changes nothing
    refused = as_manager.post(url, {"left_on": (RECEIVED - dt.timedelta(days=1)).isoformat()})
    assert "ennen kuin asiakas liittyi" in refused.content.decode()
    day = RECEIVED + dt.timedelta(days=3)
    assert as_manager.post(url, {"left_on": day.isoformat()}).status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == day


@pytest.mark.parametrize("planned_max", [5, 11])
def test_a_taito_group_planned_outside_six_to_ten_is_refused_in_words(manager, planned_max):
    with pytest.raises(ValidationError) as error:
        services.group_create(actor=manager, name="Liian", service="taito", planned_max=planned_max)
    assert error.value.message_dict["planned_max"] == [
        f"Suunniteltu enimmäismäärä {planned_max} ei ole sallittu; Taito-ryhmässä on 6–10 "
        "asiakasta."
    ]
    assert not Group.objects.exists()


def test_a_moved_start_writes_to_each_member_in_their_language_of_service(manager, monkeypatch):
    """The letter to the clients and each member's notice to FPA in the member's language."""
    from vahti.cases.services import client_update
    from vahti.groups.selectors import client_letters

    monkeypatch.setattr("vahti.groups.services.today", lambda: dt.date(2025, 10, 1))
    group = taito_group(manager, 5, planned_max=9)
    swedish = group.memberships.first().decision
    client_update(actor=manager, client=swedish.client, language="sv")
    notices = services.group_start_postpone(
        actor=manager, group=group, new_start=dt.date(2025, 12, 8), reason=""
    )
    body = {n.decision.client_id: n.body for n in notices}[swedish.client_id]
    assert body.startswith("Hej,")
    assert "minimum är 6. Gruppens start flyttas till 8.12.2025" in body
    others = [n for n in notices if n.decision.client_id != swedish.client_id]
    assert all("vähimmäismäärä on 6" in n.body for n in others)
    letters = dict(client_letters(group, dt.date(2025, 12, 8)))
    assert sorted(letters) == ["fi", "sv"]
    assert 'Taito-kuntoutuksen ryhmä "Syksyn ryhmä" aloittaa 8.12.2025' in letters["fi"]
    assert "Vi har meddelat FPA om flytten." in letters["sv"]
