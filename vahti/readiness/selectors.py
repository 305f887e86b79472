"""Audit readiness: what Kela's auditors would find today (003 "Auditoinneista poimittua"), per
organisation or site, each item with its rule and source; and Kela's audits and their
corrective actions. A fixed number of queries whatever the number of staff and clients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Q, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from vahti.cases.access import clients_for
from vahti.cases.models import Absence, Break, QueueItem
from vahti.core.duties import ProviderItem
from vahti.core.lines import feedback_form, service_name
from vahti.feedback.models import Feedback
from vahti.organisations.selectors import is_manager, managed_organisation_id
from vahti.rules.presentation import Presenter
from vahti.staff.selectors import StaffReview, staff_review

from .models import AuditFinding, CorrectiveAction, KelaAudit

# The catalogue's rule behind the documentation items (003: thin feedback content, gaps in the
# records); the staff items carry their own staff.* rules.
RECORDS_RULE = "provider.staff"
LISTED = 200  # rows per section on the page and in the PDF; the count says how many in all


@dataclass(frozen=True)
class RecordItem:
    client_id: int
    decision_id: int
    client: str
    service: str
    what: str  # feedback | weeks | absences | breaks
    count: int
    first: dt.date | None = None
    sections: tuple[str, ...] = ()
    sent: bool = False


@dataclass
class Section:
    items: list = field(default_factory=list)
    total: int = 0


@dataclass
class Readiness:
    on: dt.date
    site_id: int | None
    staff: StaffReview
    feedback: Section
    records: Section
    actions: list[CorrectiveAction]
    rule_text: str
    source: str

    @property
    def count(self) -> int:
        return len(self.staff.items) + self.feedback.total + self.records.total + len(self.actions)


def _clients(user, site_id):
    clients = clients_for(user).filter(active=True)
    return clients.filter(site_id=site_id) if site_id is not None else clients


def _name(row, prefix="decision__client__") -> str:
    return f"{row[prefix + 'first_name']} {row[prefix + 'last_name']}"


def _feedback_gaps(clients, lang: str) -> Section:
    """Feedback documents with an empty section (every section of the line's form is required:
    001 asks for a clearly headed summary of the whole rehabilitation, 004 for form KU 148).
    Read from the empty sections' keys kept beside the text: nothing is decrypted."""
    section = Section()
    rows = (
        Feedback.objects.filter(decision__client__in=clients.values("pk"))
        .exclude(empty_sections=[])
        .order_by("decision__client__last_name", "decision__client__first_name", "pk")
        .values(
            "decision_id",
            "decision__service",
            "empty_sections",
            "sent_on",
            "decision__client_id",
            "decision__client__first_name",
            "decision__client__last_name",
        )
    )
    for row in rows:
        section.total += 1
        if len(section.items) >= LISTED:
            continue
        headings = dict(feedback_form(row["decision__service"]).sections)
        empty = tuple(headings[key][lang] for key in row["empty_sections"] if key in headings)
        section.items.append(
            RecordItem(
                row["decision__client_id"],
                row["decision_id"],
                _name(row),
                service_name(row["decision__service"], lang),
                "feedback",
                len(empty),
                sections=empty,
                sent=row["sent_on"] is not None,
            )
        )
    return section


def _record_gaps(clients, lang: str) -> Section:
    """Per client's current decision: weeks inside the rehabilitation with nothing recorded
    (the work queue's weeks to record), absences and breaks without a reason."""
    current = Q(
        decision__client__in=clients.values("pk"), decision__client__current_decision=F("decision")
    )
    names = (
        "decision_id",
        "decision__client_id",
        "decision__client__first_name",
        "decision__client__last_name",
        "decision__service",
    )
    found = []
    for what, rows, date_field in (
        ("weeks", QueueItem.objects.filter(current, kind=QueueItem.WEEK), "due"),
        ("absences", Absence.objects.filter(current, reason=""), "date"),
        ("breaks", Break.objects.filter(current, reason=""), "start"),
    ):
        # A client's weeks to record are one queue item with their count.
        counted = Sum("count") if what == "weeks" else Count("pk")
        for row in rows.values(*names).annotate(count=counted, first=Min(date_field)):
            found.append(
                RecordItem(
                    row["decision__client_id"],
                    row["decision_id"],
                    _name(row),
                    service_name(row["decision__service"], lang),
                    what,
                    row["count"],
                    row["first"],
                )
            )
    found.sort(key=lambda item: (item.first or dt.date.min, item.client))
    return Section(items=found[:LISTED], total=len(found))


