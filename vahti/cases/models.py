"""A client's case, mapping one to one onto `vahti evaluate`'s input (evaluate.md): the client,
Kela's decision and its events, days, breaks, absences and work, the status the dashboard reads,
and the issued participation certificates.

Models hold data only: writes go through services.py (atomic, with history), reads through
selectors.py and the access helper in access.py. Every case table keeps its history
(django-simple-history) so that the client page shows who changed what and when.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vahti.core.counties import county_choices
from vahti.core.dates import fi_date
from vahti.core.fields import (
    EncryptedBinaryField,
    EncryptedJSONField,
    EncryptedTextField,
    NoteField,
)
from vahti.core.lines import service_choices
from vahti.core.validators import one_line, plausible_date
from vahti.organisations.models import Organisation, Site, User
from vahti.rules import case as vocabulary

HOURS = [MinValueValidator(0), MaxValueValidator(vocabulary.MAX_HOURS)]


def choices(values, labels):
    return [(value, labels.get(value, value)) for value in values]


# Labels of the input vocabularies of evaluate.md (the service lines are in the rules core's
# registry: vahti.core.lines).
MODE_LABELS = {
    "onsite": _("at the provider"),
    "workplace": _("at a workplace"),
    "remote": _("video"),
    "group": _("group"),
    "independent": _("independent"),
}
BREAK_LABELS = {
    "employer_delay": _("employer delays the start"),
    "client_holiday": _("client's holiday"),
    "childcare": _("childcare"),
    "unrelated_course": _("unrelated course or camp"),
    "illness": _("illness"),
    "other": _("other"),
}
ABSENCE_LABELS = {"sick": _("sick"), "other": _("other")}
WORK_LABELS = {
    "part_time": _("part-time work"),
    "occasional": _("occasional work"),
    "full_time": _("full-time work"),
    "paid_work_trial": _("paid work trial"),
}
EVENT_LABELS = {
    "precontact": _("pre-contact"),
    "invitation_letter": _("invitation letter"),
    "start": _("start (first day)"),
    "start_postponed": _("start postponed"),
    "group_period_start": _("group period starts"),
    "end": _("end"),
    "feedback_sent": _("feedback sent"),
    "certificate_issued": _("certificate issued"),
    "kela_notified": _("Kela notified"),
    "meeting": _("meeting with the coach"),
}
TOPIC_LABELS = {
    "queue": _("queue"),
    "postponement": _("postponement"),
    "interruption": _("threatened interruption"),
    "change": _("change"),
}
BENEFIT_LABELS = {
    "sickness": _("sickness allowance"),
    "unemployment": _(
        "unemployment benefit (from 1.5.2026 yleistuki or earnings-related allowance)"
    ),
    "social_assistance": _("basic social assistance"),
}

# Events Vahti records itself when a certificate is issued, feedback sent or Kela notified: the
# pages that made them show them as done, so they are never removed like a typing slip.
SYSTEM_EVENTS = frozenset({"certificate_issued", "feedback_sent", "kela_notified"})

MODES = choices(vocabulary.MODES, MODE_LABELS)
BREAK_REASONS = choices(vocabulary.BREAK_REASONS, BREAK_LABELS)
ABSENCE_REASONS = choices(vocabulary.ABSENCE_REASONS, ABSENCE_LABELS)
WORK_KINDS = choices(vocabulary.WORK_KINDS, WORK_LABELS)
EVENT_TYPES = choices(vocabulary.EVENT_TYPES, EVENT_LABELS)
TOPICS = choices(vocabulary.TOPICS, TOPIC_LABELS)
BENEFITS = choices(vocabulary.BENEFITS, BENEFIT_LABELS)
# Kela serves its clients in Finnish and Swedish; so do the documents Vahti makes for them.
SERVICE_LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish"))]


class Client(models.Model):
    """A client (kuntoutuja). The identity code is encrypted at rest."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="clients")
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True)
    county = models.CharField(
        _("wellbeing services county"), max_length=30, blank=True, choices=county_choices
    )
    # The language of service (asiointikieli): the documents made for the client (participation
    # certificate, feedback, notices about them) are in it; the user's own language is the UI's.
    language = models.CharField(
        _("language of service"), max_length=2, choices=SERVICE_LANGUAGES, default="fi"
    )
    first_name = models.CharField(_("first name"), max_length=100, validators=[one_line])
    last_name = models.CharField(_("last name"), max_length=100, validators=[one_line])
    identity_code = EncryptedTextField(_("henkilötunnus"))
    identity_digest = models.CharField(max_length=64, editable=False)
    coaches = models.ManyToManyField(
        User, blank=True, related_name="clients", verbose_name=_("coaches")
    )
    active = models.BooleanField(_("active"), default=True)
    current_decision = models.ForeignKey(
        "Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[coaches], excluded_fields=["current_decision"])

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identity_digest"], name="one_client_per_identity_code"
            )
        ]

    def __str__(self):
        return f"{self.last_name} {self.first_name}"


