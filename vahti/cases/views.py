"""Views parse the request, call a selector or a service, and render. Every view of client data
gets its client or decision through access.py."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from vahti.audit.exports import access_log_csv
from vahti.audit.selectors import access_records_of_client, access_records_of_user
from vahti.core.dates import fi_date, language, today
from vahti.core.forms import form_errors, form_saved
from vahti.core.http import posted_version, query_int, search_of, search_redirect
from vahti.core.lines import service_choices
from vahti.core.links import link_at
from vahti.jobs.selectors import job_for
from vahti.jobs.services import digest_of, job_start
from vahti.organisations.selectors import coaches_of, managed_organisation_id, user_of
from vahti.rules.case import YEAR_MAX, YEAR_MIN
from vahti.rules.presentation import Presenter

from . import selectors, services
from .access import What, client_for, client_list_read, client_names_read, decision_for
from .documents import certificate_download_response
from .forms import (
    CELL_STATES,
    BreakForm,
    CancellationForm,
    ClientEditForm,
    ClientForm,
    DecisionForm,
    EndForm,
    EventForm,
    ImpactForm,
    WeekFormSet,
    WeekGridForm,
    WorkForm,
    week_initial,
)
from .models import SYSTEM_EVENTS

DAYS_IN_WEEK = 7
STATUS_FILTERS = (
    ("overdue", gettext_lazy("overdue")),
    ("errors", gettext_lazy("errors")),
    ("warnings", gettext_lazy("warnings")),
    ("open", gettext_lazy("open deadline")),
)
WHICH_FILTERS = (
    (selectors.ARCHIVED, gettext_lazy("archived clients")),
    (selectors.EVERYONE, gettext_lazy("active and archived clients")),
)


@login_required
def dashboard(request):
    if request.method == "POST":  # a search: posted, kept in the session, never in the address
        return search_redirect(
            request, reverse("cases:dashboard"), ("service", "coach", "status", "which")
        )
    params = request.GET
    search = search_of(request, params.get("search", "")[:20])
    which = params.get("which", "")[:10]
    page = selectors.dashboard_clients(
        request.user,
        service=params.get("service", "")[:40],
        coach=query_int(params, "coach"),
        status=params.get("status", "")[:20],
        page=query_int(params, "page") or 1,
        which=which,
        search=search,
    )
    client_list_read(
        request,
        client_ids=[c.pk for c in page],
        detail=f"sivu {page.number}" + (" (haku)" if search else ""),
    )
    return render(
        request,
        "cases/dashboard.html",
        {
            "page": page,
            "services": service_choices(),
            "coaches": coaches_of(request.user),
            "filters": params,
            "today": today(),
            "statuses": STATUS_FILTERS,
            "which": which,
            "whiches": WHICH_FILTERS,
            "search": search,
            "certificates_due": len(selectors.certificates_due(request.user)),
        },
    )


@login_required
@require_POST
def certificates_batch(request):
    """Every due certificate among the user's clients, issued in the background."""
    due = selectors.certificates_due(request.user)
    if not due:
        messages.info(request, _("No participation certificate is due."))
        return redirect("cases:dashboard")
    job = job_start(
        actor=request.user,
        kind="certificates",
        # The same batch asked twice (a double click) is one job.
        key=f"{request.user.pk}:{today().isoformat()}:{digest_of(due)}",
        title=_("Participation certificates for %(count)d clients") % {"count": len(due)},
        task_path="vahti.cases.tasks.certificates_issue",
        arguments={"decisions": due},
    )
    return redirect("jobs:job", job.pk)


@login_required
def client_detail(request, client_id):
    client = client_for(request, client_id, what=What.CLIENT_PAGE)
    context = selectors.client_page(client)
    # Prices are the provider's business: a coach sees amounts only when the organisation allows.
    context["show_prices"] = (
        request.user.sees_all_clients or client.organisation.prices_visible_to_coaches
    )
    return render(request, "cases/client_detail.html", context)


@login_required
def user_access_log(request, user_id):
    """Which clients' data a staff member has read (a manager's page)."""
    if not request.user.sees_all_clients:
        raise Http404
    member = user_of(request.user, user_id)
    if member is None:
        raise Http404
    rows = access_records_of_user(organisation_id=request.user.organisation_id, user_id=member.pk)
    if request.GET.get("format") == "csv":
        names = client_names_read(
            request,
            set(rows.values_list("client_id", flat=True)),
            detail=f"lukuloki (CSV): {member.get_full_name()}",
        )
        return access_log_csv(
            rows, filename=f"lukuloki-henkilo-{member.pk}.csv", client_names=names
        )
    shown, count = list(rows[:500]), rows.count()
    names = client_names_read(
        request, {row.client_id for row in shown}, detail=f"lukuloki: {member.get_full_name()}"
    )
    return render(
        request,
        "cases/user_access_log.html",
        {
            "member": member,
            "rows": [(row, names.get(row.client_id)) for row in shown],
            "count": count,
        },
    )