def open_actions(organisation_id: int):
    return (
        CorrectiveAction.objects.filter(
            finding__audit__organisation_id=organisation_id, closed_on__isnull=True
        )
        .select_related("owner", "finding__audit")
        .order_by("due_on", "pk")
    )


def readiness_report(user, *, on: dt.date, lang: str, site_id: int | None = None) -> Readiness:
    """Everything an audit would find today: staff qualifications expired or ending within the
    horizon, missing professions, unchecked experience (rules/staff.py); feedback with empty
    sections; record gaps; open corrective actions."""
    organisation_id = managed_organisation_id(user)
    clients = _clients(user, site_id)
    presenter = Presenter(lang)
    return Readiness(
        on=on,
        site_id=site_id,
        staff=staff_review(user.organisation, on=on, lang=lang, site_id=site_id),
        feedback=_feedback_gaps(clients, lang),
        records=_record_gaps(clients, lang),
        actions=list(open_actions(organisation_id)),
        rule_text=presenter.rule_text(RECORDS_RULE, on),
        source=presenter.source(RECORDS_RULE),
    )


def kela_audits_of(user):
    return (
        KelaAudit.objects.filter(organisation_id=managed_organisation_id(user))
        .select_related("site")
        .annotate(
            open_count=Count(
                "findings__actions", filter=Q(findings__actions__closed_on__isnull=True)
            )
        )
    )


def kela_audit_for(user, audit_id) -> KelaAudit:
    return get_object_or_404(
        KelaAudit.objects.select_related("site", "created_by"),
        organisation_id=managed_organisation_id(user),
        pk=audit_id,
    )


def audit_finding_for(user, finding_id) -> AuditFinding:
    return get_object_or_404(
        AuditFinding.objects.select_related("audit"),
        audit__organisation_id=managed_organisation_id(user),
        pk=finding_id,
    )


def corrective_action_for(user, action_id) -> CorrectiveAction:
    return get_object_or_404(
        CorrectiveAction.objects.select_related("finding__audit", "owner"),
        finding__audit__organisation_id=managed_organisation_id(user),
        pk=action_id,
    )


def audit_findings(audit: KelaAudit) -> list[AuditFinding]:
    """The audit's findings, each with its actions and each action's history (every change:
    who, when, what)."""
    findings = list(audit.findings.prefetch_related("actions__owner"))
    for finding in findings:
        for action in finding.actions.all():
            action.changes = _changes(action)
    return findings


def _changes(action: CorrectiveAction) -> list[dict]:
    rows = sorted(
        action.history.select_related("history_user"), key=lambda h: (h.history_date, h.history_id)
    )
    changes = []
    for before, after in zip([None, *rows], rows, strict=False):  # each row and the one before
        fields = (
            [
                str(CorrectiveAction._meta.get_field(c.field).verbose_name)
                for c in after.diff_against(before).changes
                if c.field not in ("closed_by",)
            ]
            if before is not None
            else []
        )
        who = after.history_user
        changes.append(
            {
                "when": after.history_date,
                "created": before is None,
                "fields": fields,
                "who": (who.get_full_name() or who.username) if who else "—",
            }
        )
    return changes


def provider_items(user, *, on: dt.date, lang: str) -> list[ProviderItem]:
    """The manager's own items: staff findings (qualifications expired or ending within the
    horizon, missing professions, unchecked experience) and open corrective actions (the work
    queue orders them with the others). Empty for a user who does not see the whole
    organisation. Three queries."""
    if not is_manager(user):
        return []
    review = staff_review(user.organisation, on=on, lang=lang)
    items = [
        ProviderItem(
            f.date, f.message, reverse("staff:staff_list") + "#findings", False, f.severity
        )
        for f in review.items
    ]
    for action in open_actions(user.organisation_id):
        items.append(
            ProviderItem(
                action.due_on,
                _("Corrective action: %(action)s") % {"action": action.description},
                reverse("readiness:kela_audit", args=[action.finding.audit_id])
                + f"#finding-{action.finding_id}",
                action.due_on < on,
                "error" if action.due_on < on else "",
            )
        )
    return items