class Decision(models.Model):
    """Kela's decision (kuntoutuspäätös): one case of `vahti evaluate`."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="decisions")
    service = models.CharField(_("service"), max_length=40, choices=service_choices)
    decided_on = models.DateField(_("decided on"), validators=[plausible_date])
    received_on = models.DateField(_("received on"), validators=[plausible_date])
    # Plausible bounds, the rules core's own (rules/case.py), so nothing stored is refused later.
    sequence = models.PositiveSmallIntegerField(
        _("decision number"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(vocabulary.MAX_SEQUENCE)],
    )
    granted_days = models.PositiveSmallIntegerField(
        _("granted days"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(vocabulary.MAX_GRANTED_DAYS)],
    )
    window_months = models.PositiveSmallIntegerField(
        _("window (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(vocabulary.MAX_WINDOW_MONTHS)],
    )
    independent_days_granted = models.PositiveSmallIntegerField(
        _("independent days granted"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(vocabulary.MAX_GRANTED_DAYS)],
    )
    close_relative_granted = models.BooleanField(_("close relative granted"), default=False)
    in_working_life_at_start = models.BooleanField(_("in working life at the start"), default=False)
    benefit_before = models.CharField(
        _("benefit right before"), max_length=20, choices=BENEFITS, blank=True
    )
    # A line where the client works in paid employment (the registry's ``employer``: Kela's job
    # coaching): the employer, named on the certificate, to whom Kela pays the allowance.
    employer_name = models.CharField(
        _("employer"), max_length=200, blank=True, validators=[one_line]
    )
    employer_business_id = models.CharField(
        _("employer's business ID (Y-tunnus)"), max_length=9, blank=True
    )
    # The version of the recorded data (days, absences, events, breaks, work, feedback): a page
    # posts the version it showed, and a stale save is refused naming who changed it and when.
    recorded_version = models.PositiveIntegerField(default=0, editable=False)
    recorded_by = models.ForeignKey(
        "organisations.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["recorded_version", "recorded_by", "recorded_at"])

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.get_service_display()} {fi_date(self.decided_on)}"


class DecisionStatus(models.Model):
    """What the rules core said of a decision on a day: the dashboard reads this, so that it
    does not evaluate every client on every request (refreshed on every write and daily)."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="status")
    evaluated_on = models.DateField()
    next_rule = models.CharField(max_length=60, blank=True)
    next_due = models.DateField(null=True, blank=True)
    next_status = models.CharField(max_length=10, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    certificate_stale = models.BooleanField(default=False)


class QueueItem(models.Model):
    """One thing to do on a current decision, as the rules core said when it was last evaluated
    (with DecisionStatus, on every write and daily): a pending deadline, an error or warning,
    a certificate to reissue, a week still to record. The work queue reads these, so that its
    queries do not grow with the number of clients. ``place`` is where it is done (the rule's
    ``done_in`` in the catalogue)."""

    DEADLINE, FINDING, CERTIFICATE, WEEK = "deadline", "finding", "certificate", "week"
    # The urgency order: overdue deadlines, errors, the rest by date, warnings last.
    OVERDUE_TIER, ERROR_TIER, OTHER_TIER, WARNING_TIER = 0, 1, 2, 3
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="queue_items")
    # Items exist only for the current decision of an active client, and carry its client and
    # organisation: a manager's queue then reads one organisation's index, never every client.
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The client's name as the queue sorts by it (kept by client_update).
    client_last_name = models.CharField(max_length=100)
    client_first_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=12)
    rule = models.CharField(max_length=60, blank=True)
    due = models.DateField()
    severity = models.CharField(max_length=10, blank=True)  # findings: error or warning
    count = models.PositiveIntegerField(default=1)  # findings of the rule, from ``due`` on
    place = models.CharField(max_length=12)
    # The urgency tier on the day the decision was evaluated (a deadline is overdue from its
    # due date; the daily refresh writes every item again each morning).
    tier = models.PositiveSmallIntegerField(default=OTHER_TIER)

    class Meta:
        indexes = [
            models.Index(fields=["decision", "due"]),
            models.Index(fields=["organisation", "tier", "due", "id"], name="queue_urgency"),
            models.Index(
                fields=["organisation", "kind", "severity", "due", "id"], name="queue_kind"
            ),
            models.Index(fields=["organisation", "due", "id"], name="queue_due"),
            models.Index(fields=["organisation", "kind", "rule", "due", "id"], name="queue_what"),
            models.Index(
                fields=[
                    "organisation",
                    "client_last_name",
                    "client_first_name",
                    "client",
                    "due",
                    "id",
                ],
                name="queue_client",
            ),
        ]


