"""The Django admin is for operators (superusers) only: the attacks a manager could make through
it when it was open to them, each now refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import admit
from vahti.organisations.models import User


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/organisations/user/",
        "/admin/organisations/organisation/",
    ],
)
def test_a_manager_is_sent_to_the_operators_login(client, manager, path):
    client.force_login(manager)
    response = client.get(path)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_client_data_is_not_in_the_admin_at_all(client, manager, coach):
    """Client history, events and days were reachable there, bypassing the access log."""
    target = admit(coach)
    manager.is_superuser = manager.is_staff = True
    manager.save()
    client.force_login(manager)
    for path in (
        f"/admin/cases/client/{target.pk}/history/",
        f"/admin/cases/client/{target.pk}/change/",
        "/admin/cases/event/",
        "/admin/cases/day/",
    ):
        assert client.get(path).status_code == 404, path


def test_a_manager_cannot_make_themself_superuser_or_move_or_deactivate_others(
    client, manager, outsider
):
    client.force_login(manager)
    other_manager = outsider  # a manager of another organisation
    for target, data in (
        (manager, {"is_superuser": "on", "is_staff": "on"}),
        (other_manager, {"is_active": ""}),
    ):
        response = client.post(
            f"/admin/organisations/user/{target.pk}/change/", {"username": target.username, **data}
        )
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    manager.refresh_from_db()
    other_manager.refresh_from_db()
    assert not manager.is_superuser and not manager.is_staff and other_manager.is_active


def test_a_new_manager_is_not_admin_staff(manager):
    assert not manager.is_staff and not manager.user_permissions.exists()


def test_an_operator_can_use_the_admin_but_not_delete_staff(client, manager, django_user_model):
    operator = django_user_model.objects.create_superuser("operator", password="operator-pass-2026")
    client.force_login(operator)
    assert client.get("/admin/organisations/user/").status_code == 200
    response = client.get(f"/admin/organisations/user/{manager.pk}/delete/")
    assert response.status_code in (302, 403)
    assert User.objects.filter(pk=manager.pk).exists()
    assert reverse("admin:index") == "/admin/"
