"""The provider (palveluntuottaja), its sites and its staff. Writes go through services.py."""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex
from simple_history.models import HistoricalRecords

from vahti.core.fields import EncryptedTextField


class Organisation(models.Model):
    """A service provider (palveluntuottaja)."""

    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(_("business ID (Y-tunnus)"), max_length=9, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    second_factor_for_all = models.BooleanField(
        _("second factor required for all staff"),
        default=False,
        help_text=_("Managers always sign in with a second factor; this extends it to everyone."),
    )
    # Prices are the provider's business: a coach sees what was invoiced in days, and in euros
    # only when the organisation allows it (issue 23).
    prices_visible_to_coaches = models.BooleanField(
        _("coaches see invoiced amounts"), default=False
    )
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


class UserDeletion(Exception):
    """Staff are deactivated, never deleted: their names stay on the history they wrote."""


class UserQuerySet(models.QuerySet):
    def delete(self):
        raise UserDeletion("staff are deactivated, never deleted")


class UsersManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A member of the provider's staff."""

    class Role(models.TextChoices):
        COACH = "coach", _("job coach")
        PERSONAL_COACH = "personal_coach", _("personal coach")
        MANAGER = "manager", _("manager")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COACH)
    # The interface, e-mail and calendar language the user chose on their profile.
    language = models.CharField(
        _("language"),
        max_length=2,
        default="fi",
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
    )
    # Raised by "log out on every device": every session signed with the old value ends.
    sessions_epoch = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["sessions_epoch", "last_login"])

    objects = UsersManager()

    def __str__(self):
        # People are shown by their names everywhere (choices, history, owners); the username
        # is only for signing in.
        return self.get_full_name() or self.username

    def get_session_auth_hash(self):
        # Django ends a session whose hash no longer matches (as after a password change); the
        # epoch in it lets the user end all their sessions without changing the password.
        return salted_hmac(
            "vahti.sessions", f"{self.password}:{self.sessions_epoch}", algorithm="sha256"
        ).hexdigest()

    @property
    def requires_second_factor(self) -> bool:
        return (
            self.is_superuser
            or self.role == self.Role.MANAGER
            or (self.organisation is not None and self.organisation.second_factor_for_all)
        )

    def delete(self, *args, **kwargs):
        raise UserDeletion("staff are deactivated, never deleted")

    @property
    def sees_all_clients(self) -> bool:
        return self.role == self.Role.MANAGER


def authenticator_key() -> str:
    return random_hex(20)  # 160 bits, hex, as RFC 4226 recommends


class Authenticator(TimestampMixin, ThrottlingMixin, Device):
    """The second factor: a TOTP authenticator app (RFC 6238, 30-second steps, six digits) on
    django-otp's device model and TOTP arithmetic. Its secret is stored encrypted with the field
    key, in the database and therefore in every dump and backup, and `vahti_rotate_keys`
    re-encrypts it; django-otp's own TOTP device keeps it as plain hex. Someone who can only
    write the database cannot plant a secret of their own either: it would not decrypt."""

    key = EncryptedTextField(default=authenticator_key)
    step = models.PositiveSmallIntegerField(default=30)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)  # one step either way
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)  # a code is never accepted twice

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    def verify_token(self, token) -> bool:
        allowed, _reason = self.verify_is_allowed()  # throttled after failures
        if not allowed:
            return False
        try:
            code = int(token)
        except (TypeError, ValueError):
            code = None
        totp = TOTP(self.bin_key, self.step, 0, self.digits, self.drift)
        totp.time = time.time()
        if code is not None and totp.verify(code, self.tolerance, self.last_t + 1):
            self.last_t, self.drift = totp.t(), totp.drift
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False

    def get_throttle_factor(self) -> int:
        # Each failure doubles the wait before the next try (django-otp's setting, default 1 s).
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    @property
    def config_url(self) -> str:
        """The otpauth:// address an authenticator app reads from the QR code."""
        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        label = f"{issuer}:{self.user.get_username()}"
        query = urlencode(
            {
                "secret": b32encode(self.bin_key),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        return f"otpauth://totp/{quote(label)}?{query}&issuer={quote(issuer)}"


class ApiToken(models.Model):
    """A personal API token (docs/api.md): made by its user on the profile page, shown once,
    stored as a digest only. It acts as its user, within its scope (read, or read and write),
    until it expires or is revoked; every read through it is logged naming it."""

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60)
    # The first characters, shown to tell tokens apart (and named in the access log).
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def label(self) -> str:
        return f"API-avain {self.prefix} ”{self.name}”"
