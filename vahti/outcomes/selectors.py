"""Reads of outcome data through the access helper: a decision's consent, goals and measures
with what is still missing, the year's delivery for Kela (only clients whose consent is in
force), the completeness overview and the work-queue item before 31.3."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from vahti.cases.access import clients_for
from vahti.cases.models import Decision
from vahti.cases.selectors import case_reference, with_end
from vahti.core.dates import fi_date
from vahti.core.duties import ProviderItem
from vahti.core.lines import service_name
from vahti.organisations.selectors import is_manager, managed_organisation_id
from vahti.rules.evaluate import default_evaluator

from .models import Consent, Delivery, GasGoal, Measure, MeasureResult

REMIND_FROM = (2, 1)  # (month, day): the work queue shows the delivery from 1.2. (issue 12)


def consent_in_force(consent: Consent | None) -> bool:
    return consent is not None and consent.withdrawn_on is None


def missing_of(
    *, consent, goals: list[tuple[int, bool]], measures, results, ended: dt.date | None
) -> list[str]:
    """What is still missing of a client's outcome data; the end's items once it has ended.
    ``goals``: (number, rated) of each GAS goal; ``results``: (measure id, phase) recorded."""
    missing = []
    if not consent_in_force(consent):
        missing.append(_("written research consent"))
    if not goals:
        missing.append(_("GAS goals"))
    for number, rated in goals:
        if ended and not rated:
            missing.append(_("rating of goal %(number)s") % {"number": number})
    for measure in measures:
        if (measure.pk, "start") not in results:
            missing.append(_("%(measure)s at the start") % {"measure": measure.name})
        if ended and (measure.pk, "end") not in results:
            missing.append(_("%(measure)s at the end") % {"measure": measure.name})
    return missing


@dataclass
class DecisionOutcomes:
    decision: Decision
    consent: Consent | None
    goals: list[GasGoal]
    measures: list[Measure]
    results: dict
    ended: dt.date | None
    missing: list[str] = field(default_factory=list)

    @property
    def measure_rows(self) -> list[tuple]:
        """(measure, result at the start, result at the end) of each measure of the line."""
        return [
            (m, self.results.get((m.pk, "start")), self.results.get((m.pk, "end")))
            for m in self.measures
        ]


def decision_outcomes(decision: Decision) -> DecisionOutcomes:
    """A decision's outcome data (the decision already read through decision_for)."""
    consent = Consent.objects.filter(decision=decision).first()
    goals = list(decision.gas_goals.all())
    measures = list(
        Measure.objects.filter(
            organisation_id=decision.client.organisation_id, service=decision.service
        )
    )
    results = {(r.measure_id, r.phase): r for r in decision.measure_results.all()}
    ended = decision.events.filter(type="end").values_list("date", flat=True).first()
    out = DecisionOutcomes(decision, consent, goals, measures, results, ended)
    out.missing = missing_of(
        consent=consent,
        goals=[(g.number, g.rating is not None) for g in goals],
        measures=measures,
        results=results,
        ended=ended,
    )
    return out


def measures_of(user):
    return Measure.objects.filter(organisation_id=managed_organisation_id(user))


def _ended_in(user, year: int):
    managed_organisation_id(user)
    return with_end(Decision.objects.filter(client__in=clients_for(user).values("pk"))).filter(
        ended__year=year
    )


# The delivery file's columns (docs/outcomes-delivery.md): one row per data item.
COLUMNS = (
    "y_tunnus",
    "asiaviite",
    "henkilotunnus",
    "palvelu",
    "paatos_saapunut",
    "paattyi",
    "suostumus",
    "suostumuksen_laajuus",
    "tieto",
    "vaihe",
    "arvo",
    "teksti",
)


def _delivered(user, year: int):
    """The rehabilitations with outcome data of ``year`` (an end measurement made that year, or
    the rehabilitation ended then: rules/outcomes.py) whose client's written consent is in force
    (never one without it, nor a withdrawn one)."""
    managed_organisation_id(user)
    return (
        with_end(Decision.objects.filter(client__in=clients_for(user).values("pk")))
        .filter(
            Q(ended__year=year)
            | Q(gas_goals__rated_on__year=year)
            | Q(
                measure_results__phase=MeasureResult.Phase.END,
                measure_results__measured_on__year=year,
            )
        )
        .filter(outcome_consent__isnull=False, outcome_consent__withdrawn_on__isnull=True)
        .distinct()
    )


def delivery_count(user, *, year: int) -> int:
    """How many clients the year's delivery holds (one query, nothing decrypted)."""
    return _delivered(user, year).count()


