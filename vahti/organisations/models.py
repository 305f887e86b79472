"""The provider (palveluntuottaja), its sites and its staff. Writes go through services.py."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    """A service provider (palveluntuottaja)."""

    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(_("business ID (Y-tunnus)"), max_length=9, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    second_factor_for_all = models.BooleanField(
        _("second factor required for all staff"), default=False,
        help_text=_("Managers always sign in with a second factor; this extends it to everyone."))
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
    # The interface, e-mail and calendar language the user chose on their profile.
    language = models.CharField(_("language"), max_length=2, default="fi",
                                choices=[("fi", "suomi"), ("en", "English")])
    # Raised by "log out on every device": every session signed with the old value ends.
    sessions_epoch = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["sessions_epoch", "last_login"])

    objects = StaffManager()

    def get_session_auth_hash(self):
        # Django ends a session whose hash no longer matches (as after a password change); the
        # epoch in it lets the user end all their sessions without changing the password.
        return salted_hmac("vahti.sessions", f"{self.password}:{self.sessions_epoch}",
                           algorithm="sha256").hexdigest()

    @property
    def requires_second_factor(self) -> bool:
        return (self.is_superuser or self.role == self.Role.MANAGER
                or (self.organisation is not None and self.organisation.second_factor_for_all))

    def delete(self, *args, **kwargs):
        raise StaffDeletion("staff are deactivated, never deleted")

    @property
    def sees_all_clients(self) -> bool:
        return self.role == self.Role.MANAGER
