"""Issuing a participation certificate: refused while the case has certificate errors; each
version keeps its facts, PDF and hashes."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from vahti.core.actors import save_with_actor
from vahti.core.dates import language, today
from vahti.core.pdf import UnprintableText
from vahti.organisations.models import User
from vahti.rules.evaluate import default_evaluator
from vahti.rules.results import ERROR

from ..access import What, clients_read_in_background
from ..documents import certificate_pdf
from ..models import (
    Certificate,
    Decision,
    Event,
)
from ..selectors import (
    certificate_facts,
    certificates_due,
    facts_hash,
)
from .evaluation import _checked_result, decision_status_store
from .records import recorded_change

CERTIFICATE_RULES = "certificate."


@transaction.atomic
def certificate_issue(*, actor: User, decision: Decision) -> Certificate:
    """Issue a participation certificate: refused while the case has certificate.* errors (they
    would make it unclear and delay the allowance); stores the facts, the PDF and their hashes,
    and records a certificate_issued event. The case is evaluated once, with the event."""
    day = today()
    recorded_change(actor=actor, decision=decision)
    save_with_actor(Event(decision=decision, type="certificate_issued", date=day), actor)
    result = _checked_result(decision)
    blocking = [
        f for f in result.findings if f.rule.startswith(CERTIFICATE_RULES) and f.severity == ERROR
    ]
    if blocking:  # raising rolls the event back
        catalogue, lang = default_evaluator().catalogue, language()
        raise ValidationError([catalogue.messages(f, lang, shown=True) for f in blocking])
    version = (decision.certificates.aggregate(Max("version"))["version__max"] or 0) + 1
    facts = {**certificate_facts(decision, result, issued_on=day), "version": version}
    try:
        pdf = certificate_pdf(facts)
    except UnprintableText as error:
        raise ValidationError(
            _("It has characters that the certificate cannot show (%(chars)s): correct them first.")
            % {"chars": " ".join(error.characters)}
        ) from None
    certificate = Certificate.objects.create(
        decision=decision,
        version=version,
        issued_on=day,
        issued_by=actor,
        facts=facts,
        facts_hash=facts_hash(facts),
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    decision_status_store(decision=decision, result=result, day=day)
    return certificate


def certificates_issue_due(*, actor: User, decision_ids: list[int], progress) -> tuple[int, int]:
    """The batch: a certificate for each of ``decision_ids`` that is still due when its turn
    comes (so running the batch twice issues nothing twice), each in its own transaction (one
    client's errors do not hold back the others' allowance). Returns (issued, refused)."""
    issued = refused = 0
    progress(0, len(decision_ids))
    for done, decision_id in enumerate(decision_ids, start=1):
        if certificates_due(actor, among=[decision_id]):
            decision = Decision.objects.select_related("client").get(pk=decision_id)
            try:
                certificate_issue(actor=actor, decision=decision)
            except ValidationError:
                refused += 1
            else:
                issued += 1
                clients_read_in_background(
                    actor, [decision.client_id], what=What.CERTIFICATE, detail="joukkoanto"
                )
        progress(done, len(decision_ids))
    return issued, refused