def delivery_rows(user, *, year: int) -> tuple[list[tuple], list[int]]:
    """The rows of the year's delivery: each measurement of ``year`` (an end measurement made
    that year with its start measurement, whatever year that was; a start whose rehabilitation
    ended that year without an end) of the clients whose written consent is in force (never one
    without it, nor a withdrawn one). Returns (rows, the clients' ids). Four queries."""
    decisions = (
        _delivered(user, year)
        .select_related("client__organisation", "outcome_consent")
        .prefetch_related(
            Prefetch("gas_goals", queryset=GasGoal.objects.order_by("number")),
            Prefetch(
                "measure_results",
                queryset=MeasureResult.objects.select_related("measure").order_by(
                    "measure__name", "-phase"
                ),
            ),
        )
        .order_by("ended", "pk")
    )
    evaluator = default_evaluator()

    def ours(phase, measured_on, end_measured_on, ended):
        return (
            evaluator.outcome_delivery_year(
                phase=phase,
                measured_on=measured_on,
                end_measured_on=end_measured_on,
                ended_on=ended,
            )
            == year
        )

    rows, clients = [], []
    for decision in decisions:
        ended = decision.ended
        results = list(decision.measure_results.all())
        ends = {r.measure_id: r.measured_on for r in results if r.phase == MeasureResult.Phase.END}
        goals = [
            goal
            for goal in decision.gas_goals.all()
            if ours("end" if goal.rated_on else "start", goal.rated_on, None, ended)
        ]
        results = [
            r for r in results if ours(r.phase, r.measured_on, ends.get(r.measure_id), ended)
        ]
        if not goals and not results and not (ended is not None and ended.year == year):
            continue  # its data of this year were all in another year's delivery
        clients.append(decision.client_id)
        consent = decision.outcome_consent
        head = (
            decision.client.organisation.business_id,
            case_reference(decision),
            decision.client.identity_code,
            service_name(decision.service, "fi"),
            decision.received_on.isoformat(),
            ended.isoformat() if ended else "",
            consent.given_on.isoformat(),
            consent.scope,
        )
        for goal in goals:
            rows.append(
                (
                    *head,
                    f"GAS {goal.number}",
                    "loppu",
                    "" if goal.rating is None else goal.rating,
                    goal.text,
                )
            )
        for result in results:
            rows.append(
                (
                    *head,
                    result.measure.name,
                    "alku" if result.phase == "start" else "loppu",
                    format(result.value.normalize(), "f"),
                    result.measure.scale,
                )
            )
        if not goals and not results:
            rows.append((*head, "", "", "", ""))
    return rows, clients


@dataclass
class Overview:
    year: int
    ended: int
    consenting: int
    complete: int
    incomplete: list[Incomplete]
    incomplete_count: int
    delivery: Delivery | None
    due: dt.date


@dataclass(frozen=True)
class Incomplete:
    client_id: int
    link: str
    client: str
    missing: list[str]


def outcomes_overview(user, *, year: int, listed: int = 200) -> Overview:
    """Completeness of the year's ended rehabilitations (the reports page): counts of all,
    the first ``listed`` incomplete ones by name. Five queries, read as plain rows: nothing
    decrypted, no model built per client."""
    rows = list(
        _ended_in(user, year)
        .order_by("client__last_name", "client__first_name", "pk")
        .values_list(
            "pk",
            "service",
            "client__first_name",
            "client__last_name",
            "ended",
            "outcome_consent__id",
            "outcome_consent__withdrawn_on",
            "client_id",
        )
    )
    ids = [row[0] for row in rows]
    goals: dict[int, list] = {}
    for decision_id, number, rating in (
        GasGoal.objects.filter(decision_id__in=ids)
        .order_by("number")
        .values_list("decision_id", "number", "rating")
    ):
        goals.setdefault(decision_id, []).append((number, rating is not None))
    results: dict[int, set] = {}
    for decision_id, measure_id, phase in MeasureResult.objects.filter(
        decision_id__in=ids
    ).values_list("decision_id", "measure_id", "phase"):
        results.setdefault(decision_id, set()).add((measure_id, phase))
    measures: dict[str, list[Measure]] = {}
    for measure in Measure.objects.filter(organisation_id=user.organisation_id):
        measures.setdefault(measure.service, []).append(measure)
    incomplete, complete, consenting, count = [], 0, 0, 0
    for pk, service, first, last, ended, consent_id, withdrawn, client_id in rows:
        consent = None if consent_id is None else Consent(withdrawn_on=withdrawn)
        consenting += consent_in_force(consent)
        missing = missing_of(
            consent=consent,
            goals=goals.get(pk, []),
            measures=measures.get(service, []),
            results=results.get(pk, set()),
            ended=ended,
        )
        if not missing:
            complete += 1
            continue
        count += 1
        if len(incomplete) < listed:
            incomplete.append(
                Incomplete(
                    client_id,
                    reverse("outcomes:decision_outcomes", args=[pk]),
                    f"{last} {first}",
                    missing,
                )
            )
    return Overview(
        year,
        len(rows),
        consenting,
        complete,
        incomplete,
        count,
        Delivery.objects.filter(organisation_id=user.organisation_id, year=year).first(),
        due_on(year),
    )


def due_on(year: int) -> dt.date:
    """The year's outcome data is due by 31.3. of the next year (provider.outcome_data_due)."""
    return default_evaluator().outcome_data_due(year)


def delivery_reminders(user, *, on: dt.date) -> list[ProviderItem]:
    """From 1.2. until delivered: last year's outcome data for Kela (the manager's queue)."""
    if not is_manager(user):
        return []
    year = on.year - 1
    due = due_on(year)
    if (
        on < dt.date(on.year, *REMIND_FROM)
        or Delivery.objects.filter(organisation_id=user.organisation_id, year=year).exists()
    ):
        return []
    return [
        ProviderItem(
            due,
            _("Deliver the outcome data of %(year)s to Kela by %(day)s")
            % {"year": year, "day": fi_date(due)},
            reverse("outcomes:year_overview", args=[year]),
            on > due,
            "error" if on > due else "",
        )
    ]
