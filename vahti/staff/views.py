"""The staff register's pages (managers): parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vahti.core.dates import language, today
from vahti.core.forms import form_saved
from vahti.core.http import query_int

from . import services
from .forms import QualificationForm, RequirementForm, StaffMemberForm
from .selectors import (
    qualification_for,
    requirement_for,
    requirements_of,
    staff_member_for,
    staff_register,
    staff_review,
)

MEMBER_FIELDS = (
    "first_name",
    "last_name",
    "profession",
    "role",
    "services",
    "sites",
    "experience_months",
    "experience_checked_on",
    "started_on",
    "ended_on",
    "user",
)


def _changed(request, change) -> None:
    """Tell the user what a staff change did: the team check and the drafted notice."""
    if change.notice is None:
        messages.success(request, _("Saved."))
        return
    if change.missing:
        messages.warning(request, " ".join(change.missing))
    messages.success(
        request, _("Saved. A staff change: the notice to Kela is drafted — check it and send it.")
    )


@login_required
def staff_list(request):
    site_id = query_int(request.GET, "site")
    members, review = staff_register(
        request.user,
        on=today(),
        lang=language(),
        site_id=site_id,
        current=request.GET.get("all") != "1",
    )
    form = RequirementForm()
    return render(
        request,
        "staff/staff_list.html",
        {
            "members": members,
            "review": review,
            "requirements": requirements_of(request.user),
            "requirement_form": form,
            "sites": request.user.organisation.sites.all(),
            "site_id": site_id,
            "show_all": request.GET.get("all") == "1",
        },
    )


@login_required
def staff_member_edit(request, member_id=None):
    member = staff_member_for(request.user, member_id) if member_id is not None else None
    initial = None
    if member is not None:
        initial = {name: getattr(member, name) for name in MEMBER_FIELDS if name != "sites"}
        initial["sites"] = list(member.sites.all())
    form = StaffMemberForm(
        request.POST or None,
        initial=initial,
        organisation=request.user.organisation,
        editing=member is not None,
    )
    saved, change = form_saved(
        request,
        form,
        lambda data: services.staff_member_create(actor=request.user, **data)
        if member is None
        else services.staff_member_update(actor=request.user, member=member, **data),
    )
    if saved:
        _changed(request, change)
        if change.notice is not None:
            return redirect("notices:notice", change.notice.pk)
        return redirect("staff:staff_member", change.member.pk)
    findings = []
    if member is not None:
        review = staff_review(request.user.organisation, on=today(), lang=language())
        findings = review.by_member.get(member.pk, [])
    return render(
        request,
        "staff/member_form.html",
        {
            "form": form,
            "member": member,
            "findings": findings,
            "qualifications": member.qualifications.all() if member else [],
            "qualification_form": QualificationForm(),
        },
    )


@login_required
@require_POST
def qualification_add(request, member_id):
    member = staff_member_for(request.user, member_id)
    form = QualificationForm(request.POST)
    form_saved(
        request,
        form,
        lambda data: services.qualification_add(actor=request.user, member=member, **data),
    )
    if form.errors:
        return render(
            request,
            "staff/member_form.html",
            {
                "form": StaffMemberForm(
                    organisation=request.user.organisation,
                    editing=True,
                    initial={
                        name: getattr(member, name) for name in MEMBER_FIELDS if name != "sites"
                    },
                ),
                "member": member,
                "qualifications": member.qualifications.all(),
                "qualification_form": form,
                "findings": [],
            },
            status=400,
        )
    messages.success(request, _("Qualification added."), extra_tags="at-qualifications")
    return redirect(reverse("staff:staff_member", args=[member.pk]) + "#qualifications")


@login_required
@require_POST
def qualification_remove(request, qualification_id):
    qualification = qualification_for(request.user, qualification_id)
    member_id = qualification.member_id
    services.qualification_remove(actor=request.user, qualification=qualification)
    messages.success(request, _("Qualification removed."), extra_tags="at-qualifications")
    return redirect(reverse("staff:staff_member", args=[member_id]) + "#qualifications")


@login_required
def requirement_add(request):
    requirements = requirements_of(request.user)  # the wall: managers only
    form = RequirementForm(request.POST or None)
    saved, _result = form_saved(
        request, form, lambda data: services.requirement_add(actor=request.user, **data)
    )
    if saved:
        messages.success(request, _("Saved."), extra_tags="at-requirements")
        return redirect(reverse("staff:staff_list") + "#requirements")
    return render(
        request, "staff/requirement_form.html", {"form": form, "requirements": requirements}
    )


@login_required
@require_POST
def requirement_remove(request, requirement_id):
    services.requirement_remove(
        actor=request.user, requirement=requirement_for(request.user, requirement_id)
    )
    messages.success(request, _("Removed."), extra_tags="at-requirements")
    return redirect(reverse("staff:staff_list") + "#requirements")
