"""Writes: every change to a case goes through a service here.

A service is atomic (all or nothing), records who made the change in the history
(django-simple-history), checks the whole case with the rules core before committing (a day
inside a break, an event in the future… are refused with the core's message), and refreshes
the decision's status for the dashboard.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

from vahti.rules.case import CaseError
from vahti.rules.evaluate import default_evaluator
from vahti.rules.results import ERROR, OPEN, OVERDUE, WARNING

from .identity import identity_code_clean, identity_digest
from .models import (Absence, Break, CalendarToken, Certificate, Client, Day, Decision,
                     DecisionStatus, Event, Feedback, Notice, Organisation, Site, User, WorkPeriod)
from .documents import certificate_pdf
from .notices import EVENT_TOPICS, notice_draft
from .selectors import (case_data, certificate_facts, certificate_stale, facts_hash, language,
                        today)

DAYS_IN_WEEK = 7


def _save(instance, actor):
    instance._history_user = actor
    instance.full_clean()
    instance.save()
    return instance


def _delete(instance, actor):
    instance._history_user = actor
    instance.delete()


def business_id_clean(value: str) -> str:
    try:
        return ytunnus.format(ytunnus.validate(value))
    except StdnumError:
        raise ValidationError(
            {"business_id": _("Business ID %(value)s is not valid.") % {"value": value}}) from None


@transaction.atomic
def organisation_create(*, name: str, business_id: str, email: str = "", phone: str = "",
                        address: str = "") -> Organisation:
    return _save(Organisation(name=name, business_id=business_id_clean(business_id), email=email,
                              phone=phone, address=address), None)


@transaction.atomic
def site_create(*, organisation: Organisation, name: str, address: str = "") -> Site:
    return _save(Site(organisation=organisation, name=name, address=address), None)


@transaction.atomic
def staff_create(*, organisation: Organisation, username: str, password: str, first_name: str,
                 last_name: str, role: str, email: str = "") -> User:
    user = User(organisation=organisation, username=username, first_name=first_name,
                last_name=last_name, role=role, email=email,
                is_staff=role == User.Role.MANAGER)
    user.set_password(password)
    _save(user, None)
    if user.is_staff:
        from django.contrib.auth.models import Permission
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="workspace"))
    return user


@transaction.atomic
def client_create(*, actor: User, first_name: str, last_name: str, identity_code: str,
                  site: Site | None = None, coaches=()) -> Client:
    code = identity_code_clean(identity_code)
    digest = identity_digest(code)
    if Client.objects.filter(organisation=actor.organisation, identity_digest=digest).exists():
        raise ValidationError(
            {"identity_code": _("A client with this henkilötunnus already exists.")})
    client = _save(Client(organisation=actor.organisation, site=site, first_name=first_name,
                          last_name=last_name, identity_code=code, identity_digest=digest), actor)
    client.coaches.set(coaches or [actor])
    return client


@transaction.atomic
def client_admit(*, actor: User, client: dict, decision: dict) -> Client:
    """A new client with their first decision, both or neither."""
    new = client_create(actor=actor, **client)
    decision_create(actor=actor, client=new, **decision)
    return new


@transaction.atomic
def client_update(*, actor: User, client: Client, **fields) -> Client:
    coaches = fields.pop("coaches", None)
    for name, value in fields.items():
        setattr(client, name, value)
    _save(client, actor)
    if coaches is not None:
        client.coaches.set(coaches)
    return client


@transaction.atomic
def decision_create(*, actor: User, client: Client, **fields) -> Decision:
    decision = _save(Decision(client=client, **fields), actor)
    # A derived pointer, not a change to the client: no history row for it.
    Client.objects.filter(pk=client.pk).update(current_decision=decision)
    client.current_decision = decision
    _check_and_refresh(decision)
    return decision


@transaction.atomic
def decision_update(*, actor: User, decision: Decision, **fields) -> Decision:
    for name, value in fields.items():
        setattr(decision, name, value)
    _save(decision, actor)
    _check_and_refresh(decision)
    return decision


@transaction.atomic
def week_save(*, actor: User, decision: Decision, monday: dt.date, entries: list[dict]) -> None:
    """Replace the week's days and absences with ``entries`` (one per date, kind "day" or
    "absence"; dates without an entry are cleared)."""
    sunday = monday + dt.timedelta(days=DAYS_IN_WEEK - 1)
    for old in [*decision.days.filter(date__range=(monday, sunday)),
                *decision.absences.filter(date__range=(monday, sunday))]:
        _delete(old, actor)
    for entry in entries:
        entry = dict(entry)
        kind = entry.pop("kind")
        if not monday <= entry["date"] <= sunday:
            raise ValidationError(_("%(date)s is not in the week of %(monday)s.")
                                  % {"date": entry["date"], "monday": monday})
        model = Day if kind == "day" else Absence
        _save(model(decision=decision, **entry), actor)
    _check_and_refresh(decision)


@transaction.atomic
def break_add(*, actor: User, decision: Decision, start: dt.date, end: dt.date | None,
              reason: str = "", note: str = "") -> Break:
    brk = _save(Break(decision=decision, start=start, end=end, reason=reason, note=note), actor)
    _check_and_refresh(decision)
    return brk


@transaction.atomic
def event_add(*, actor: User, decision: Decision, **fields) -> Event:
    event = _save(Event(decision=decision, **fields), actor)
    _check_and_refresh(decision)
    return event


@transaction.atomic
def work_add(*, actor: User, decision: Decision, **fields) -> WorkPeriod:
    work = _save(WorkPeriod(decision=decision, **fields), actor)
    _check_and_refresh(decision)
    return work


@transaction.atomic
def record_delete(*, actor: User, record) -> None:
    """Delete an event, break or work period of a decision the caller may see."""
    decision = record.decision
    _delete(record, actor)
    _check_and_refresh(decision)


def _check_and_refresh(decision: Decision) -> DecisionStatus:
    """Refuse a case the rules core cannot read (the transaction rolls back), else store its
    status for the dashboard."""
    evaluator = default_evaluator()
    try:
        result = evaluator.evaluate(evaluator.read(case_data(decision, as_of=today())))
    except CaseError as error:
        raise ValidationError(evaluator.error_message(error, language())) from None
    return decision_status_store(decision=decision, result=result, day=today())


CERTIFICATE_RULES = "certificate."


@transaction.atomic
def certificate_issue(*, actor: User, decision: Decision) -> Certificate:
    """Issue a participation certificate: refused while the case has certificate.* errors (they
    would make it unclear and delay the allowance); stores the facts, the PDF and their hashes,
    and records a certificate_issued event."""
    day = today()
    evaluator = default_evaluator()
    result = evaluator.evaluate(evaluator.read(case_data(decision, as_of=day)))
    blocking = [f for f in result.findings
                if f.rule.startswith(CERTIFICATE_RULES) and f.severity == ERROR]
    if blocking:
        lang = language()
        raise ValidationError([evaluator.catalogue.message(f.rule, key, values, lang)
                               for f in blocking for key, values in f.values["_messages"]])
    version = (decision.certificates.aggregate(Max("version"))["version__max"] or 0) + 1
    facts = {**certificate_facts(decision, result, issued_on=day), "version": version}
    pdf = certificate_pdf(facts)
    certificate = Certificate.objects.create(
        decision=decision, version=version, issued_on=day, issued_by=actor, facts=facts,
        facts_hash=facts_hash(facts), pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest())
    event_add(actor=actor, decision=decision, type="certificate_issued", date=day)
    return certificate


@transaction.atomic
def notice_create(*, actor: User, kind: str, details: str = "",
                  decision: Decision | None = None) -> Notice:
    """Draft a notice to Kela from the case (staff changes have no decision)."""
    if (kind == Notice.Kind.STAFF_CHANGE) != (decision is None):
        raise ValidationError(_("A staff change concerns the organisation, other notices a client."))
    result = None
    if decision is not None:
        evaluator = default_evaluator()
        result = evaluator.evaluate(evaluator.read(case_data(decision, as_of=today())))
    draft = notice_draft(organisation=actor.organisation, kind=kind, details=details, on=today(),
                         decision=decision, result=result)
    return _save(Notice(organisation=actor.organisation, decision=decision, kind=kind,
                        created_by=actor, **draft), actor)


@transaction.atomic
def notice_mark_sent(*, actor: User, notice: Notice) -> Notice:
    """Record that the notice was sent: a kela_notified event on the case, which clears the
    finding the notice answers (teak.queue, notify.change)."""
    if notice.sent_on is not None:
        return notice
    notice.sent_on = today()
    _save(notice, actor)
    topic = EVENT_TOPICS.get(notice.kind)
    if notice.decision is not None and topic:
        event_add(actor=actor, decision=notice.decision, type="kela_notified", topic=topic,
                  date=notice.sent_on)
    return notice


@transaction.atomic
def calendar_token_renew(*, user: User) -> CalendarToken:
    """Revoke the user's feed addresses and make a new one."""
    user.calendar_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_token_revoke(*, user: User) -> None:
    user.calendar_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def feedback_save(*, actor: User, decision: Decision, sections: dict, treating_party: str = "",
                  consent_treating_party: bool = False, network: str = "",
                  consent_network: bool = False) -> Feedback:
    feedback = Feedback.objects.filter(decision=decision).first() or Feedback(decision=decision)
    feedback.sections = sections
    feedback.treating_party, feedback.consent_treating_party = treating_party, consent_treating_party
    feedback.network, feedback.consent_network = network, consent_network
    return _save(feedback, actor)


