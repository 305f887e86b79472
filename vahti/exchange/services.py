"""Importing clients, their decisions and their days from a spreadsheet (docs/import.md).

Upload → check (a background job: every row through the same forms and services as typing it
in, inside a transaction that is rolled back, so the preview names every problem the real
import would meet) → confirm → import (a second job: everything in one transaction, or
nothing). A row whose identity code's digest is already a client of the organisation is
reported as existing and left as it is, so importing the same file twice makes nothing twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vahti.cases.access import clients_for
from vahti.cases.forms import ClientForm, DecisionForm
from vahti.cases.models import Client
from vahti.cases.services import client_admit, decisions_refresh, week_save
from vahti.cases.services.records import NEW_DAY, stored_entry
from vahti.core.counties import county_choices, county_name
from vahti.core.dates import language
from vahti.core.identity import identity_code_clean, identity_digest
from vahti.core.lines import service_choices, service_name
from vahti.jobs.services import job_start
from vahti.organisations.models import Site, User
from vahti.rules.case import MAX_HOURS

from .models import Import
from .readers import Column, FileRefused, column_label, table_read

# Both kinds of sheet name the client by the identity code, never by name.
IDENTITY_CODE = Column(
    "identity_code", "henkilötunnus", "identity code", example="010190-900P", sv="personbeteckning"
)
CLIENT_COLUMNS = (
    IDENTITY_CODE,
    Column("first_name", "etunimi", "first name", example="Testi", sv="förnamn"),
    Column("last_name", "sukunimi", "last name", example="Esimerkki", sv="efternamn"),
    Column("service", "palvelulinja", "service line", example="", sv="servicelinje"),
    Column("decided_on", "päätöspäivä", "decision date", example="2.11.2026", sv="beslutsdag"),
    Column(
        "received_on",
        "päätös saapunut",
        "decision received",
        example="5.11.2026",
        sv="beslutet kom",
    ),
    Column(
        "sequence",
        "päätöksen numero",
        "decision number",
        required=False,
        example="1",
        sv="beslutets nummer",
    ),
    Column(
        "granted_days",
        "myönnetyt päivät",
        "granted days",
        required=False,
        example="30",
        sv="beviljade dagar",
    ),
    Column(
        "window_months",
        "toteutusaika (kk)",
        "period (months)",
        required=False,
        example="",
        sv="total längd (mån)",
    ),
    Column("coaches", "valmentajat", "coaches", required=False, example="", sv="arbetstränare"),
    Column("site", "toimipaikka", "site", required=False, example="", sv="verksamhetsställe"),
    Column(
        "county",
        "hyvinvointialue",
        "wellbeing county",
        required=False,
        example="",
        sv="välfärdsområde",
    ),
    Column(
        "language",
        "asiointikieli",
        "language of service",
        required=False,
        example="suomi",
        sv="språk för service",
    ),
    # Kela's job coaching: the employer the client works for (the decision form asks for it).
    Column(
        "employer_name", "työnantaja", "employer", required=False, example="", sv="arbetsgivare"
    ),
    Column(
        "employer_business_id",
        "työnantajan y-tunnus",
        "employer's business ID",
        required=False,
        example="",
        sv="arbetsgivarens fo-nummer",
    ),
)
DAY_COLUMNS = (
    IDENTITY_CODE,
    Column("date", "päivä", "date", example="9.11.2026", sv="datum"),
    Column("hours", "tunnit", "hours", example="6", sv="timmar"),
)
COLUMNS = {Import.Kind.CLIENTS: CLIENT_COLUMNS, Import.Kind.DAYS: DAY_COLUMNS}
DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")
SHOWN_PROBLEMS = 500  # the preview lists this many; the count says how many there are


EXAMPLE_SERVICE = "teak.tyokokeilu"
# The language of service as a sheet may write it (Finnish, Swedish or English words, or codes).
LANGUAGE_WORDS = {
    **dict.fromkeys(("fi", "suomi", "finska", "finnish"), "fi"),
    **dict.fromkeys(("sv", "ruotsi", "svenska", "swedish"), "sv"),
}
EXAMPLE_COUNTY = "pirkanmaa"


def example_value(column: Column, user) -> str:
    """The template's example row, in the active language (the coach: the one downloading)."""
    if column.key == "coaches":
        return user.username
    if column.key == "service":
        return service_name(EXAMPLE_SERVICE)
    if column.key == "county":
        return county_name(EXAMPLE_COUNTY)
    if column.key == "language":
        return {"fi": "suomi", "sv": "finska", "en": "Finnish"}[language()]
    return column.example


