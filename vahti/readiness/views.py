"""Audit readiness and Kela's audits (managers): parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vahti.cases.access import What, client_list_read
from vahti.core.dates import language, today
from vahti.core.forms import form_errors, form_saved
from vahti.core.http import query_int

from . import services
from .documents import readiness_pdf, record_text
from .forms import AuditFindingForm, CloseForm, CorrectiveActionForm, KelaAuditForm
from .selectors import (
    audit_finding_for,
    audit_findings,
    corrective_action_for,
    kela_audit_for,
    kela_audits_of,
    readiness_report,
)


@login_required
def readiness(request):
    """What an audit would find today, for the organisation or one site; ?format=pdf."""
    site_id = query_int(request.GET, "site")
    report = readiness_report(request.user, on=today(), lang=language(), site_id=site_id)
    sites = request.user.organisation.sites.all()
    site = next((s for s in sites if s.pk == site_id), None)
    pdf = request.GET.get("format") == "pdf"
    client_list_read(
        request,
        client_ids=[
            item.client_id
            for section in (report.feedback, report.records)
            for item in section.items
        ],
        detail="auditointivalmius" + (" (PDF)" if pdf else ""),
        what=What.EXPORT if pdf else What.CLIENT_LIST,
    )
    if pdf:
        response = HttpResponse(
            readiness_pdf(
                report, organisation=request.user.organisation.name, site=site.name if site else ""
            ),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="auditointivalmius-{report.on.isoformat()}.pdf"'
        )
        return response
    return render(
        request,
        "readiness/readiness.html",
        {
            "report": report,
            "sites": sites,
            "site_id": site_id,
            "feedback": [(item, record_text(item)) for item in report.feedback.items],
            "records": [(item, record_text(item)) for item in report.records.items],
            "audits": kela_audits_of(request.user)[:5],
        },
    )


@login_required
def kela_audit_new(request):
    kela_audits_of(request.user)  # the wall: managers only
    form = KelaAuditForm(request.POST or None, organisation=request.user.organisation)
    finding_forms = (
        [AuditFindingForm(request.POST or None, prefix=f"f{n}") for n in range(3)]
        if request.method == "POST"
        else [AuditFindingForm(prefix=f"f{n}") for n in range(3)]
    )
    if request.method == "POST" and form.is_valid():
        filled = [f for f in finding_forms if f.has_changed()]
        if all(f.is_valid() for f in filled):
            try:
                audit = services.kela_audit_record(
                    actor=request.user,
                    **form.cleaned_data,
                    findings=[f.cleaned_data for f in filled],
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(
                    request, _("The audit is recorded: give each finding its corrective action.")
                )
                return redirect("readiness:kela_audit", audit.pk)
    return render(
        request, "readiness/audit_form.html", {"form": form, "finding_forms": finding_forms}
    )


def _audit_page(request, audit, *, finding_form=None, action_forms=None, status=200):
    findings = audit_findings(audit)
    action_forms = action_forms or {}
    for finding in findings:
        finding.action_form = action_forms.get(finding.pk) or CorrectiveActionForm(
            organisation=request.user.organisation, prefix=f"a{finding.pk}"
        )
    return render(
        request,
        "readiness/audit_detail.html",
        {
            "audit": audit,
            "findings": findings,
            "today": today(),
            "finding_form": finding_form or AuditFindingForm(),
        },
        status=status,
    )


@login_required
def kela_audit(request, audit_id):
    return _audit_page(request, kela_audit_for(request.user, audit_id))


@login_required
@require_POST
def audit_finding_add(request, audit_id):
    audit = kela_audit_for(request.user, audit_id)
    form = AuditFindingForm(request.POST)
    if form.is_valid():
        services.audit_finding_add(actor=request.user, audit=audit, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("readiness:kela_audit", audit.pk)
    return _audit_page(request, audit, finding_form=form, status=400)


@login_required
@require_POST
def corrective_action_add(request, finding_id):
    finding = audit_finding_for(request.user, finding_id)
    form = CorrectiveActionForm(
        request.POST, organisation=request.user.organisation, prefix=f"a{finding.pk}"
    )
    saved, _action = form_saved(
        request,
        form,
        lambda data: services.corrective_action_add(
            actor=request.user,
            finding=finding,
            **{k: v for k, v in data.items() if k != "evidence"},
        ),
    )
    if saved:
        messages.success(request, _("Saved."))
        return redirect(
            reverse("readiness:kela_audit", args=[finding.audit_id]) + f"#finding-{finding.pk}"
        )
    return _audit_page(request, finding.audit, action_forms={finding.pk: form}, status=400)


@login_required
def corrective_action(request, action_id):
    """Change an open action, close it with its evidence, or reopen it."""
    corrective = corrective_action_for(request.user, action_id)
    organisation = request.user.organisation
    form = CorrectiveActionForm(
        request.POST if request.POST.get("action") == "save" else None,
        organisation=organisation,
        initial={
            "description": corrective.description,
            "owner": corrective.owner,
            "due_on": corrective.due_on,
            "evidence": corrective.evidence,
        },
    )
    close_form = CloseForm(
        request.POST if request.POST.get("action") == "close" else None,
        initial={"evidence": corrective.evidence},
    )
    if request.method == "POST":
        choice = request.POST.get("action")
        posted = {"save": form, "close": close_form}.get(choice)
        try:
            if choice == "reopen":
                services.corrective_action_reopen(actor=request.user, action=corrective)
            elif posted is not None and posted.is_valid() and choice == "close":
                services.corrective_action_close(
                    actor=request.user, action=corrective, **close_form.cleaned_data
                )
            elif posted is not None and posted.is_valid():
                services.corrective_action_update(
                    actor=request.user, action=corrective, **form.cleaned_data
                )
            else:
                posted = None  # the form's own errors are shown
        except ValidationError as error:
            form_errors(posted or form, error)
        else:
            if choice == "reopen" or posted is not None:
                messages.success(request, _("Saved."))
                return redirect(
                    reverse("readiness:kela_audit", args=[corrective.finding.audit_id])
                    + f"#finding-{corrective.finding_id}"
                )
    return render(
        request,
        "readiness/action_form.html",
        {"action": corrective, "form": form, "close_form": close_form},
        status=400 if request.method == "POST" else 200,
    )