@transaction.atomic
def feedback_send(*, actor: User, feedback: Feedback) -> Feedback:
    """Record the feedback as sent today: a feedback_sent event meets the feedback deadline."""
    if feedback.sent_on is None:
        feedback.sent_on = today()
        _save(feedback, actor)
        event_add(actor=actor, decision=feedback.decision, type="feedback_sent",
                  date=feedback.sent_on)
    return feedback


def decision_status_store(*, decision: Decision, result, day: dt.date) -> DecisionStatus:
    pending = [d for d in result.deadlines if d.status in (OPEN, OVERDUE)]
    first = min(pending, key=lambda d: (d.due, d.rule), default=None)
    errors = sum(1 for f in result.findings if f.severity == ERROR)
    warnings = sum(1 for f in result.findings if f.severity == WARNING)
    status, _ = DecisionStatus.objects.update_or_create(decision=decision, defaults={
        "evaluated_on": day,
        "next_rule": first.rule if first else "",
        "next_due": first.due if first else None,
        "next_status": first.status if first else "",
        "error_count": errors,
        "warning_count": warnings,
        "certificate_stale": certificate_stale(decision, result),
    })
    return status


def decision_statuses_refresh(*, day: dt.date | None = None, stale_only: bool = True) -> int:
    """Re-evaluate current decisions (daily: statuses depend on the date). Returns the count."""
    day = day or today()
    evaluator = default_evaluator()
    decisions = (Decision.objects.filter(client__active=True, client__current_decision=F("pk"))
                 .prefetch_related("days", "events", "breaks", "absences", "work"))
    if stale_only:
        decisions = decisions.exclude(status__evaluated_on=day)
    count = 0
    for decision in decisions.iterator(chunk_size=500):
        try:
            result = evaluator.evaluate(evaluator.read(case_data(decision, as_of=day)))
        except CaseError:
            continue  # an event dated after today, written by hand: shown on the client page
        decision_status_store(decision=decision, result=result, day=day)
        count += 1
    return count