@login_required
def client_access_log(request, client_id):
    """Who has read this client's data (a manager's page; the client may ask). ``?format=csv``
    downloads it."""
    if not request.user.sees_all_clients:
        raise Http404
    client = client_for(request, client_id, what=What.ACCESS_LOG)
    rows = access_records_of_client(organisation_id=client.organisation_id, client_id=client.pk)
    if request.GET.get("format") == "csv":
        return access_log_csv(rows, filename=f"lukuloki-{client.pk}.csv")
    return render(
        request,
        "cases/access_log.html",
        {"client": client, "rows": rows[:500], "count": rows.count()},
    )


@login_required
def client_create(request):
    organisation = request.user.organisation
    if organisation is None:
        raise Http404
    client_form = ClientForm(request.POST or None, organisation=organisation, prefix="client")
    decision_form = DecisionForm(request.POST or None, prefix="decision")
    if request.method == "POST" and client_form.is_valid() and decision_form.is_valid():
        try:
            client = services.client_admit(
                actor=request.user,
                client=client_form.cleaned_data,
                decision=decision_form.cleaned_data,
            )
        except ValidationError as error:
            form_errors(
                decision_form
                if not hasattr(error, "error_dict") or "identity_code" not in error.error_dict
                else client_form,
                error,
            )
        else:
            messages.success(request, _("Client added."))
            return redirect("cases:client", client.pk)
    return render(
        request,
        "cases/client_form.html",
        {"client_form": client_form, "decision_form": decision_form},
    )


@login_required
def client_edit(request, client_id):
    """Names and site; a manager also reassigns the coaches."""
    client = client_for(request, client_id, what=What.CLIENT_PAGE, detail="muokkaus")
    may_assign = request.user.sees_all_clients
    initial = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "site": client.site,
        "county": client.county,
        "language": client.language,
        "coaches": list(client.coaches.all()),
    }
    form = ClientEditForm(
        request.POST or None,
        initial=initial,
        organisation=client.organisation,
        may_assign=may_assign,
    )
    saved, _result = form_saved(
        request,
        form,
        lambda data: services.client_update(actor=request.user, client=client, **data),
    )
    if saved:
        messages.success(request, _("Client saved."))
        return redirect("cases:client", client.pk)
    return render(request, "cases/client_edit.html", {"form": form, "client": client})


@login_required
def decision_new(request, client_id):
    """A continuation decision for the same client."""
    client = client_for(request, client_id, what=What.DECISION, detail="jatkopäätös")
    current = client.current_decision
    initial = {
        "sequence": (current.sequence + 1) if current else 1,
        "service": current.service if current else "",
    }
    form = DecisionForm(request.POST or None, initial=initial)
    saved, _result = form_saved(
        request,
        form,
        lambda data: services.decision_continue(actor=request.user, client=client, **data),
    )
    if saved:
        messages.success(request, _("Continuation decision saved."))
        return redirect("cases:client", client.pk)
    return render(
        request, "cases/decision_form.html", {"form": form, "client": client, "continuation": True}
    )


@login_required
def rehabilitation_end(request, decision_id):
    """Record the end (or interruption) with its reason; an interruption goes on to the notice
    to Kela, drafted from the case."""
    decision = decision_for(request, decision_id, what=What.RECORDS, detail="päättyminen")
    form = EndForm(request.POST or None, initial={"date": today()})
    saved, _event = form_saved(
        request,
        form,
        lambda data: services.rehabilitation_end(
            actor=request.user,
            decision=decision,
            date=data["date"],
            reason=data["reason"],
            interrupted=data["kind"] == "interruption",
            expected_version=posted_version(request),
        ),
    )
    if saved:
        interrupted = form.cleaned_data["kind"] == "interruption"
        if interrupted:
            messages.success(
                request,
                _(
                    "The interruption is recorded. Tell Kela: the "
                    "notice below is drafted from the case."
                ),
            )
            return redirect(
                link_at("decision.interrupted", decision=decision)
                or reverse("cases:client", args=[decision.client_id])
            )
        messages.success(
            request, _("The end is recorded: the feedback is due within its deadline.")
        )
        return redirect("cases:client", decision.client_id)
    return render(
        request,
        "cases/end_form.html",
        {
            "form": form,
            "decision": decision,
            "client": decision.client,
            "version": selectors.recorded_version(decision),
        },
    )


