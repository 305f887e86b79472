"""Groups: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vahti.cases.access import client_list_read
from vahti.core.dates import language, today
from vahti.core.forms import form_errors, form_saved

from . import services
from .forms import GroupForm, LeaveForm, MemberForm, PeriodForm, PostponeForm
from .selectors import (
    candidates,
    client_letters,
    group_for,
    group_overview,
    groups_of,
    membership_for,
)


@login_required
def group_list(request):
    return render(request, "groups/group_list.html", {"groups": groups_of(request.user)})


@login_required
def group_edit(request, group_id=None):
    group = group_for(request.user, group_id) if group_id is not None else None
    groups_of(request.user)  # the wall
    initial = (
        {
            "name": group.name,
            "planned_max": group.planned_max,
            "planned_start": group.planned_start,
            "site": group.site,
        }
        if group
        else None
    )
    form = GroupForm(
        request.POST or None,
        initial=initial,
        organisation=request.user.organisation,
        editing=group is not None,
    )
    saved, saved_group = form_saved(
        request,
        form,
        lambda data: services.group_create(actor=request.user, **data)
        if group is None
        else services.group_update(actor=request.user, group=group, **data),
    )
    if saved:
        messages.success(request, _("Saved."))
        return redirect("groups:group", saved_group.pk)
    return render(request, "groups/group_form.html", {"form": form, "group": group})


def _group_page(request, group, *, forms=None, letters=(), status=200):
    overview = group_overview(request.user, group, on=today(), lang=language())
    client_list_read(
        request,
        client_ids=[row.membership.decision.client_id for row in overview.rows],
        detail=f"ryhmä {group.pk}",
    )
    forms = forms or {}
    return render(
        request,
        "groups/group_detail.html",
        {
            "overview": overview,
            "group": group,
            "letters": letters,
            "member_form": forms.get("member")
            or MemberForm(decisions=candidates(request.user, group)),
            "period_form": forms.get("period") or PeriodForm(),
            "postpone_form": forms.get("postpone")
            or PostponeForm(initial={"new_start": overview.postpone_until}),
        },
        status=status,
    )


@login_required
def group(request, group_id):
    return _group_page(request, group_for(request.user, group_id))


@login_required
@require_POST
def group_member_add(request, group_id):
    group = group_for(request.user, group_id)
    form = MemberForm(request.POST, decisions=candidates(request.user, group))
    saved, _membership = form_saved(
        request,
        form,
        lambda data: services.group_member_add(actor=request.user, group=group, **data),
    )
    if saved:
        messages.success(request, _("Saved."))
        return redirect("groups:group", group.pk)
    return _group_page(request, group, forms={"member": form}, status=400)


@login_required
def group_member_leave(request, membership_id):
    """Mark a member as having left the group, on a day the user confirms."""
    membership = membership_for(request.user, membership_id)
    form = LeaveForm(request.POST or None, initial={"left_on": today()})
    saved, _result = form_saved(
        request,
        form,
        lambda data: services.group_member_leave(
            actor=request.user, membership=membership, left_on=data["left_on"]
        ),
    )
    if saved:
        messages.success(request, _("Marked as having left the group."))
        return redirect("groups:group", membership.group_id)
    return render(request, "groups/member_leave.html", {"form": form, "membership": membership})


@login_required
@require_POST
def group_period(request, group_id):
    group = group_for(request.user, group_id)
    form = PeriodForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            count = services.group_period_record(
                actor=request.user,
                group=group,
                hours=float(data["hours"]),
                starts=[data["first"], data["second"], data["third"]],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "starts" in error.error_dict:
                error = ValidationError({"first": error.error_dict["starts"]})
            form_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The group period is recorded: %(count)s day for the members.",
                    "The group period is recorded: %(count)s days for the members.",
                    count,
                )
                % {"count": count},
            )
            return redirect("groups:group", group.pk)
    return _group_page(request, group, forms={"period": form}, status=400)


@login_required
@require_POST
def group_postpone(request, group_id):
    group = group_for(request.user, group_id)
    form = PostponeForm(request.POST)
    saved, notices = form_saved(
        request,
        form,
        lambda data: services.group_start_postpone(actor=request.user, group=group, **data),
    )
    if saved:
        messages.success(
            request,
            ngettext(
                "The start is moved; %(count)s notice to Kela is drafted (see Notices).",
                "The start is moved; %(count)s notices to Kela are drafted (see Notices).",
                len(notices),
            )
            % {"count": len(notices)},
        )
        return _group_page(
            request, group, letters=client_letters(group, form.cleaned_data["new_start"])
        )
    return _group_page(request, group, forms={"postpone": form}, status=400)
