"""The staff register: a staff change checks the team and drafts the notice to Kela; the
qualifications judged by the rules core; bad input refused on its field; the wall."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vahti.core.dates import today
from vahti.notices.models import Notice
from vahti.staff import services
from vahti.staff.models import Qualification, ServiceRequirement, StaffMember


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def psychologist_required(manager):
    return services.requirement_add(
        actor=manager,
        service="yksilokuntoutus",
        profession="psychologist",
        source="004 (esimerkki)",
    )


def member(manager, **fields):
    values = {
        "first_name": "Pia",
        "last_name": "Psykologi",
        "profession": "psychologist",
        "services": ["yksilokuntoutus"],
        "experience_months": 36,
        "experience_checked_on": today() - dt.timedelta(days=30),
        **fields,
    }
    return services.staff_member_create(actor=manager, **values).member


def test_adding_a_member_on_the_page_drafts_the_staff_change_notice_with_the_team_check(
    as_manager, manager, psychologist_required
):
    response = as_manager.post(
        reverse("staff:staff_member_new"),
        {
            "first_name": "Pia",
            "last_name": "Psykologi",
            "profession": "psychologist",
            "services": ["yksilokuntoutus"],
            "experience_months": "24",
            "experience_checked_on": today().isoformat(),
            "report": "on",
        },
    )
    notice = Notice.objects.get(kind=Notice.Kind.STAFF_CHANGE)
    assert response.status_code == 302 and response["Location"] == reverse(
        "notices:notice", args=[notice.pk]
    )
    assert "Uusi henkilö: Pia Psykologi, psykologi." in notice.body
    assert "kaikki palveluiden vaatimat ammattihenkilöt ovat mukana" in notice.body
    assert notice.to_address == "kuntoutus.rekisteroityminen@kela.fi"
    saved = StaffMember.objects.get()
    assert saved.experience_checked_by == manager and saved.organisation == manager.organisation


def test_the_last_psychologist_leaving_says_the_team_lacks_one(manager, psychologist_required):
    pia = member(manager)
    change = services.staff_member_update(actor=manager, member=pia, ended_on=today())
    assert change.missing == []  # still working today
    change = services.staff_member_update(
        actor=manager, member=pia, ended_on=today() - dt.timedelta(days=1)
    )
    assert change.missing == ["Palvelusta Moniammatillinen yksilökuntoutus puuttuu psykologi."]
    assert "puuttuu psykologi" in change.notice.body
    assert "Henkilö lopettaa" in change.notice.body


def test_an_edit_that_is_not_a_staff_change_drafts_nothing(manager):
    pia = member(manager)
    drafted = Notice.objects.count()
    services.staff_member_create(
        actor=manager, first_name="Olli", last_name="Olemassa", profession="nurse", report=False
    )  # entering the register
    assert Notice.objects.count() == drafted
    change = services.staff_member_update(actor=manager, member=pia, role="vastuuhenkilö")
    assert change.notice is None and Notice.objects.count() == drafted
    services.qualification_add(
        actor=manager, member=pia, kind="first_aid", gained_on=today() - dt.timedelta(days=10)
    )
    assert Notice.objects.count() == drafted


def test_an_ea1_ending_within_the_horizon_shows_on_the_staff_page_with_its_source(
    as_manager, manager
):
    pia = member(manager)
    gained = today().replace(year=today().year - 3) + dt.timedelta(days=20)
    services.qualification_add(actor=manager, member=pia, kind="first_aid", gained_on=gained)
    # Kela's own kinds are stored without a name and shown in the reader's language.
    assert Qualification.objects.get().name == ""
    page = as_manager.get(reverse("staff:staff_list")).content.decode()
    assert "Pia Psykologi: EA1-ensiapukoulutus päättyy" in page
    as_manager.cookies["django_language"] = "en"
    english = as_manager.get(reverse("staff:staff_list")).content.decode()
    assert "Pia Psykologi: EA1 first aid ends" in english
    del as_manager.cookies["django_language"]
    assert "Auditoinneista poimittua" in page  # the source, by its heading


def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(as_manager, manager):
    pia = member(manager)
    response = as_manager.post(
        reverse("staff:qualification_add", args=[pia.pk]),
        {"kind": "first_aid", "gained_on": "2026-05-01", "valid_until": "2026-04-01"},
    )
    assert response.status_code == 400
    assert "Voimassa asti: Päättymispäivä on ennen suorituspäivää." in response.content.decode()
    assert not Qualification.objects.exists()
    response = as_manager.post(
        reverse("staff:staff_member_new"),
        {"first_name": "X", "last_name": "Y", "profession": "wizard"},
    )
    assert response.status_code == 200 and "Ammatti:" in response.content.decode()
    with pytest.raises(ValidationError) as error:
        services.requirement_add(actor=manager, service="yksilokuntoutus")
    assert "profession" in error.value.error_dict
    assert StaffMember.objects.count() == 1 and not ServiceRequirement.objects.exists()


def test_another_organisations_staff_are_404_and_coaches_do_not_see_the_register(
    client, manager, outsider, coach
):
    pia = member(manager)
    qualification = services.qualification_add(
        actor=manager, member=pia, kind="first_aid", gained_on=today()
    )
    requirement = services.requirement_add(
        actor=manager, service="yksilokuntoutus", profession="psychologist"
    )
    client.force_login(outsider)
    assert client.get(reverse("staff:staff_member", args=[pia.pk])).status_code == 404
    assert (
        client.post(reverse("staff:qualification_remove", args=[qualification.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("staff:requirement_remove", args=[requirement.pk])).status_code == 404
    )
    assert "Pia" not in client.get(reverse("staff:staff_list")).content.decode()
    client.force_login(coach)
    assert client.get(reverse("staff:staff_list")).status_code == 404
    assert Qualification.objects.exists() and ServiceRequirement.objects.exists()


def test_the_history_names_who_changed_a_member(manager):
    pia = member(manager)
    services.staff_member_update(actor=manager, member=pia, profession="nurse")
    assert [h.history_user for h in pia.history.all()] == [manager, manager]
