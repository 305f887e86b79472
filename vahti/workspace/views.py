"""Views parse the request, call a selector or a service, and render. Every view of client data
gets its client or decision through access.py."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vahti.rules.case import CaseError
from vahti.rules.evaluate import default_evaluator

from . import selectors, services
from .access import client_for, decision_for, notice_for
from .documents import feedback_pdf
from .feedback import FORM_NAMES, prefill as prefill_feedback, recipients as feedback_recipients
from .feedback import sections_for as feedback_sections
from .forms import (BreakForm, ClientForm, DecisionForm, EventForm, FeedbackForm, NoticeForm,
                    WeekFormSet, WorkForm, week_initial)
from .models import SERVICES, Break, CalendarToken, Event, Feedback, Notice, WorkPeriod
from .reminders import calendar_feed as calendar_feed_bytes
from .notices import notice_eml as notice_eml_bytes


def _form_errors(form, error: ValidationError):
    """Put a service's ValidationError on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error)


@login_required
def dashboard(request):
    params = request.GET
    page = selectors.dashboard_clients(
        request.user, service=params.get("service", ""), coach=params.get("coach", ""),
        status=params.get("status", ""), page=params.get("page") or 1)
    return render(request, "workspace/dashboard.html", {
        "page": page, "services": SERVICES, "coaches": selectors.coaches_of(request.user),
        "filters": params, "today": selectors.today(),
        "statuses": [("overdue", _("overdue")), ("errors", _("errors")),
                     ("warnings", _("warnings")), ("open", _("open deadline"))],
    })


@login_required
def client_detail(request, client_id):
    client = client_for(request.user, client_id)
    decision = client.current_decision
    context = {"client": client, "decision": decision, "today": selectors.today(),
               "history": selectors.client_history(client, decision)}
    if decision is not None:
        lang = selectors.language()
        evaluator = default_evaluator()
        try:
            result = selectors.decision_evaluate(decision)
        except CaseError as error:
            context["case_error"] = evaluator.error_message(error, lang)
        else:
            stale = selectors.certificate_stale(decision, result)
            context.update(selectors.client_page(result, lang=lang, certificate_stale=stale))
            context["certificates"] = decision.certificates.defer("pdf", "facts")
            context["events"] = decision.events.all()
    return render(request, "workspace/client_detail.html", context)


@login_required
def client_create(request):
    organisation = request.user.organisation
    if organisation is None:
        raise Http404
    client_form = ClientForm(request.POST or None, organisation=organisation, prefix="client")
    decision_form = DecisionForm(request.POST or None, prefix="decision")
    if request.method == "POST" and client_form.is_valid() and decision_form.is_valid():
        try:
            client = services.client_admit(actor=request.user, client=client_form.cleaned_data,
                                           decision=decision_form.cleaned_data)
        except ValidationError as error:
            _form_errors(decision_form if not hasattr(error, "error_dict")
                         or "identity_code" not in error.error_dict else client_form, error)
        else:
            messages.success(request, _("Client added."))
            return redirect("client", client.pk)
    return render(request, "workspace/client_form.html",
                  {"client_form": client_form, "decision_form": decision_form})


@login_required
def decision_edit(request, decision_id):
    decision = decision_for(request.user, decision_id)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("client", decision.client_id)
    return render(request, "workspace/decision_form.html", {"form": form, "decision": decision})