@login_required
def client_archive(request, client_id):
    """Archive (or bring back) a client: asks first."""
    client = client_for(request, client_id, what=What.CLIENT_PAGE, detail="arkistointi")
    if request.method == "POST":
        restore = request.POST.get("restore") == "1"
        services.client_archive(actor=request.user, client=client, active=restore)
        messages.success(
            request,
            _("The client is back among the active ones.")
            if restore
            else _("The client is archived: their data is kept and readable."),
        )
        return redirect("cases:client", client.pk)
    return render(request, "cases/client_archive.html", {"client": client})


@login_required
def decision_edit(request, decision_id):
    decision = decision_for(request, decision_id, what=What.DECISION)
    form = DecisionForm(request.POST or None, instance=decision)
    saved, _result = form_saved(
        request,
        form,
        lambda data: services.decision_update(actor=request.user, decision=decision, **data),
    )
    if saved:
        messages.success(request, _("Decision saved."))
        return redirect("cases:client", decision.client_id)
    return render(request, "cases/decision_form.html", {"form": form, "decision": decision})


def _monday(text: str | None, default: dt.date) -> dt.date:
    """The Monday of ``?week=``; anything unreadable or outside the plausible years is today."""
    try:
        day = dt.date.fromisoformat(text[:10]) if text else default
    except ValueError:
        day = default
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        day = default
    return day - dt.timedelta(days=day.weekday())


@login_required
def week_entry(request, decision_id):
    monday = _monday(request.GET.get("week") or request.POST.get("week"), today())
    decision = decision_for(request, decision_id, what=What.WEEK, detail=fi_date(monday))
    sunday = monday + dt.timedelta(days=DAYS_IN_WEEK - 1)
    initial = week_initial(monday, *selectors.week_of(decision, monday))
    formset = WeekFormSet(request.POST or None, initial=initial, prefix="day")
    if request.method == "POST" and formset.is_valid():
        expected = {row["date"] for row in initial}
        entries = [form.entry() for form in formset.forms]
        if {form.cleaned_data["date"] for form in formset.forms} != expected:
            formset._non_form_errors = formset.error_class([_("The week's dates do not match.")])
        else:
            try:
                services.week_save(
                    actor=request.user,
                    decision=decision,
                    monday=monday,
                    entries=[e for e in entries if e is not None],
                    expected_version=posted_version(request),
                    invoiced_reason=request.POST.get("invoiced_reason", ""),
                )
            except ValidationError as error:
                _week_errors(formset, error)
            else:
                messages.success(request, _("Week saved."), extra_tags="at-findings")
                return redirect(reverse("cases:client", args=[decision.client_id]) + "#findings")
    invoiced = selectors.invoiced_in(decision, monday, sunday)
    for form in formset.forms:
        form.invoiced = invoiced.get(form.initial.get("date"))
    return render(
        request,
        "cases/week.html",
        {
            "decision": decision,
            "client": decision.client,
            "formset": formset,
            "monday": monday,
            "version": selectors.recorded_version(decision),
            "invoiced": invoiced,
            "invoiced_reason": request.POST.get("invoiced_reason", ""),
            "sunday": sunday,
            "previous": monday - dt.timedelta(days=DAYS_IN_WEEK),
            "next": monday + dt.timedelta(days=DAYS_IN_WEEK),
        },
    )


def _week_errors(formset, error: ValidationError) -> None:
    """A refusal about one day goes on that day's row (on its field when it names one); the
    rest above the week."""
    rows = {form.cleaned_data.get("date"): form for form in formset.forms}
    problems = (
        [(None, p) for p in error.error_list]
        if not hasattr(error, "error_dict")
        else [(name, p) for name, listed in error.error_dict.items() for p in listed]
    )
    rest = []
    for name, problem in problems:
        day = (problem.params or {}).get("date")
        form = rows.get(dt.date.fromisoformat(day)) if isinstance(day, str) else None
        if form is not None:
            # On its field when the row shows it (the date is hidden: the row itself).
            shown = name in form.fields and not form.fields[name].widget.is_hidden
            form.add_error(name if shown else None, problem)
        else:
            rest.extend(problem.messages)
    formset._non_form_errors = formset.error_class(
        rest or [_("Nothing was saved: correct the days marked below.")]
    )


