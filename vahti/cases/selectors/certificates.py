"""Participation certificates: the facts a certificate states, whether it is out of date and
what changed since."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vahti.core.dates import day_ranges, fi_date
from vahti.core.lines import registry, service_name
from vahti.rules.evaluate import Result

from ..access import clients_for
from ..models import (
    ABSENCE_LABELS,
    BREAK_LABELS,
    Certificate,
    Decision,
)

STALE_RULE = "certificate.reissue"  # the catalogue's rule for a certificate out of date


# --- certificates ------------------------------------------------------------------------------


def certificates_of(decision: Decision):
    """The issued versions, newest first, without their PDFs."""
    return decision.certificates.select_related("issued_by").defer("pdf", "facts")


def certificate_of(decision: Decision, version: int) -> Certificate | None:
    return decision.certificates.filter(version=version).first()


def certificate_facts(decision: Decision, result: Result, *, issued_on: dt.date) -> dict:
    """What a participation certificate issued on ``issued_on`` states, in the client's language
    of service (Finnish or Swedish)."""
    case = result.case
    client, organisation = decision.client, decision.client.organisation
    end = case.first_event("end")
    days = case.days
    line = registry().line(decision.service)
    lang = client.language
    with translation.override(lang):
        labels = {
            **{f"break:{k}": str(v) for k, v in BREAK_LABELS.items()},
            **{f"absence:{k}": str(v) for k, v in ABSENCE_LABELS.items()},
        }
    # Only a line with an employer states one: the facts of every other certificate (and so
    # whether an issued one is out of date) stay as they were.
    employer = (
        {"employer": {"name": decision.employer_name, "business_id": decision.employer_business_id}}
        if line.employer
        else {}
    )
    # Likewise only a Swedish certificate states its language (Finnish ones read as before).
    language = {"language": lang} if lang != "fi" else {}
    return (
        employer
        | language
        | {
            "issued_on": issued_on.isoformat(),
            "client": {
                "name": f"{client.first_name} {client.last_name}",
                "identity_code": client.identity_code,
            },
            "issuer": {
                "name": organisation.name,
                "business_id": organisation.business_id,
                "address": organisation.address,
                "phone": organisation.phone,
                "email": organisation.email,
            },
            "purpose": "kuntoutusraha",
            "service": decision.service,
            "service_name": service_name(decision.service, lang),
            "decided_on": decision.decided_on.isoformat(),
            "sequence": decision.sequence,
            "start": days[0].date.isoformat() if days else None,
            "end": end.date.isoformat() if end else None,
            "realised_days": [
                d.date.isoformat() for d in days if d.date <= issued_on and d.hours != 0
            ],
            "planned_days": [
                d.date.isoformat() for d in days if d.date > issued_on and d.hours != 0
            ],
            "breaks": [
                {
                    "from": b.start.isoformat(),
                    "to": b.end.isoformat(),
                    "reason_code": b.reason,
                    "reason": labels.get(f"break:{b.reason}", ""),
                }
                for b in case.breaks
            ],
            "absences": [
                {
                    "date": a.date.isoformat(),
                    "reason_code": a.reason,
                    "reason": labels.get(f"absence:{a.reason}", ""),
                }
                for a in case.absences
            ],
            "flex": [
                {"date": d.date.isoformat(), "hours": d.hours, "justification": d.flex_reason or ""}
                for d in days
                if d.flex
            ],
        }
    )


def stated_key(facts: dict) -> dict:
    """The facts a change of which calls for a new certificate: not the issue date or version,
    and not whether a day was still planned when issued (it was stated as planned)."""
    key = {
        k: v
        for k, v in facts.items()
        if k not in ("issued_on", "version", "realised_days", "planned_days")
    }
    key["days"] = sorted(facts["realised_days"] + facts["planned_days"])
    return key


def facts_hash(facts: dict) -> str:
    return hashlib.sha256(json.dumps(stated_key(facts), sort_keys=True).encode()).hexdigest()


def certificate_stale(
    decision: Decision, result: Result, *, latest: tuple[dt.date, str] | None = None
) -> bool:
    """Whether the latest issued certificate states facts that have changed since. ``latest``:
    its (issued_on, facts_hash) when the caller read them in bulk (``latest_certificates``)."""
    if latest is None:
        found = decision.certificates.order_by("-version").values_list("issued_on", "facts_hash")
        latest = found.first()
        if latest is None:
            return False
    issued_on, stated = latest
    return facts_hash(certificate_facts(decision, result, issued_on=issued_on)) != stated


def _keyed(items: list[dict], key: str) -> dict[str, dict]:
    return {item[key]: item for item in items}


def _break_span(item: dict) -> str:
    start, end = item["from"], item.get("to")
    return f"{fi_date(start)}–{fi_date(end) if end else ''}"


def certificate_changes(stated: dict, now: dict) -> list[str]:
    """What changed between an issued certificate's facts and today's, in words ("päivät:
    lisätty 3.12.2026; poistettu 1.12.2026"): certificate.reissue tells Kela without delay, so
    the coach must see what to tell."""
    old, new = stated_key(stated), stated_key(now)
    changes = []

    def compare(label, before: dict, after: dict, show) -> None:
        """``before``/``after``: items by what makes them one (a date) → all they state."""
        groups = (
            (_("added %(items)s"), [k for k in after if k not in before], after),
            (_("removed %(items)s"), [k for k in before if k not in after], before),
            (
                _("changed %(items)s"),
                [k for k in after if k in before and after[k] != before[k]],
                after,
            ),
        )
        parts = [text % {"items": show(keys, items)} for text, keys, items in groups if keys]
        if parts:
            changes.append(f"{label}: {'; '.join(parts)}")

    def dates(keys, _items):
        return day_ranges(keys)

    def spans(keys, items):
        return ", ".join(_break_span(items[key]) for key in sorted(keys))

    compare(_("days"), dict.fromkeys(old["days"]), dict.fromkeys(new["days"]), dates)
    compare(_("breaks"), _keyed(old["breaks"], "from"), _keyed(new["breaks"], "from"), spans)
    compare(_("absences"), _keyed(old["absences"], "date"), _keyed(new["absences"], "date"), dates)
    compare(_("flex days"), _keyed(old["flex"], "date"), _keyed(new["flex"], "date"), dates)
    for key, label in (("start", _("start date")), ("end", _("end date"))):
        if old.get(key) != new.get(key):
            changes.append(f"{label}: {fi_date(old.get(key))} → {fi_date(new.get(key))}")
    if old["client"] != new["client"]:
        changes.append(str(_("the client's name or henkilötunnus")))
    if old["issuer"] != new["issuer"]:
        changes.append(str(_("the provider's details")))
    if any(old.get(k) != new.get(k) for k in ("service", "decided_on", "sequence")):
        changes.append(str(_("the decision")))
    if old.get("employer") != new.get("employer"):
        changes.append(str(_("the employer")))
    if old.get("language", "fi") != new.get("language", "fi"):
        changes.append(str(_("the language of service")))
    return changes


def latest_certificates(decision_ids) -> dict[int, tuple[dt.date, str]]:
    """Each decision's latest certificate as (issued_on, facts_hash); decisions without one are
    not in the mapping."""
    latest = {}
    for decision_id, issued_on, stated in (
        Certificate.objects.filter(decision_id__in=decision_ids)
        .order_by("decision_id", "version")
        .values_list("decision_id", "issued_on", "facts_hash")
    ):
        latest[decision_id] = (issued_on, stated)
    return latest


def certificates_due(user, among: list[int] | None = None) -> list[int]:
    """The current decisions among the user's clients whose participation certificate is due:
    none issued yet though days are recorded, or the latest one states facts that have changed
    (DecisionStatus.certificate_stale). Read inside the wall (``clients_for``)."""
    current = Decision.objects.filter(
        client__in=clients_for(user), client__active=True, client__current_decision=F("pk")
    )
    if among is not None:
        current = current.filter(pk__in=among)
    stale = current.filter(status__certificate_stale=True)
    never = current.filter(certificates__isnull=True, days__isnull=False)
    return sorted(set(stale.values_list("pk", flat=True)) | set(never.values_list("pk", flat=True)))