class QueueTally(models.Model):
    """How many queue items an organisation has of each kind, severity and place on each due
    date, kept with the items in the same transaction (``cases.services.queue``): the work
    queue's tiles for a manager add up these few rows instead of counting every client's items.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)
    severity = models.CharField(max_length=10, blank=True)
    place = models.CharField(max_length=12)
    due = models.DateField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "severity", "place", "due"], name="one_tally_row"
            )
        ]


class Event(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("event"), max_length=30, choices=EVENT_TYPES)
    date = models.DateField(_("date"), validators=[plausible_date])
    topic = models.CharField(_("topic"), max_length=20, choices=TOPICS, blank=True)
    new_due = models.DateField(
        _("new start date"), validators=[plausible_date], null=True, blank=True
    )
    reason = NoteField(_("reason"))
    kela_agreed = models.BooleanField(_("agreed with Kela"), default=False)
    note = NoteField(_("note"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("event")

    def __str__(self):
        return f"{self.get_type_display()} {fi_date(self.date)}"


class Day(models.Model):
    """A rehabilitation day (kuntoutuspäivä), or a flex day with no rehabilitation (0 h)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"), validators=[plausible_date])
    hours = models.FloatField(_("hours"), null=True, blank=True, validators=HOURS)
    programme_hours = models.FloatField(
        _("programme hours"), null=True, blank=True, validators=HOURS
    )
    travel_hours = models.FloatField(_("travel hours"), null=True, blank=True, validators=HOURS)
    mode = models.CharField(_("mode"), max_length=20, choices=MODES, default="onsite")
    flex = models.BooleanField(_("flex"), default=False)
    flex_reason = NoteField(_("flex justification"))
    worked = models.BooleanField(_("worked that day"), default=False)
    close_relative = models.BooleanField(_("close relative took part"), default=False)
    note = NoteField(_("note"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("day")
        constraints = [models.UniqueConstraint(fields=["decision", "date"], name="one_day_a_date")]

    def __str__(self):
        return f"{fi_date(self.date)}"


class InvoicedDay(models.Model):
    """A day on an invoice to Kela (invoicing writes these when it makes a billing run): the
    day is locked. Changing or removing it asks for a reason, kept here until the next run
    credits the invoice's row and bills the day as it now stands (billing.correction)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="invoiced_days")
    date = models.DateField(_("date"))
    invoice = models.CharField(_("invoice"), max_length=20)  # the invoice's number, as shown
    amount = models.DecimalField(_("amount (€)"), max_digits=9, decimal_places=2)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    change_reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    # No history of its own: a lock is written and removed by the billing run whose invoice
    # and rows keep the history; the change it carries is in the day's own history.

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "date"], name="one_invoiced_day")
        ]


class Break(models.Model):
    """A break (jaksotus); an open break has no end."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="breaks")
    start = models.DateField(_("from"), validators=[plausible_date])
    end = models.DateField(_("to"), validators=[plausible_date], null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=BREAK_REASONS, blank=True)
    note = NoteField(_("note"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["start"]
        verbose_name = _("break")

    def __str__(self):
        end = f"{fi_date(self.end)}" if self.end else "…"
        return f"{fi_date(self.start)}–{end}"


class Absence(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="absences")
    date = models.DateField(_("date"), validators=[plausible_date])
    reason = models.CharField(_("reason"), max_length=10, choices=ABSENCE_REASONS, blank=True)
    reported_to_kela = models.BooleanField(_("reported to Kela"), default=False)
    note = NoteField(_("note"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("absence")
        constraints = [
            models.UniqueConstraint(fields=["decision", "date"], name="one_absence_a_date")
        ]

    def __str__(self):
        return f"{fi_date(self.date)}"


class Cancellation(models.Model):
    """A booked time the client cancelled, or did not come to (billing.cancellation: the client
    cancels within 7 days of being told the time; a late one is billed only when the contract
    says so). Not part of the case the rules evaluate: only invoicing reads it."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="cancellations")
    booked_on = models.DateField(_("the booked time's date"), validators=[plausible_date])
    told_on = models.DateField(_("the client was told the time on"), validators=[plausible_date])
    cancelled_on = models.DateField(
        _("the client cancelled on"), null=True, blank=True, validators=[plausible_date]
    )
    note = NoteField(_("note"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["booked_on"]
        verbose_name = _("cancellation")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "booked_on"], name="one_cancellation_a_date"
            )
        ]

    def __str__(self):
        if self.cancelled_on is None:
            return _("%(day)s: did not come") % {"day": fi_date(self.booked_on)}
        return _("%(day)s: cancelled on %(cancelled)s") % {
            "day": fi_date(self.booked_on),
            "cancelled": fi_date(self.cancelled_on),
        }


class WorkPeriod(models.Model):
    """Work beside the rehabilitation."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="work")
    start = models.DateField(_("from"), validators=[plausible_date])
    end = models.DateField(_("to"), validators=[plausible_date], null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=WORK_KINDS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start"]
        verbose_name = _("work period")

    def __str__(self):
        end = f"{fi_date(self.end)}" if self.end else "…"
        return f"{self.get_kind_display()} {fi_date(self.start)}–{end}"


class Certificate(models.Model):
    """An issued participation certificate (osallistumistodistus): the facts it states, the PDF
    exactly as issued, and hashes of both (a download is always the same bytes)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="certificates")
    version = models.PositiveIntegerField()
    issued_on = models.DateField()
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True)
    facts = EncryptedJSONField()
    facts_hash = models.CharField(max_length=64)
    pdf = EncryptedBinaryField()
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "version"], name="one_certificate_version")
        ]