def _new_findings_text(client, errors: int, warnings: int) -> str:
    """What a save brought up for one client, said after the save."""
    parts = []
    if errors:
        parts.append(ngettext("%(n)d new error", "%(n)d new errors", errors) % {"n": errors})
    if warnings:
        parts.append(
            ngettext("%(n)d new warning", "%(n)d new warnings", warnings) % {"n": warnings}
        )
    return _("%(client)s: %(what)s – see the client's page.") % {
        "client": f"{client.last_name} {client.first_name}",
        "what": ", ".join(parts),
    }


@login_required
def week_all(request):
    """The week of all the user's clients: a row per client, a cell per weekday; ``?copy=1``
    fills the empty cells from the previous week (saved only when the user saves)."""
    monday = _monday(request.GET.get("week") or request.POST.get("week"), today())
    previous = monday - dt.timedelta(days=DAYS_IN_WEEK)
    copy = request.method == "GET" and request.GET.get("copy") == "1"
    coach = query_int(request.GET, "coach") or query_int(request.POST, "coach")
    number = query_int(request.GET, "page") or query_int(request.POST, "page") or 1
    rows, page = selectors.week_grid(
        request.user, monday, copy_from=previous if copy else None, coach=coach, page=number
    )
    client_list_read(
        request,
        client_ids=[row.decision.client_id for row in rows],
        detail=f"viikko {fi_date(monday)}",
    )
    form = WeekGridForm(request.POST or None, rows=rows)
    problems = []
    if request.method == "POST" and not form.is_valid():
        problems = form.problems()
    elif request.method == "POST":
        changed = form.changed_rows()
        try:
            saved = services.week_grid_save(actor=request.user, monday=monday, rows=changed)
        except ValidationError as error:
            names = {f"row-{row.decision.pk}": row for row in rows}
            for key, refused in error.message_dict.items():
                if key in names:
                    row = names[key]
                    row.problems = refused
                    who = f"{row.client.last_name} {row.client.first_name}"
                    problems += [{"text": f"{who}: {text}", "target": key} for text in refused]
        else:
            messages.success(
                request,
                ngettext(
                    "Saved the week of %(count)d client.",
                    "Saved the week of %(count)d clients.",
                    saved.count,
                )
                % {"count": saved.count}
                if saved.count
                else _("Nothing had changed."),
            )
            for client, errors, warnings in saved.new_findings:
                messages.warning(request, _new_findings_text(client, errors, warnings))
            return redirect(
                reverse("cases:week_all")
                + f"?week={monday.isoformat()}"
                + (f"&coach={coach}" if coach else "")
                + f"&page={page.number}"
            )
    if copy:
        messages.info(request, _("Filled from the previous week: check and save."))
    return render(
        request,
        "cases/week_all.html",
        {
            "rows": form.shown() if form.is_bound else rows,
            "form": form,
            "problems": problems,
            "monday": monday,
            "friday": monday + dt.timedelta(days=4),
            "previous": previous,
            "next": monday + dt.timedelta(days=DAYS_IN_WEEK),
            "states": CELL_STATES,
            "this_week": _monday(None, today()),
            "page": page,
            "coach": coach,
            "coaches": coaches_of(request.user) if request.user.sees_all_clients else (),
            "filters": {"week": monday.isoformat(), "coach": coach or ""},
        },
    )


RECORD_FORMS = {
    "break": (BreakForm, services.break_add),
    "event": (EventForm, services.event_add),
    "work": (WorkForm, services.work_add),
    "cancellation": (CancellationForm, services.cancellation_add),
}
RECORD_SECTIONS = (
    ("event", gettext_lazy("Events"), gettext_lazy("Add event")),
    ("break", gettext_lazy("Breaks"), gettext_lazy("Add break")),
    ("work", gettext_lazy("Work beside the rehabilitation"), gettext_lazy("Add work period")),
    (
        "cancellation",
        gettext_lazy("Cancelled or missed times"),
        gettext_lazy("Add a cancelled or missed time"),
    ),
)


