"""The access log: one row for every view or download of a client's data.

Rows are append-only. The model refuses to change or delete a row, and a database trigger
refuses it too (audit/database.py), so that not even raw SQL through the application's
connection can rewrite who read what. Each row carries a keyed digest over its fields and the
digest of the row before it (audit/chain.py): `manage.py vahti_verify_audit` finds a row removed
or edited outside the application, and the newest rows removed (against the head it keeps
outside the database).

The client is kept as an id, not a foreign key: the log sits below the case register
(docs/architecture.md) and must outlive any change to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vahti.organisations.models import Organisation


class AppendOnly(Exception):
    """A change or deletion of an access-log row was attempted."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes (the model's own save and delete refuse single rows)."""

    refusal = "append-only"

    def update(self, **kwargs):
        raise AppendOnly(self.refusal)

    def delete(self):
        raise AppendOnly(self.refusal)


class AccessRecordQuerySet(AppendOnlyQuerySet):
    refusal = "the access log is append-only"


class AccessRecord(models.Model):
    class What(models.TextChoices):
        CLIENT_PAGE = "client_page", _("client page")
        CLIENT_LIST = "client_list", _("list of clients")
        DECISION = "decision", _("decision")
        WEEK = "week", _("week")
        RECORDS = "records", _("records")
        CERTIFICATE = "certificate", _("participation certificate")
        FEEDBACK = "feedback", _("rehabilitation feedback")
        NOTICE = "notice", _("notice to Kela")
        NOTICE_EML = "notice_eml", _("notice as e-mail file")
        CALENDAR = "calendar", _("calendar feed")
        ACCESS_LOG = "access_log", _("access log")
        EXPORT = "export", _("export")
        OUTCOMES = "outcomes", _("outcome data")

    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(_("time"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client_id = models.BigIntegerField(null=True, db_index=True)
    what = models.CharField(_("what"), max_length=20, choices=What.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True)
    previous = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["user", "at"])]

    def delete(self, *args, **kwargs):
        raise AppendOnly("the access log is append-only")


class AccessLogPrune(models.Model):
    """A retention prune of the access log: rows up to ``through_sequence`` were removed because
    they were older than the retention period. The chain is verified from this checkpoint on."""

    at = models.DateTimeField()
    cutoff = models.DateTimeField()
    through_sequence = models.PositiveBigIntegerField()
    through_digest = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    digest = models.CharField(max_length=64, default="")  # keyed: chain.checkpoint_digest

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-through_sequence"]

    def delete(self, *args, **kwargs):
        raise AppendOnly("prune checkpoints are append-only")


class HistorySealQuerySet(AppendOnlyQuerySet):
    refusal = "history seals are append-only"


class HistorySeal(models.Model):
    """One link of the hash chain over the change history (django-simple-history rows of every
    table): the digest covers the history row's values and the link before it, so that a history
    row edited or removed below the application is found by `vahti_verify_audit`."""

    sequence = models.PositiveBigIntegerField(unique=True)
    table = models.CharField(max_length=100)  # the history model's label
    history_id = models.BigIntegerField()
    at = models.DateTimeField()
    # The history row's fields the digest covers, comma-separated (chain.sealed_fields).
    fields = models.TextField(default="")
    previous = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    objects = HistorySealQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["table", "history_id"], name="one_seal_per_history_row")
        ]

    def delete(self, *args, **kwargs):
        raise AppendOnly("history seals are append-only")