class RowError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def _date(text: str, key: str) -> dt.date | None:
    if not text:
        return None
    match = DATE.match(text.strip())
    try:
        if match and match.group(1):
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if match:
            return dt.date(int(match.group(4)), int(match.group(5)), int(match.group(6)))
    except ValueError:
        pass
    raise RowError(key, _("“%(text)s” is not a date (write 2.11.2026).") % {"text": text[:20]})


def _number(text: str, key: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise RowError(key, _("“%(text)s” is not a whole number.") % {"text": text[:20]})
    return int(text)


class _Lookups:
    """The organisation's names for service lines, coaches, sites and counties, read once
    (a line or a county by its Finnish, Swedish or English name, or its code)."""

    def __init__(self, organisation):
        from django.utils import translation

        self.services: dict[str, str] = {}
        self.counties: dict[str, str] = {}
        for lang in ("fi", "sv", "en"):
            with translation.override(lang):
                for value, label in service_choices():
                    self.services[str(label).lower()] = value
                    self.services[value.lower()] = value
                for value, label in county_choices():
                    self.counties[str(label).lower()] = value
                    self.counties[value.lower()] = value
        self.coaches = {
            u.username.lower(): u.pk
            for u in User.objects.filter(organisation=organisation, is_active=True)
        }
        self.sites = {s.name.lower(): s for s in Site.objects.filter(organisation=organisation)}


def _client_form_data(values: dict, lookups: _Lookups) -> dict:
    """A row as the new-client form's and the decision form's data."""
    data = {
        "identity_code": values.get("identity_code", ""),
        "first_name": values.get("first_name", ""),
        "last_name": values.get("last_name", ""),
        "decided_on": _date(values.get("decided_on", ""), "decided_on"),
        "received_on": _date(values.get("received_on", ""), "received_on"),
        "sequence": _number(values.get("sequence", ""), "sequence") or 1,
        "granted_days": _number(values.get("granted_days", ""), "granted_days"),
        "window_months": _number(values.get("window_months", ""), "window_months"),
        "independent_days_granted": None,
        "benefit_before": "",
        "employer_name": values.get("employer_name", ""),
        "employer_business_id": values.get("employer_business_id", ""),
    }
    service = values.get("service", "")
    data["service"] = lookups.services.get(service.lower(), "")
    if service and not data["service"]:
        raise RowError("service", _("no service line “%(text)s”.") % {"text": service[:40]})
    coaches = []
    for name in re.split(r"[,;\s]+", values.get("coaches", "")):
        if not name:
            continue
        if name.lower() not in lookups.coaches:
            raise RowError("coaches", _("no user “%(name)s” in the organisation.") % {"name": name})
        coaches.append(lookups.coaches[name.lower()])
    data["coaches"] = coaches
    site = values.get("site", "")
    data["site"] = lookups.sites.get(site.lower()) if site else None
    if site and data["site"] is None:
        raise RowError("site", _("no site “%(name)s”.") % {"name": site[:40]})
    language = values.get("language", "").strip().lower()
    data["language"] = LANGUAGE_WORDS.get(language, "") if language else "fi"
    if not data["language"]:
        raise RowError(
            "language",
            _("no language of service “%(text)s”: suomi or svenska.") % {"text": language[:40]},
        )
    county = values.get("county", "")
    data["county"] = lookups.counties.get(county.lower(), "") if county else ""
    if county and not data["county"]:
        raise RowError("county", _("no wellbeing services county “%(name)s”.") % {"name": county})
    return data


class _ClientForm(ClientForm):
    """The new-client form without its site and coaches: a row names them, and they are found
    among the organisation's own (``_Lookups``, the form's own querysets read once) instead of
    with a query a row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["site"], self.fields["coaches"]


def _form_problem(form) -> RowError | None:
    for field, errors in form.errors.items():
        key = field if field != "__all__" else ""
        return RowError(key, " ".join(errors))
    return None


def _validation_problem(error: ValidationError) -> RowError:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return RowError(
            field if field != "__all__" else "", " ".join(e.messages[0] for e in errors)
        )
    return RowError("", " ".join(error.messages))


def _clients(job_actor, rows, lookups, progress, problems, counts, *, save: bool):
    """Each row through the forms, then ``client_admit`` (the new-client page's service)."""
    organisation = job_actor.organisation
    existing = set(
        Client.objects.filter(organisation=organisation).values_list("identity_digest", flat=True)
    )
    seen: dict[str, int] = {}
    new, rows_of = [], {}
    for done, (number, values) in enumerate(rows, start=1):
        progress(done, len(rows))
        try:
            try:
                code = identity_code_clean(values.get("identity_code", ""))
            except ValidationError as error:
                raise RowError("identity_code", " ".join(error.messages)) from None
            digest = identity_digest(code)
            if digest in seen:
                raise RowError(
                    "identity_code",
                    _("the same henkilötunnus as on row %(row)d.") % {"row": seen[digest]},
                )
            seen[digest] = number
            if digest in existing:
                counts["exists"] += 1
                continue
            data = _client_form_data(values, lookups)
            client_form = _ClientForm(data=data, organisation=organisation)
            decision_form = DecisionForm(data=data)
            for form in (client_form, decision_form):
                if not form.is_valid():
                    raise _form_problem(form)
            if save:  # the check stops at the forms: the services' own refusals are rare
                try:  # and, met here, roll the whole import back naming their row
                    # client_admit is atomic itself: a refused row leaves nothing behind.
                    admitted = client_admit(
                        actor=job_actor,
                        client={
                            **client_form.cleaned_data,
                            "site": data["site"],
                            "coaches": data["coaches"],
                        },
                        decision=decision_form.cleaned_data,
                        refresh=False,  # all the new decisions at once, below
                    )
                except ValidationError as error:
                    raise _validation_problem(error) from None
                rows_of[admitted.current_decision.pk] = number
                new.append(admitted.current_decision)
            counts["create"] += 1
        except RowError as problem:
            problems.append((number, problem))
    # The new decisions evaluated and their statuses stored together (the daily refresh's
    # batch): what the core refuses is a problem of its row, and rolls the import back.
    for decision, error in decisions_refresh(decisions=new) if new and not problems else ():
        problems.append((rows_of[decision.pk], _validation_problem(error)))


def _days(job_actor, rows, progress, problems, counts, *, save: bool):
    """Days grouped by client and week, each week through ``week_save`` (the week page's
    service) with what is already recorded that week kept: a day in the file replaces the
    one on its date."""
    visible = {
        c.identity_digest: c for c in clients_for(job_actor).select_related("current_decision")
    }
    weeks: dict[tuple[int, dt.date], list[tuple[int, dt.date, float]]] = defaultdict(list)
    decisions = {}
    for number, values in rows:
        try:
            try:
                code = identity_code_clean(values.get("identity_code", ""))
            except ValidationError as error:
                raise RowError("identity_code", " ".join(error.messages)) from None
            client = visible.get(identity_digest(code))
            if client is None or client.current_decision is None:
                raise RowError("identity_code", _("no such client with a decision."))
            day = _date(values.get("date", ""), "date")
            if day is None:
                raise RowError("date", _("the date is missing."))
            text = values.get("hours", "").replace(",", ".")
            try:
                hours = float(text)
            except ValueError:
                raise RowError(
                    "hours", _("“%(text)s” is not a number of hours.") % {"text": text[:20]}
                ) from None
            if not 0 <= hours <= MAX_HOURS:
                raise RowError("hours", _("hours are between 0 and %(max)s.") % {"max": MAX_HOURS})
            decision = client.current_decision
            decisions[decision.pk] = decision
            monday = day - dt.timedelta(days=day.weekday())
            weeks[(decision.pk, monday)].append((number, day, hours))
        except RowError as problem:
            problems.append((number, problem))
    for done, ((decision_id, monday), days) in enumerate(sorted(weeks.items()), start=1):
        progress(done, len(weeks))
        decision = decisions[decision_id]
        decision.refresh_from_db()
        sunday = monday + dt.timedelta(days=6)
        entries = {
            a.date: stored_entry(None, a)
            for a in decision.absences.filter(date__range=(monday, sunday))
        }
        entries.update(
            (d.date, stored_entry(d, None))
            for d in decision.days.filter(date__range=(monday, sunday))
        )
        for _row, day, hours in days:
            entries[day] = {"kind": "day", "date": day, "hours": hours, **NEW_DAY}
        try:
            with transaction.atomic():
                week_save(
                    actor=job_actor,
                    decision=decision,
                    monday=monday,
                    entries=list(entries.values()),
                    invoiced_reason=None,
                )
                if not save:
                    raise _RolledBack
        except _RolledBack:
            pass
        except ValidationError as error:
            problems.append((days[0][0], _validation_problem(error)))
            continue
        counts["days"] += len(days)


class _RolledBack(Exception):
    pass


def import_process(*, imported: Import, actor: User, progress, save: bool) -> dict:
    """Read the file and run every row through the services; ``save`` False: roll everything
    back (the check), True: keep everything if no row has a problem, else nothing."""
    columns = COLUMNS[imported.kind]
    try:
        table = table_read(imported.file_name, bytes(imported.content), columns)
    except FileRefused as refused:
        return {
            "rows": 0,
            "create": 0,
            "exists": 0,
            "days": 0,
            "problems": [{"row": 0, "column": "", "message": str(refused)}],
            "total": 1,
        }
    problems: list[tuple[int, RowError]] = []
    counts = {"create": 0, "exists": 0, "days": 0}
    # The check: each row in its own transaction, rolled back (nothing held for long, and
    # the progress is seen). The import: one transaction, kept only if no row has a problem.
    try:
        with transaction.atomic() if save else contextlib.nullcontext():
            if imported.kind == Import.Kind.CLIENTS:
                _clients(
                    actor,
                    table.rows,
                    _Lookups(actor.organisation),
                    progress,
                    problems,
                    counts,
                    save=save,
                )
            else:
                _days(actor, table.rows, progress, problems, counts, save=save)
            if problems and save:
                raise _RolledBack
    except _RolledBack:
        pass
    problems.sort(key=lambda p: p[0])
    labels = {column.key: column_label(column) for column in columns}
    listed = [
        {
            "row": row,
            "column": labels.get(p.column, ""),
            "message": p.message,
        }
        for row, p in problems[:SHOWN_PROBLEMS]
    ]
    if table.unknown:
        listed.insert(
            0,
            {
                "row": 1,
                "column": "",
                "message": _("Columns not recognised, left out: %(names)s.")
                % {"names": ", ".join(table.unknown)},
            },
        )
    return {"rows": len(table.rows), **counts, "problems": listed, "total": len(problems)}


@transaction.atomic
def import_upload(*, actor: User, kind: str, name: str, data: bytes) -> Import:
    """Store the file (encrypted) and start its check."""
    if not actor.sees_all_clients:
        raise ValidationError(_("Only a manager imports clients."))
    imported = Import.objects.create(
        organisation=actor.organisation,
        started_by=actor,
        kind=kind,
        file_name=name[:200],
        content=data,
    )
    return imported


def import_check_start(*, actor: User, imported: Import) -> Import:
    imported.check_job = job_start(
        actor=actor,
        kind="import_check",
        key=str(imported.pk),
        title=_("Checking the import file"),
        task_path="vahti.exchange.tasks.import_check",
        arguments={"import": imported.pk},
    )
    Import.objects.filter(pk=imported.pk).update(check_job=imported.check_job)
    imported.refresh_from_db()
    return imported


def import_confirm(*, actor: User, imported: Import) -> Import:
    if imported.status != Import.Status.CHECKED:
        raise ValidationError(_("This file has not been checked without errors."))
    if not imported.preview.get("create") and not imported.preview.get("days"):
        raise ValidationError(_("The file has nothing new to import."))
    # Marked first: the worker may start (and finish) the job before job_start returns.
    Import.objects.filter(pk=imported.pk).update(status=Import.Status.IMPORTING)
    job = job_start(
        actor=actor,
        kind="import",
        key=str(imported.pk),
        title=_("Importing %(kind)s") % {"kind": imported.get_kind_display()},
        task_path="vahti.exchange.tasks.import_run",
        arguments={"import": imported.pk},
    )
    Import.objects.filter(pk=imported.pk).update(import_job=job)
    imported.refresh_from_db()
    return imported


def import_discard(*, actor: User, imported: Import) -> None:
    if imported.status in (Import.Status.IMPORTING, Import.Status.IMPORTED):
        raise ValidationError(_("An import under way or done is not discarded."))
    Import.objects.filter(pk=imported.pk).update(status=Import.Status.DISCARDED, content=b"")


def import_checked(*, imported_id: int, progress) -> dict:
    """The check job's work: the preview, nothing kept."""
    imported = Import.objects.select_related("started_by").get(pk=imported_id)
    preview = import_process(
        imported=imported, actor=imported.started_by, progress=progress, save=False
    )
    status = Import.Status.REFUSED if preview["total"] else Import.Status.CHECKED
    imported.preview, imported.status = preview, status
    imported.save(update_fields=["preview", "status"])
    return preview


def import_saved(*, imported_id: int, progress) -> dict:
    """The import job's work: everything or nothing. Run twice, the second run finds the import
    done and makes nothing (and rows already clients are left as they are in any case)."""
    with transaction.atomic():
        imported = (
            Import.objects.select_for_update().select_related("started_by").get(pk=imported_id)
        )
        if imported.status == Import.Status.IMPORTED:
            return imported.preview
        if imported.status not in (Import.Status.CHECKED, Import.Status.IMPORTING):
            raise ValidationError(_("This file has not been checked without errors."))
        result = import_process(
            imported=imported, actor=imported.started_by, progress=progress, save=True
        )
        if result["total"]:
            imported.preview, imported.status = result, Import.Status.REFUSED
            imported.save(update_fields=["preview", "status"])
            return result
        imported.preview, imported.status = result, Import.Status.IMPORTED
        imported.imported_at, imported.content = timezone.now(), b""
        imported.save(update_fields=["preview", "status", "imported_at", "content"])
        return result
