"""The rehabilitation feedback (kuntoutuspalaute) of a decision."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vahti.cases.models import Decision
from vahti.core.fields import EncryptedJSONField


class Feedback(models.Model):
    """The rehabilitation feedback of a decision, edited until sent. ``sections`` holds the text
    of each section of the line's feedback form (rules/catalogue/_services.yaml)."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="feedback")
    sections = EncryptedJSONField(default=dict)
    treating_party = models.CharField(_("treating party"), max_length=200, blank=True)
    consent_treating_party = models.BooleanField(
        _("client consents to send to the treating party"), default=False
    )
    network = models.CharField(_("network"), max_length=200, blank=True)
    consent_network = models.BooleanField(
        _("client consents to send to the network"), default=False
    )
    sent_on = models.DateField(null=True, blank=True)
    # The keys of the form's sections left empty, kept in clear beside the encrypted text so
    # that audit readiness finds thin feedback without decrypting every document.
    empty_sections = models.JSONField(default=list, blank=True, editable=False)
    history = HistoricalRecords()
