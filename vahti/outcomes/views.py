"""Outcome data: a decision's page (consent, GAS goals, measures), the provider's measures, and
the year's delivery for Kela. Parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vahti.cases.access import What, client_list_read, decision_for
from vahti.core.dates import today
from vahti.core.forms import form_errors, form_saved
from vahti.core.http import query_int
from vahti.jobs.services import job_start

from . import services
from .forms import ConsentForm, GoalForm, MeasureForm, RatingForm, ResultForm
from .selectors import (
    decision_outcomes,
    delivery_count,
    measures_of,
    outcomes_overview,
)

ACTIONS = ("consent", "withdraw", "goal", "rate", "result")


def _forms(data, outcomes, action=None):
    measures = outcomes.decision.client.organisation.measures.filter(
        service=outcomes.decision.service
    )

    def bound(name):  # only the posted form is bound
        return data if action == name else None

    return {
        "consent": ConsentForm(bound("consent"), initial={"given_on": today()}),
        "goal": GoalForm(bound("goal"), initial={"set_on": today()}),
        "rate": RatingForm(bound("rate"), initial={"rated_on": today()}),
        "result": ResultForm(bound("result"), measures=measures, initial={"measured_on": today()}),
    }


def _save(request, decision, action: str, form) -> bool:
    """Call the posted action's service; False when its form is invalid (its errors show)."""
    if action == "withdraw":
        services.consent_withdraw(actor=request.user, decision=decision)
        return True
    if not form.is_valid():
        return False
    data = form.cleaned_data
    if action == "consent":
        services.consent_record(actor=request.user, decision=decision, **data)
    elif action == "goal":
        services.gas_goal_set(actor=request.user, decision=decision, **data)
    elif action == "rate":
        goal = decision.gas_goals.filter(pk=query_int(request.POST, "goal")).first()
        if goal is None:
            raise Http404
        services.gas_goal_rate(actor=request.user, goal=goal, **data)
    else:
        services.measure_result_record(actor=request.user, decision=decision, **data)
    return True


@login_required
def decision_outcomes_page(request, decision_id):
    decision = decision_for(request, decision_id, what=What.OUTCOMES)
    action = request.POST.get("action", "")
    outcomes = decision_outcomes(decision)
    forms = _forms(request.POST, outcomes, action)
    if request.method == "POST" and action in ACTIONS:
        form = forms.get(action)
        try:
            saved = _save(request, decision, action, form)
        except ValidationError as error:
            if form is not None:
                form_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
        else:
            if saved:
                messages.success(request, _("Saved."))
                return redirect("outcomes:decision_outcomes", decision.pk)
    return render(
        request,
        "outcomes/decision.html",
        {"outcomes": outcomes, "decision": decision, "forms": forms},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def measure_list(request):
    measures = measures_of(request.user)
    form = MeasureForm(request.POST or None)
    saved, _result = form_saved(
        request, form, lambda data: services.measure_add(actor=request.user, **data)
    )
    if saved:
        messages.success(request, _("Saved."))
        return redirect("outcomes:measures")
    return render(request, "outcomes/measures.html", {"measures": measures, "form": form})


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@login_required
def year_overview(request, year=None):
    """The year's completeness (who lacks what, by name: each client logged), the delivery file
    and its marking. ``?year=`` from the year picker."""
    year = query_int(request.GET, "year") or year or today().year
    overview = outcomes_overview(request.user, year=_year(year))
    client_list_read(
        request,
        client_ids=[item.client_id for item in overview.incomplete],
        detail=f"tuloksellisuustiedot {year}",
    )
    return render(
        request,
        "outcomes/year.html",
        {"outcomes": overview, "year": year, "years": range(today().year - 2, today().year + 1)},
    )


@login_required
@require_POST
def delivery(request, year, fmt):
    """The year's delivery file (csv, xlsx) or its summary (pdf), made in the background; the
    job's page offers the file to download."""
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    year = _year(year)
    delivery_count(request.user, year=year)  # a manager's only (a 404 otherwise)
    job = job_start(
        actor=request.user,
        kind="outcome_delivery",
        key=f"{request.user.pk}:{year}:{fmt}:{timezone.now():%Y%m%d%H%M}",  # a double click
        title=_("Outcome data %(year)s (%(format)s)") % {"year": year, "format": fmt.upper()},
        task_path="vahti.outcomes.tasks.delivery_file",
        arguments={"year": year, "format": fmt},
    )
    return redirect("jobs:job", job.pk)


@login_required
@require_POST
def delivery_mark(request, year):
    services.delivery_mark(
        actor=request.user, year=year, clients=delivery_count(request.user, year=_year(year))
    )
    messages.success(request, _("Marked as delivered to Kela."))
    return redirect(reverse("outcomes:year_overview", args=[year]) + "#outcomes")