def _monday(text: str | None, default: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(text) if text else default
    except ValueError:
        day = default
    return day - dt.timedelta(days=day.weekday())


@login_required
def week_entry(request, decision_id):
    decision = decision_for(request.user, decision_id)
    monday = _monday(request.GET.get("week") or request.POST.get("week"), selectors.today())
    sunday = monday + dt.timedelta(days=6)
    initial = week_initial(monday, decision.days.filter(date__range=(monday, sunday)),
                           decision.absences.filter(date__range=(monday, sunday)))
    formset = WeekFormSet(request.POST or None, initial=initial, prefix="day")
    if request.method == "POST" and formset.is_valid():
        expected = {row["date"] for row in initial}
        entries = [form.entry() for form in formset.forms]
        if {form.cleaned_data["date"] for form in formset.forms} != expected:
            formset._non_form_errors = formset.error_class([_("The week's dates do not match.")])
        else:
            try:
                services.week_save(actor=request.user, decision=decision, monday=monday,
                                   entries=[e for e in entries if e is not None])
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("Week saved."))
                return redirect(reverse("client", args=[decision.client_id]) + "#findings")
    return render(request, "workspace/week.html", {
        "decision": decision, "client": decision.client, "formset": formset, "monday": monday,
        "sunday": sunday, "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7)})


RECORD_FORMS = {"break": (BreakForm, services.break_add), "event": (EventForm, services.event_add),
                "work": (WorkForm, services.work_add)}
RECORD_MODELS = {"break": Break, "event": Event, "work": WorkPeriod}


@login_required
def records(request, decision_id):
    """Events, breaks and work periods of a decision, with a form for each."""
    decision = decision_for(request.user, decision_id)
    today = selectors.today()
    posted = request.POST.get("record") if request.method == "POST" else None
    forms = {}
    for kind, (form_class, service) in RECORD_FORMS.items():
        extra = {"today": today, "initial": {"date": today}} if kind == "event" else {}
        data = request.POST if posted == kind else None
        forms[kind] = form_class(data, prefix=kind, **extra)
    if posted in forms and forms[posted].is_valid():
        try:
            RECORD_FORMS[posted][1](actor=request.user, decision=decision,
                                    **forms[posted].cleaned_data)
        except ValidationError as error:
            _form_errors(forms[posted], error)
        else:
            messages.success(request, _("Saved."))
            return redirect("records", decision.pk)
    sections = [
        {"kind": "event", "title": _("Events"), "add": _("Add event"),
         "items": decision.events.all()},
        {"kind": "break", "title": _("Breaks"), "add": _("Add break"),
         "items": decision.breaks.all()},
        {"kind": "work", "title": _("Work beside the rehabilitation"), "add": _("Add work period"),
         "items": decision.work.all()},
    ]
    for section in sections:
        section["form"] = forms[section["kind"]]
    return render(request, "workspace/records.html",
                  {"decision": decision, "client": decision.client, "sections": sections})


@login_required
@require_POST
def record_delete(request, decision_id, kind, record_id):
    decision = decision_for(request.user, decision_id)
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404
    record = model.objects.filter(decision=decision, pk=record_id).first()
    if record is None:
        raise Http404
    try:
        services.record_delete(actor=request.user, record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect("records", decision.pk)


@login_required
@require_POST
def certificate_issue(request, decision_id):
    decision = decision_for(request.user, decision_id)
    try:
        certificate = services.certificate_issue(actor=request.user, decision=decision)
    except ValidationError as error:
        messages.error(request, _("The certificate cannot be issued: %(why)s")
                       % {"why": " ".join(error.messages)})
    else:
        messages.success(request, _("Certificate version %(version)s issued.")
                         % {"version": certificate.version})
    return redirect(reverse("client", args=[decision.client_id]) + "#certificates")


@login_required
def certificate_download(request, decision_id, version):
    decision = decision_for(request.user, decision_id)
    certificate = decision.certificates.filter(version=version).first()
    if certificate is None:
        raise Http404
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    # The file name carries no name or henkilötunnus, only the case reference.
    response["Content-Disposition"] = (f'attachment; filename="osallistumistodistus-'
                                       f'{decision.pk}-v{certificate.version}.pdf"')
    return response


@login_required
def notice_new(request, decision_id=None):
    """Draft a notice to Kela: about a client's case, or (decision_id None) a staff change."""
    decision = decision_for(request.user, decision_id) if decision_id is not None else None
    if decision is None and not request.user.sees_all_clients:
        raise Http404
    kinds = [(k, label) for k, label in Notice.Kind.choices
             if (k == Notice.Kind.STAFF_CHANGE) == (decision is None)]
    form = NoticeForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_create(actor=request.user, decision=decision,
                                            **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("notice", notice.pk)
    return render(request, "workspace/notice_form.html", {"form": form, "decision": decision})


@login_required
def notice_detail(request, notice_id):
    return render(request, "workspace/notice_detail.html",
                  {"notice": notice_for(request.user, notice_id)})


@login_required
def notice_eml(request, notice_id):
    notice = notice_for(request.user, notice_id)
    response = HttpResponse(notice_eml_bytes(notice), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="kela-ilmoitus-{notice.pk}.eml"'
    return response


@login_required
@require_POST
def notice_mark_sent(request, notice_id):
    notice = notice_for(request.user, notice_id)
    services.notice_mark_sent(actor=request.user, notice=notice)
    messages.success(request, _("Marked as sent to Kela."))
    if notice.decision is not None:
        return redirect(reverse("client", args=[notice.decision.client_id]) + "#findings")
    return redirect("notice", notice.pk)


@login_required
def calendar_settings(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, _("The calendar address no longer works."))
        else:
            services.calendar_token_renew(user=request.user)
            messages.success(request, _("A new calendar address was made; the old one no longer works."))
        return redirect("calendar_settings")
    token = request.user.calendar_tokens.filter(revoked_at__isnull=True).first()
    url = (settings.BASE_URL + reverse("calendar_feed", args=[token.token])) if token else None
    return render(request, "workspace/calendar.html", {"feed_url": url})


def calendar_feed(request, token):
    """Public by design (calendar apps cannot log in): the secret token is the key."""
    record = (CalendarToken.objects.select_related("user")
              .filter(token=token, revoked_at__isnull=True, user__is_active=True).first())
    if record is None:
        raise Http404
    return HttpResponse(calendar_feed_bytes(record.user, base_url=settings.BASE_URL),
                        content_type="text/calendar; charset=utf-8")


def _feedback_context(decision):
    result = selectors.decision_evaluate(decision)
    stored = Feedback.objects.filter(decision=decision).first()
    sections = feedback_sections(decision.service)
    initial = {**prefill_feedback(decision, result), **(stored.sections if stored else {})}
    return stored, sections, initial


@login_required
def feedback_edit(request, decision_id):
    decision = decision_for(request.user, decision_id)
    stored, sections, initial = _feedback_context(decision)
    form_initial = {f"section_{key}": value for key, value in initial.items()}
    if stored:
        form_initial.update(treating_party=stored.treating_party, network=stored.network,
                            consent_treating_party=stored.consent_treating_party,
                            consent_network=stored.consent_network)
    form = FeedbackForm(request.POST or None, initial=form_initial, sections=sections)
    if request.method == "POST" and form.is_valid():
        feedback = services.feedback_save(actor=request.user, decision=decision, **form.values())
        if request.POST.get("send"):
            services.feedback_send(actor=request.user, feedback=feedback)
            messages.success(request, _("Feedback marked as sent."))
            return redirect(reverse("client", args=[decision.client_id]) + "#deadlines")
        messages.success(request, _("Feedback saved."))
        return redirect("feedback", decision.pk)
    return render(request, "workspace/feedback.html", {
        "decision": decision, "client": decision.client, "form": form, "feedback": stored,
        "recipients": feedback_recipients(stored) if stored else ["Asiakas", "Kela"]})


@login_required
def feedback_download(request, decision_id):
    decision = decision_for(request.user, decision_id)
    stored, sections, initial = _feedback_context(decision)
    if stored is None:
        raise Http404
    client, organisation = decision.client, decision.client.organisation
    pdf = feedback_pdf(
        title=FORM_NAMES.get(decision.service.split(".")[0], "Kuntoutuspalaute"),
        client={"name": f"{client.first_name} {client.last_name}",
                "identity_code": client.identity_code},
        issuer={"name": organisation.name, "business_id": organisation.business_id},
        service_name=decision.get_service_display(),
        sections=[(label, initial.get(key, "")) for key, label in sections],
        recipients=feedback_recipients(stored), written_on=selectors.today())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kuntoutuspalaute-{decision.pk}.pdf"'
    return response


@login_required
def rules(request):
    day = selectors.today()
    return render(request, "workspace/rules.html",
                  {"sections": selectors.rule_catalogue(on=day, lang=selectors.language()),
                   "today": day})
