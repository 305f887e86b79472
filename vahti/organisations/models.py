"""The provider (palveluntuottaja), its sites and its staff. Writes go through services.py."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    """A service provider (palveluntuottaja)."""

    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(_("business ID (Y-tunnus)"), max_length=9, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Site(models.Model):
    """A site (toimipiste) of the provider."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self):
        return self.name


class StaffDeletion(Exception):
    """Staff are deactivated, never deleted: their names stay on the history they wrote."""


class StaffQuerySet(models.QuerySet):
    def delete(self):
        raise StaffDeletion("staff are deactivated, never deleted")


class StaffManager(UserManager.from_queryset(StaffQuerySet)):
    pass


class User(AbstractUser):
    """A member of the provider's staff."""

    class Role(models.TextChoices):
        COACH = "coach", _("job coach")
        PERSONAL_COACH = "personal_coach", _("personal coach")
        MANAGER = "manager", _("manager")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="staff")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COACH)
    history = HistoricalRecords()

    objects = StaffManager()

    def delete(self, *args, **kwargs):
        raise StaffDeletion("staff are deactivated, never deleted")

    @property
    def sees_all_clients(self) -> bool:
        return self.role == self.Role.MANAGER
