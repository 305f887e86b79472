"""Notices to Kela: draft, read, download for secure e-mail, mark sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vahti.cases.access import What, client_list_read, client_read, decision_for
from vahti.core.forms import form_saved
from vahti.core.http import query_int

from . import services
from .drafts import notice_eml as notice_eml_bytes
from .forms import NoticeForm
from .selectors import notice_for, notice_kinds, notices_of

STATUSES = (("draft", gettext_lazy("not sent")), ("sent", gettext_lazy("sent")))
LIST_SIZE = 100


@login_required
def notice_list(request):
    """The organisation's notices (or one client's: ``?client=``), drafts first to hand."""
    status = request.GET.get("status", "")[:10]
    client_id = query_int(request.GET, "client")
    notices = notices_of(request.user, status=status, client_id=client_id)
    page = Paginator(notices, LIST_SIZE).get_page(query_int(request.GET, "page") or 1)
    client_list_read(
        request,
        client_ids=[n.decision.client_id for n in page if n.decision],
        detail=f"ilmoitukset, sivu {page.number}",
    )
    return render(
        request,
        "notices/notice_list.html",
        {
            "page": page,
            "status": status,
            "statuses": STATUSES,
            "client_id": client_id,
            "filters": request.GET,
        },
    )


def _notice_read(request, notice_id, what: str):
    """The notice through the wall (notice_for), its read logged against its client."""
    notice = notice_for(request.user, notice_id)
    client_read(
        request,
        client_id=notice.decision.client_id if notice.decision else None,
        what=what,
        detail=f"ilmoitus {notice.pk}",
    )
    return notice


@login_required
def notice_new(request, decision_id=None):
    """Draft a notice to Kela: about a client's case, or (decision_id None) a staff change."""
    decision = (
        decision_for(request, decision_id, what=What.NOTICE, detail="uusi")
        if decision_id is not None
        else None
    )
    if decision is None and not request.user.sees_all_clients:
        raise Http404
    kinds = notice_kinds(decision)
    chosen = request.GET.get("kind", "")  # e.g. after recording an interruption
    form = NoticeForm(
        request.POST or None,
        kinds=kinds,
        initial={"kind": chosen} if chosen in dict(kinds) else None,
    )
    saved, notice = form_saved(
        request,
        form,
        lambda data: services.notice_create(actor=request.user, decision=decision, **data),
    )
    if saved:
        return redirect("notices:notice", notice.pk)
    return render(request, "notices/notice_form.html", {"form": form, "decision": decision})


@login_required
def notice_detail(request, notice_id):
    notice = _notice_read(request, notice_id, What.NOTICE)
    # The notice is in the client's language of service (the provider's own ones in Finnish).
    lang = notice.decision.client.language if notice.decision else "fi"
    return render(request, "notices/notice_detail.html", {"notice": notice, "notice_lang": lang})


@login_required
def notice_eml(request, notice_id):
    notice = _notice_read(request, notice_id, What.NOTICE_EML)
    response = HttpResponse(notice_eml_bytes(notice), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="kela-ilmoitus-{notice.pk}.eml"'
    return response


@login_required
@require_POST
def notice_mark_sent(request, notice_id):
    notice = _notice_read(request, notice_id, What.NOTICE)
    services.notice_mark_sent(actor=request.user, notice=notice)
    messages.success(
        request,
        _("Marked as sent to Kela."),
        extra_tags="" if request.POST.get("next") == "list" else "at-findings",
    )
    if request.POST.get("next") == "list":
        return redirect(reverse("notices:notices") + "?status=draft")
    if notice.decision is not None:
        return redirect(reverse("cases:client", args=[notice.decision.client_id]) + "#findings")
    return redirect("notices:notice", notice.pk)
