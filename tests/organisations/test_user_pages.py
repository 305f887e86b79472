"""Managers run their own organisation's staff and sites in the application; nothing crosses
the wall, no one raises their own rights, and a new organisation comes from an operator's
command."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.factories import admit
from vahti.audit.models import AccessRecord
from vahti.organisations.models import Organisation, Site, User


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def test_a_manager_adds_a_coach_who_can_then_sign_in(as_manager, organisation):
    response = as_manager.post(
        reverse("organisations:user_new"),
        {
            "username": "uusi",
            "first_name": "Uusi",
            "last_name": "Valmentaja",
            "email": "uusi@example.invalid",
            "role": "coach",
            "password": "pitkä-ja-hyvä-salasana",
        },
    )
    assert response.status_code == 302
    member = User.objects.get(username="uusi")
    assert member.organisation == organisation and not member.is_staff
    assert not member.is_superuser and member.check_password("pitkä-ja-hyvä-salasana")


def test_a_weak_first_password_and_a_taken_username_are_refused_on_their_fields(as_manager, coach):
    page = as_manager.post(
        reverse("organisations:user_new"),
        {
            "username": coach.username,
            "first_name": "A",
            "last_name": "B",
            "role": "coach",
            "password": "1",
        },
    ).content.decode()
    assert "Käyttäjätunnus: Käyttäjätunnus on jo käytössä." in page
    page = as_manager.post(
        reverse("organisations:user_new"),
        {
            "username": "toinen",
            "first_name": "A",
            "last_name": "B",
            "role": "coach",
            "password": "1",
        },
    ).content.decode()
    assert "Ensimmäinen salasana:" in page and not User.objects.filter(username="toinen").exists()


def test_a_manager_deactivates_a_coach_whose_sessions_end(as_manager, coach):
    from django.test import Client

    theirs = Client()
    theirs.force_login(coach)
    assert theirs.get(reverse("cases:dashboard")).status_code == 200
    as_manager.post(
        reverse("organisations:user_edit", args=[coach.pk]),
        {
            "first_name": coach.first_name,
            "last_name": coach.last_name,
            "email": "",
            "role": "coach",
        },
    )  # is_active unticked
    coach.refresh_from_db()
    assert not coach.is_active and User.objects.filter(pk=coach.pk).exists()
    assert theirs.get(reverse("cases:dashboard")).status_code == 302


def test_a_manager_cannot_deactivate_or_demote_themselves(as_manager, manager):
    page = as_manager.post(
        reverse("organisations:user_edit", args=[manager.pk]),
        {"first_name": "M", "last_name": "M", "email": "", "role": "coach", "is_active": "on"},
    ).content.decode()
    assert "Et voi muuttaa omaa rooliasi" in page
    manager.refresh_from_db()
    assert manager.role == User.Role.MANAGER


def test_no_form_raises_rights(as_manager, manager):
    as_manager.post(
        reverse("organisations:user_edit", args=[manager.pk]),
        {
            "first_name": "M",
            "last_name": "M",
            "email": "",
            "role": "manager",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "organisation": "999",
        },
    )
    manager.refresh_from_db()
    assert not manager.is_superuser and not manager.is_staff


def test_another_organisations_staff_and_sites_do_not_exist_for_a_manager(
    as_manager, outsider, other_organisation
):
    site = Site.objects.create(organisation=other_organisation, name="Muualla")
    assert as_manager.get(reverse("organisations:user_edit", args=[outsider.pk])).status_code == 404
    assert (
        as_manager.post(
            reverse("organisations:user_edit", args=[outsider.pk]),
            {"first_name": "X", "last_name": "Y", "role": "coach"},
        ).status_code
        == 404
    )
    assert as_manager.get(reverse("organisations:site_edit", args=[site.pk])).status_code == 404
    assert as_manager.get(reverse("cases:user_access_log", args=[outsider.pk])).status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active and outsider.first_name != "X"
    assert outsider.username not in as_manager.get(reverse("organisations:users")).content.decode()


def test_coaches_do_not_manage_staff(client, coach, other_coach):
    client.force_login(coach)
    assert client.get(reverse("organisations:users")).status_code == 404
    assert client.get(reverse("organisations:user_edit", args=[other_coach.pk])).status_code == 404
    assert client.get(reverse("cases:user_access_log", args=[other_coach.pk])).status_code == 404


def test_sites_are_added_and_renamed(as_manager, organisation):
    as_manager.post(
        reverse("organisations:site_new"), {"name": "Tampere", "address": "Hämeenkatu 1"}
    )
    site = Site.objects.get(organisation=organisation, name="Tampere")
    as_manager.post(
        reverse("organisations:site_edit", args=[site.pk]), {"name": "Tampere keskusta"}
    )
    site.refresh_from_db()
    assert site.name == "Tampere keskusta"


def test_the_organisation_can_require_the_second_factor_of_everyone(as_manager, organisation):
    as_manager.post(reverse("organisations:users"), {"second_factor_for_all": "on"})
    organisation.refresh_from_db()
    assert organisation.second_factor_for_all


def test_a_manager_sees_which_clients_a_coach_has_read_and_that_view_is_logged(
    as_manager, client, coach, manager
):
    from django.test import Client

    case = admit(coach)
    theirs = Client()
    theirs.force_login(coach)
    theirs.get(reverse("cases:client", args=[case.pk]))
    page = as_manager.get(reverse("cases:user_access_log", args=[coach.pk])).content.decode()
    assert f"{case.first_name} {case.last_name}" in page and "asiakassivu" in page
    assert AccessRecord.objects.filter(user=manager, what="client_list").exists()
    csv = as_manager.get(reverse("cases:user_access_log", args=[coach.pk]) + "?format=csv")
    assert case.last_name in csv.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_an_operator_creates_an_organisation_and_its_first_manager(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("ensimmäinen-salasana-2026\n"))
    out = io.StringIO()
    call_command(
        "vahti_organisation_create",
        "--name",
        "Uusi Kuntoutus Oy",
        "--business-id",
        "7654321-2",
        "--username",
        "esihenkilo",
        "--first-name",
        "Eeva",
        "--last-name",
        "Esihenkilö",
        stdout=out,
    )
    manager = User.objects.get(username="esihenkilo")
    assert manager.role == User.Role.MANAGER and manager.requires_second_factor
    assert manager.organisation == Organisation.objects.get(business_id="7654321-2")
    assert not manager.is_staff and "authenticator" in out.getvalue()
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    with pytest.raises(CommandError, match="password"):
        call_command(
            "vahti_organisation_create",
            "--name",
            "Toinen",
            "--business-id",
            "1234567-1",
            "--username",
            "toinen",
            "--first-name",
            "A",
            "--last-name",
            "B",
        )
    assert not Organisation.objects.filter(name="Toinen").exists()
