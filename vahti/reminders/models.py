"""A user's secret calendar feed address."""

from django.db import models

from vahti.organisations.models import User


class CalendarToken(models.Model):
    """The secret in a user's calendar feed address; revoking it makes the address a 404."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_tokens")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
