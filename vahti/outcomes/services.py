"""Writes of outcome data: atomic, validated (a refusal names its field), with history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vahti.cases.models import Decision
from vahti.core.actors import delete_with_actor, save_with_actor
from vahti.core.dates import fi_date, today
from vahti.core.validators import NOTE_LENGTH
from vahti.organisations.models import User
from vahti.organisations.services import manager_required
from vahti.rules.evaluate import default_evaluator

from .models import Consent, Delivery, GasGoal, Measure, MeasureResult

GOALS_MAX = 10


def _not_future(**dates: dt.date | None) -> None:
    errors = {
        name: _("The date cannot be in the future.")
        for name, day in dates.items()
        if day is not None and day > today()
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consent_record(
    *, actor: User, decision: Decision, given_on: dt.date, scope: str = Consent.Scope.KELA
) -> Consent:
    """The client's written consent to collect and deliver outcome data (given again after a
    withdrawal, it is in force again)."""
    _not_future(given_on=given_on)
    consent = Consent.objects.filter(decision=decision).first() or Consent(decision=decision)
    consent.given_on, consent.scope, consent.withdrawn_on = given_on, scope, None
    return save_with_actor(consent, actor)


@transaction.atomic
def consent_withdraw(
    *, actor: User, decision: Decision, withdrawn_on: dt.date | None = None
) -> Consent:
    """The client withdraws consent: nothing of theirs goes to Kela from then on."""
    consent = Consent.objects.filter(decision=decision).first()
    if consent is None:
        raise ValidationError(_("There is no research consent to withdraw."))
    withdrawn_on = withdrawn_on or today()
    _not_future(withdrawn_on=withdrawn_on)
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {
                "withdrawn_on": _("The day is before the research consent (%(day)s).")
                % {"day": fi_date(consent.given_on)}
            }
        )
    consent.withdrawn_on = withdrawn_on
    return save_with_actor(consent, actor)


@transaction.atomic
def gas_goal_set(
    *, actor: User, decision: Decision, text: str, set_on: dt.date, number: int | None = None
) -> GasGoal:
    """A GAS goal set at the start (a new number, or the text of an existing one changed)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the goal.")})
    if len(text) > NOTE_LENGTH:
        raise ValidationError({"text": _("At most %(count)s characters.") % {"count": NOTE_LENGTH}})
    _not_future(set_on=set_on)
    goals = decision.gas_goals.all()
    goal = goals.filter(number=number).first() if number else None
    if goal is None:
        if goals.count() >= GOALS_MAX:
            raise ValidationError({"text": _("At most %(count)s goals.") % {"count": GOALS_MAX}})
        goal = GasGoal(decision=decision, number=max((g.number for g in goals), default=0) + 1)
    goal.text, goal.set_on = text, set_on
    return save_with_actor(goal, actor)


@transaction.atomic
def gas_goal_rate(*, actor: User, goal: GasGoal, rating: int, rated_on: dt.date) -> GasGoal:
    """The goal rated at the end on the GAS scale in force on the rating day (−2 … +2)."""
    low, high = default_evaluator().gas_scale(rated_on)
    if not low <= rating <= high:
        raise ValidationError(
            {"rating": _("From %(min)s to +%(max)s.") % {"min": low, "max": high}}
        )
    _not_future(rated_on=rated_on)
    if rated_on < goal.set_on:
        raise ValidationError(
            {
                "rated_on": _("The day is before the goal was set (%(day)s).")
                % {"day": fi_date(goal.set_on)}
            }
        )
    goal.rating, goal.rated_on = rating, rated_on
    return save_with_actor(goal, actor)


@transaction.atomic
def gas_goal_remove(*, actor: User, goal: GasGoal) -> None:
    delete_with_actor(goal, actor)


@transaction.atomic
def measure_add(
    *, actor: User, service: str, name: str, minimum: Decimal, maximum: Decimal, scale: str = ""
) -> Measure:
    """A measure the provider requires of a service line, with its valid range."""
    manager_required(actor)
    if minimum >= maximum:
        raise ValidationError({"maximum": _("The largest value must be above the smallest.")})
    return save_with_actor(
        Measure(
            organisation=actor.organisation,
            service=service,
            name=name.strip(),
            scale=scale.strip(),
            minimum=minimum,
            maximum=maximum,
        ),
        actor,
    )


@transaction.atomic
def measure_result_record(
    *,
    actor: User,
    decision: Decision,
    measure: Measure,
    phase: str,
    value: Decimal,
    measured_on: dt.date,
) -> MeasureResult:
    """A measure's value at the start or the end, within the measure's range."""
    if (
        measure.organisation_id != decision.client.organisation_id
        or measure.service != decision.service
    ):
        raise ValidationError({"measure": _("Choose a measure of this service line.")})
    if not measure.minimum <= value <= measure.maximum:
        raise ValidationError(
            {
                "value": _("%(name)s is between %(min)s and %(max)s.")
                % {
                    "name": measure.name,
                    "min": f"{measure.minimum:g}",
                    "max": f"{measure.maximum:g}",
                }
            }
        )
    _not_future(measured_on=measured_on)
    result = MeasureResult.objects.filter(
        decision=decision, measure=measure, phase=phase
    ).first() or MeasureResult(decision=decision, measure=measure, phase=phase)
    result.value, result.measured_on = value, measured_on
    return save_with_actor(result, actor)


@transaction.atomic
def delivery_mark(*, actor: User, year: int, clients: int) -> Delivery:
    """The year's outcome data marked delivered to Kela (clears the work-queue item)."""
    manager_required(actor)
    delivery = Delivery.objects.filter(
        organisation=actor.organisation, year=year
    ).first() or Delivery(organisation=actor.organisation, year=year)
    delivery.delivered_on, delivery.delivered_by, delivery.clients = today(), actor, clients
    return save_with_actor(delivery, actor)