@login_required
def records(request, decision_id):
    """Events, breaks, work periods and cancelled times of a decision, a form for each."""
    decision = decision_for(request, decision_id, what=What.RECORDS)
    day = today()
    posted = request.POST.get("record") if request.method == "POST" else None
    forms = {}
    for kind, (form_class, _service) in RECORD_FORMS.items():
        extra = {"today": day, "initial": {"date": day}} if kind == "event" else {}
        forms[kind] = form_class(request.POST if posted == kind else None, prefix=kind, **extra)
    if posted in forms:
        saved, _record = form_saved(
            request,
            forms[posted],
            lambda data: RECORD_FORMS[posted][1](
                actor=request.user,
                decision=decision,
                expected_version=posted_version(request),
                **data,
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("cases:records", decision.pk)
    items = selectors.records_of(decision)
    sections = [
        {"kind": kind, "title": title, "add": add, "items": items[kind], "form": forms[kind]}
        for kind, title, add in RECORD_SECTIONS
    ]
    return render(
        request,
        "cases/records.html",
        {
            "decision": decision,
            "client": decision.client,
            "sections": sections,
            "version": selectors.recorded_version(decision),
            "system_events": SYSTEM_EVENTS,
            # The rule in force, in words: what makes a cancellation late (billing.cancellation).
            "cancellation_rule": Presenter(language()).rule_text("billing.cancellation", day),
        },
    )


@login_required
def record_delete(request, decision_id, kind, record_id):
    """Asks first (GET shows what would be removed), removes on POST."""
    decision = decision_for(request, decision_id, what=What.RECORDS, detail="poisto")
    record = selectors.record_of(decision, kind, record_id)
    if record is None:
        raise Http404
    system = kind == "event" and record.type in SYSTEM_EVENTS
    context = {
        "decision": decision,
        "client": decision.client,
        "record": record,
        "kind": kind,
        "version": selectors.recorded_version(decision),
        "system": system,
        "correctable": system and record.type in services.CORRECTABLE_EVENTS,
    }
    if request.method != "POST":
        return render(request, "cases/record_delete.html", context)
    if system:
        try:
            services.event_correct(
                actor=request.user,
                event=record,
                reason=request.POST.get("reason", "")[:500],
                expected_version=posted_version(request),
            )
        except ValidationError as error:
            return render(
                request,
                "cases/record_delete.html",
                {
                    **context,
                    "errors": error.messages,
                    "reason": request.POST.get("reason", "")[:500],
                },
            )
        messages.success(request, _("Corrected; the history keeps the reason."))
        return redirect("cases:records", decision.pk)
    try:
        services.record_delete(
            actor=request.user, record=record, expected_version=posted_version(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect("cases:records", decision.pk)


@login_required
@require_POST
def certificate_issue(request, decision_id):
    decision = decision_for(request, decision_id, what=What.CERTIFICATE, detail="antaminen")
    try:
        certificate = services.certificate_issue(actor=request.user, decision=decision)
    except ValidationError as error:
        messages.error(
            request,
            _("The certificate cannot be issued: %(why)s") % {"why": " ".join(error.messages)},
            extra_tags="at-certificates",
        )
    else:
        messages.success(
            request,
            _("Certificate version %(version)s issued.") % {"version": certificate.version},
            extra_tags="at-certificates",
        )
    return redirect(reverse("cases:client", args=[decision.client_id]) + "#certificates")


@login_required
def certificate_download(request, decision_id, version):
    decision = decision_for(request, decision_id, what=What.CERTIFICATE, detail=f"versio {version}")
    return certificate_download_response(decision, version)


@login_required
def rules(request):
    day = today()
    return render(
        request,
        "cases/rules.html",
        {**selectors.rule_catalogue(on=day, lang=language()), "today": day},
    )


@login_required
def impact(request):
    """What a parameter change would do to the organisation's open decisions (managers): the
    change is checked here, then evaluated in the background."""
    managed_organisation_id(request.user)
    form = ImpactForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(
            actor=request.user,
            kind="impact",
            title=_("What the parameter change does"),
            task_path="vahti.cases.tasks.impact_run",
            arguments={"files": form.cleaned_data["files"]},
        )
        return redirect("cases:impact_result", job.pk)
    return render(request, "cases/impact.html", {"form": form})


@login_required
def impact_result(request, job_id):
    """The job's progress, then each decision that changes, its client named (and logged)."""
    managed_organisation_id(request.user)
    job = job_for(request.user, job_id)
    if job.kind != "impact":
        raise Http404
    # The list is kept with the job for settings.JOBS_RESULT_DAYS, then emptied (jobs_prune).
    kept = bytes(job.result)
    found = json.loads(kept) if job.status == job.Status.DONE and kept else []
    names = client_names_read(
        request, [item["client"] for item in found], detail="parametrimuutoksen vaikutus"
    )
    rows = [{**item, "name": names[item["client"]]} for item in found if item["client"] in names]
    return render(
        request,
        "cases/impact.html",
        {
            "job": job,
            "rows": rows,
            "pruned": job.status == job.Status.DONE and not kept,
            "files": sorted(job.arguments.get("files", {})),
        },
    )
