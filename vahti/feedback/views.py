"""The rehabilitation feedback: edit, send, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vahti.cases.access import What, decision_for
from vahti.cases.selectors import recorded_version
from vahti.core.dates import language, today
from vahti.core.forms import form_saved
from vahti.core.http import posted_version
from vahti.core.lines import service_name
from vahti.core.pdf import UnprintableText

from . import services
from .documents import feedback_pdf
from .drafts import form_name, recipients, recipients_in
from .forms import FeedbackForm
from .selectors import feedback_draft, feedback_of, feedback_people


@login_required
@require_POST
def feedback_send_correct(request, decision_id):
    """Reverse "sent" recorded by mistake, with the reason; a refusal shows beside the form."""
    decision = decision_for(request, decision_id, what=What.FEEDBACK, detail="korjaus")
    feedback = feedback_of(decision)
    if feedback is None:
        raise Http404
    try:
        services.feedback_send_correct(
            actor=request.user,
            feedback=feedback,
            reason=request.POST.get("reason", "")[:500],
            expected_version=posted_version(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages), extra_tags="at-send")
    else:
        messages.success(
            request,
            _(
                "Corrected: the feedback is not sent, and its deadline is "
                "open again. The history keeps the reason."
            ),
            extra_tags="at-send",
        )
    return redirect(reverse("feedback:feedback", args=[decision.pk]) + "#send")


@login_required
def feedback_edit(request, decision_id):
    decision = decision_for(request, decision_id, what=What.FEEDBACK)
    draft = feedback_draft(decision, lang=language())
    stored = draft.stored
    initial = {f"section_{key}": text for key, text in draft.texts.items()}
    if stored:
        initial.update(
            treating_party=stored.treating_party,
            network=stored.network,
            consent_treating_party=stored.consent_treating_party,
            consent_network=stored.consent_network,
        )
    form = FeedbackForm(
        request.POST or None,
        initial=initial,
        sections=draft.sections,
        lang=decision.client.language,
    )
    saved, feedback = form_saved(
        request,
        form,
        lambda _data: services.feedback_save(
            actor=request.user,
            decision=decision,
            expected_version=posted_version(request),
            **form.values(),
        ),
    )
    if saved:
        if request.POST.get("send"):
            try:
                services.feedback_send(actor=request.user, feedback=feedback)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages), extra_tags="at-send")
                # The text was saved; the refusal shows beside the button.
                return redirect(reverse("feedback:feedback", args=[decision.pk]) + "#send")
            messages.success(request, _("Feedback marked as sent."), extra_tags="at-deadlines")
            return redirect(reverse("cases:client", args=[decision.client_id]) + "#deadlines")
        messages.success(request, _("Feedback saved."))
        return redirect("feedback:feedback", decision.pk)
    return render(
        request,
        "feedback/feedback.html",
        {
            "decision": decision,
            "client": decision.client,
            "form": form,
            "feedback": stored,
            "recipients": recipients(stored),
            "version": recorded_version(decision),
        },
    )


@login_required
def feedback_download(request, decision_id):
    """The feedback as a PDF in the client's language of service (it goes to the client and
    Kela)."""
    decision = decision_for(request, decision_id, what=What.FEEDBACK, detail="PDF")
    client, organisation = decision.client, decision.client.organisation
    lang = client.language
    draft = feedback_draft(decision, lang=lang)
    if draft.stored is None:
        raise Http404
    try:
        pdf = feedback_pdf(
            lang=lang,
            title=form_name(decision.service, lang),
            client={
                "name": f"{client.first_name} {client.last_name}",
                "identity_code": client.identity_code,
            },
            issuer={"name": organisation.name, "business_id": organisation.business_id},
            service_name=service_name(decision.service, lang),
            sections=[(heading, draft.texts.get(key, "")) for key, heading in draft.sections],
            recipients=recipients_in(draft.stored, lang),
            written_on=today(),
            **feedback_people(decision, draft.stored),
        )
    except UnprintableText as error:
        messages.error(
            request,
            _(
                "The PDF cannot be made: the text has characters it cannot "
                "show (%(chars)s). Correct them and try again."
            )
            % {"chars": " ".join(error.characters)},
        )
        return redirect("feedback:feedback", decision.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kuntoutuspalaute-{decision.pk}.pdf"'
    return response
