"""Import pages (managers): the templates, the upload, the check's progress and preview, the
confirmation and the import's progress and result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from vahti.core.tables import csv_bytes, xlsx_bytes
from vahti.organisations.selectors import managed_organisation_id

from . import selectors, services
from .forms import UploadForm


@login_required
def import_start(request):
    managed_organisation_id(request.user)  # managers only (a 404 otherwise)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        imported = services.import_upload(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            name=upload.name,
            data=upload.read(),
        )
        services.import_check_start(actor=request.user, imported=imported)
        return redirect("exchange:import", imported.pk)
    return render(
        request,
        "exchange/import_start.html",
        {"form": form, "imports": selectors.imports_of(request.user)},
    )


@login_required
def import_page(request, import_id):
    managed_organisation_id(request.user)  # managers only (a 404 otherwise)
    imported = selectors.import_for(request.user, import_id)
    if request.method == "POST":
        try:
            if "discard" in request.POST:
                services.import_discard(actor=request.user, imported=imported)
                messages.success(request, _("The file was discarded."))
                return redirect("exchange:import_start")
            services.import_confirm(actor=request.user, imported=imported)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("exchange:import", imported.pk)
    job = imported.import_job or imported.check_job
    return render(
        request,
        "exchange/import.html",
        {"imported": imported, "job": job, "preview": imported.preview},
    )


@login_required
def import_template(request, kind, fmt):
    """The template: the headers in the asked language (?lang=fi|sv|en) and an example row."""
    managed_organisation_id(request.user)  # managers only (a 404 otherwise)
    if kind not in services.COLUMNS or fmt not in ("csv", "xlsx"):
        raise Http404
    lang = request.GET.get("lang", translation.get_language() or "fi")[:2]
    lang = lang if lang in ("fi", "sv", "en") else "fi"
    columns = services.COLUMNS[kind]
    header = [c.header(lang) for c in columns]
    with translation.override(lang):
        example = [services.example_value(c, request.user) for c in columns]
    name = f"vahti-{ {'fi': 'tuonti', 'sv': 'import'}.get(lang, 'import') }-{kind}"
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, [example]), content_type="text/csv")
    else:
        sheet = "Tuonti" if lang == "fi" else "Import"  # the same word in Swedish
        response = HttpResponse(
            xlsx_bytes({sheet: (header, [example])}),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
