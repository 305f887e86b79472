"""Forms parse and check input, naming the field in the user's language; services write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vahti.core.counties import county_choices
from vahti.core.dates import fi_date, fi_weekday, today
from vahti.core.forms import DateInput
from vahti.core.identity import business_id_normal, identity_code_clean
from vahti.core.lines import (
    line_not_in_force,
    line_unsupported,
    registry,
    service_choices_marked,
)
from vahti.organisations.models import Site, User
from vahti.rules.case import MAX_HOURS

from .models import (
    ABSENCE_REASONS,
    MODES,
    SERVICE_LANGUAGES,
    Break,
    Cancellation,
    Decision,
    Event,
    WorkPeriod,
)

DAYS_IN_WEEK = 7


def hours_field(label):
    return forms.FloatField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_HOURS,
        widget=forms.NumberInput(attrs={"step": "0.25", "class": "hours"}),
    )


def language_of_service_field() -> forms.ChoiceField:
    """The client's language of service: the documents made for them are in it."""
    return forms.ChoiceField(
        label=gettext_lazy("Language of service"),
        choices=SERVICE_LANGUAGES,
        initial="fi",
        required=False,
        help_text=gettext_lazy("The certificate, the feedback and the notices are made in it."),
    )


class LanguageOfServiceMixin:
    """Left empty (an import's row, the API), the language of service is Finnish."""

    def clean_language(self):
        return self.cleaned_data.get("language") or "fi"


class ClientForm(LanguageOfServiceMixin, forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100)
    identity_code = forms.CharField(label=gettext_lazy("Henkilötunnus"), max_length=11)
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"), queryset=Site.objects.none(), required=False
    )
    county = forms.ChoiceField(label=gettext_lazy("Wellbeing services county"), required=False)
    language = language_of_service_field()
    # Checkboxes: a plain click on a multi-select would drop the coaches already chosen.
    coaches = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Coaches"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation)
        self.fields["county"].choices = [("", "—"), *county_choices()]
        self.fields["coaches"].queryset = User.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("last_name", "first_name", "username")

    def clean_identity_code(self):
        return identity_code_clean(self.cleaned_data["identity_code"])


class ClientEditForm(LanguageOfServiceMixin, forms.Form):
    """A client's names, site and (for a manager) coaches; the henkilötunnus is not edited here:
    a wrong one is a different person, added as a new client."""

    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100)
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"), queryset=Site.objects.none(), required=False
    )
    county = forms.ChoiceField(label=gettext_lazy("Wellbeing services county"), required=False)
    language = language_of_service_field()
    # Checkboxes: a plain click on a multi-select would drop the coaches already chosen.
    coaches = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Coaches"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, may_assign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation)
        self.fields["county"].choices = [("", "—"), *county_choices()]
        if may_assign:
            self.fields["coaches"].queryset = User.objects.filter(
                organisation=organisation, is_active=True
            ).order_by("last_name", "first_name", "username")
        else:
            del self.fields["coaches"]


END_KINDS = [
    ("end", gettext_lazy("ended as planned")),
    ("interruption", gettext_lazy("interrupted (ended early)")),
]


class EndForm(forms.Form):
    """The end of a rehabilitation: as planned or interrupted, the date and the reason."""

    kind = forms.ChoiceField(
        label=gettext_lazy("How it ended"),
        choices=END_KINDS,
        widget=forms.RadioSelect,
        initial="end",
    )
    date = forms.DateField(label=gettext_lazy("Last day"), widget=DateInput())
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == "interruption" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the interruption: Kela needs it."))
        return data


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "service",
            "decided_on",
            "received_on",
            "sequence",
            "granted_days",
            "window_months",
            "independent_days_granted",
            "close_relative_granted",
            "in_working_life_at_start",
            "benefit_before",
            "employer_name",
            "employer_business_id",
        ]
        widgets = {"decided_on": DateInput(), "received_on": DateInput()}
        help_texts = {
            "employer_name": gettext_lazy(
                "Kela's job coaching: the client works for this employer, to whom Kela pays the "
                "allowance for days with pay."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = service_choices_marked(today())

    def clean(self):
        data = super().clean()
        service, decided = data.get("service"), data.get("decided_on")
        unsupported = line_unsupported(service)
        if unsupported:
            self.add_error("service", unsupported)
            return data
        line = registry().lines.get(service) if service else None
        if line is not None and line.employer and not data.get("employer_name"):
            self.add_error(
                "employer_name",
                _("Name the employer: in this service the client works in paid employment."),
            )
        business_id = data.get("employer_business_id")
        if business_id:
            normal = business_id_normal(business_id)
            if normal is None:
                self.add_error(
                    "employer_business_id",
                    _("Business ID %(value)s is not valid.") % {"value": business_id},
                )
            else:
                data["employer_business_id"] = normal
        if service and decided:
            ended = line_not_in_force(service, decided)
            if isinstance(ended, dt.date):
                self.add_error(
                    "service",
                    _(
                        "Decisions for this service were made until %(day)s: "
                        "a decision of %(decided)s is for another service."
                    )
                    % {"day": fi_date(ended), "decided": fi_date(decided)},
                )
            elif ended:
                self.add_error(
                    "service",
                    _("This service has no decisions yet on %(decided)s.")
                    % {"decided": fi_date(decided)},
                )
        decided, received = data.get("decided_on"), data.get("received_on")
        if decided and received and received < decided:
            self.add_error("received_on", _("The decision cannot arrive before it was made."))
        return data


class PeriodForm(forms.ModelForm):
    """A period with a start and an optional end."""

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data


class BreakForm(PeriodForm):
    class Meta:
        model = Break
        fields = ["start", "end", "reason", "note"]
        widgets = {"start": DateInput(), "end": DateInput(), "note": forms.TextInput()}


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["type", "date", "topic", "new_due", "reason", "kela_agreed"]
        widgets = {"date": DateInput(), "new_due": DateInput(), "reason": forms.TextInput()}

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        if data.get("date") and data["date"] > self.today:
            self.add_error("date", _("An event cannot be in the future."))
        if data.get("type") == "kela_notified" and not data.get("topic"):
            self.add_error("topic", _("Choose what Kela was told about."))
        if data.get("type") == "start_postponed" and not data.get("new_due"):
            self.add_error("new_due", _("Give the new start date agreed with Kela."))
        return data


class WorkForm(PeriodForm):
    class Meta:
        model = WorkPeriod
        fields = ["start", "end", "kind"]
        widgets = {"start": DateInput(), "end": DateInput()}


class CancellationForm(forms.ModelForm):
    class Meta:
        model = Cancellation
        fields = ["booked_on", "told_on", "cancelled_on", "note"]
        widgets = {
            "booked_on": DateInput(),
            "told_on": DateInput(),
            "cancelled_on": DateInput(),
            "note": forms.TextInput(),
        }
        help_texts = {
            "cancelled_on": gettext_lazy("Leave empty if the client did not come."),
        }


class DayEntryForm(forms.Form):
    """One date of the week entry: a rehabilitation day, a flex day with no rehabilitation, an
    absence, or nothing."""

    KINDS = [
        ("", gettext_lazy("—")),
        ("day", gettext_lazy("rehabilitation day")),
        ("flex_day", gettext_lazy("flex day (no rehabilitation)")),
        ("absence", gettext_lazy("absence")),
    ]

    date = forms.DateField(widget=forms.HiddenInput())
    kind = forms.ChoiceField(label=gettext_lazy("Entry"), choices=KINDS, required=False)
    hours = hours_field(gettext_lazy("Hours"))
    programme_hours = hours_field(gettext_lazy("Programme hours"))
    travel_hours = hours_field(gettext_lazy("Travel hours"))
    mode = forms.ChoiceField(label=gettext_lazy("Mode"), choices=MODES, initial="onsite")
    flex = forms.BooleanField(label=gettext_lazy("Flex"), required=False)
    flex_reason = forms.CharField(
        label=gettext_lazy("Flex justification"), required=False, max_length=500
    )
    worked = forms.BooleanField(label=gettext_lazy("Worked"), required=False)
    absence_reason = forms.ChoiceField(
        label=gettext_lazy("Absence reason"),
        required=False,
        choices=[("", gettext_lazy("no reason recorded"))] + ABSENCE_REASONS,
    )
    reported_to_kela = forms.BooleanField(label=gettext_lazy("Reported to Kela"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The table's column headings are not labels: each control names its field and day.
        day = self.initial.get("date")
        when = f"{date_format(day, 'D')} {fi_date(day)}" if day else ""
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label}, {when}" if when else field.label

    def clean(self):
        # Only what the page itself needs: a rehabilitation day's hours. Programme hours above
        # the day's, or hours and travel beyond a day, are the rules core's refusals
        # (case.py), shown on their field by cases/errors.py.
        data = super().clean()
        if data.get("kind") == "day" and not data.get("hours"):
            self.add_error("hours", _("Give the day's hours (more than 0)."))
        return data

    def entry(self) -> dict | None:
        """The entry for services.week_save, or None for a date left empty."""
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == "absence":
            return {
                "kind": "absence",
                "date": data["date"],
                "reason": data["absence_reason"],
                "reported_to_kela": data["reported_to_kela"],
            }
        if kind in ("day", "flex_day"):
            flex_day = kind == "flex_day"
            return {
                "kind": "day",
                "date": data["date"],
                "hours": 0 if flex_day else data["hours"],
                "programme_hours": 0 if flex_day else data["programme_hours"],
                "travel_hours": data["travel_hours"],
                "mode": data["mode"],
                "flex": flex_day or data["flex"],
                "flex_reason": data["flex_reason"],
                "worked": data["worked"],
            }
        return None


WeekFormSet = forms.formset_factory(
    DayEntryForm,
    extra=0,
    min_num=DAYS_IN_WEEK,
    max_num=DAYS_IN_WEEK,
    validate_min=True,
    validate_max=True,
)


def week_initial(monday: dt.date, days, absences) -> list[dict]:
    """The week's stored days and absences as the formset's initial data."""
    by_date = {d.date: d for d in days}
    absent = {a.date: a for a in absences}
    rows = []
    for offset in range(DAYS_IN_WEEK):
        date = monday + dt.timedelta(days=offset)
        row = {"date": date, "kind": "", "mode": "onsite"}
        if date in by_date:
            day = by_date[date]
            row.update(
                kind="flex_day" if day.flex and day.hours == 0 else "day",
                hours=day.hours,
                programme_hours=day.programme_hours,
                travel_hours=day.travel_hours,
                mode=day.mode,
                flex=day.flex,
                flex_reason=day.flex_reason,
                worked=day.worked,
            )
        elif date in absent:
            row.update(
                kind="absence",
                absence_reason=absent[date].reason,
                reported_to_kela=absent[date].reported_to_kela,
            )
        rows.append(row)
    return rows


CELL_STATES = [
    ("", gettext_lazy("—")),
    ("day", gettext_lazy("rehabilitation day")),
    ("flex_day", gettext_lazy("flex day (no rehabilitation)")),
    ("sick", gettext_lazy("sick")),
    ("absent", gettext_lazy("absent, other reason")),
]


class WeekGridForm(forms.Form):
    """The week of many clients: for each open weekday cell a state, hours (rehabilitation
    days) and a justification (flex days), and each row's version. Built from the grid the
    page showed (selectors.week_grid), so only the user's own clients' cells exist."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.decision.pk
            self.fields[f"v{pk}"] = forms.IntegerField(min_value=0, widget=forms.HiddenInput())
            for index, cell in enumerate(row.cells):
                if not cell.open:
                    continue
                name = f"c{pk}-{index}"
                self.fields[f"{name}-state"] = forms.ChoiceField(
                    label=gettext_lazy("Entry"), choices=CELL_STATES, required=False
                )
                self.fields[f"{name}-hours"] = hours_field(gettext_lazy("Hours"))
                self.fields[f"{name}-reason"] = forms.CharField(
                    label=gettext_lazy("Flex justification"), required=False, max_length=500
                )

    def clean(self):
        data = super().clean()
        for row in self.rows:
            for index in range(len(row.cells)):
                name = f"c{row.decision.pk}-{index}"
                state = data.get(f"{name}-state")
                if state == "day" and not data.get(f"{name}-hours"):
                    self.add_error(f"{name}-hours", _("Give the day's hours (more than 0)."))
                if state == "flex_day" and not (data.get(f"{name}-reason") or "").strip():
                    self.add_error(f"{name}-reason", _("Give the justification of the flex day."))
        return data

    def changed_rows(self) -> list[dict]:
        """The rows whose cells differ from what is stored, as services.week_grid_save reads
        them; rows with nothing changed are left alone (no history row, no version bump)."""
        data, changed = self.cleaned_data, []
        for row in self.rows:
            cells = {}
            for index, cell in enumerate(row.cells):
                name = f"c{row.decision.pk}-{index}"
                if not cell.open:
                    continue
                posted = {
                    "state": data.get(f"{name}-state") or "",
                    "hours": data.get(f"{name}-hours"),
                    "reason": (data.get(f"{name}-reason") or "").strip(),
                }
                if posted["state"] != "day":
                    posted["hours"] = None
                if posted["state"] not in ("day", "flex_day"):
                    posted["reason"] = ""
                if (posted["state"], posted["hours"], posted["reason"]) != (
                    cell.state,
                    cell.hours,
                    cell.reason if cell.state in ("day", "flex_day") else "",
                ):
                    cells[cell.date] = posted
            if cells:
                changed.append(
                    {
                        "decision": row.decision,
                        "version": data[f"v{row.decision.pk}"],
                        "cells": cells,
                    }
                )
        return changed

    def problems(self) -> list[dict]:
        """Every field error as the summary above the grid lists it: who, which day, what, and
        the id of the field to go to."""
        listed = []
        for row in self.rows:
            who = f"{row.client.last_name} {row.client.first_name}"
            for index, cell in enumerate(row.cells):
                name = f"c{row.decision.pk}-{index}"
                for suffix in ("state", "hours", "reason"):
                    for error in self.errors.get(f"{name}-{suffix}", []):
                        listed.append(
                            {
                                "text": f"{who}, {fi_weekday(cell.date)}: {error}",
                                "target": f"{name}-{suffix}",
                            }
                        )
        return listed

    def shown(self):
        """The grid with the posted values and each cell's errors (a refused save re-shown)."""
        for row in self.rows:
            row.errors = []
            for index, cell in enumerate(row.cells):
                name = f"c{row.decision.pk}-{index}"
                if not cell.open:
                    continue
                cell.state = self.data.get(f"{name}-state", cell.state)
                cell.hours = self.data.get(f"{name}-hours", cell.hours)
                cell.reason = self.data.get(f"{name}-reason", cell.reason)
                cell.errors = [
                    error
                    for suffix in ("state", "hours", "reason")
                    for error in self.errors.get(f"{name}-{suffix}", [])
                ]
        return self.rows


class ImpactForm(forms.Form):
    """A parameter change to try on the organisation's open decisions."""

    file = forms.FileField(
        label=gettext_lazy("Changed parameters"),
        help_text=gettext_lazy(
            "A parameter file with the new dated value added, named as the parameter on the "
            "rules page (e.g. teak.start_weeks.yaml), or a ZIP of a whole parameter folder."
        ),
    )

    def clean_file(self):
        from .impact import change_files, changed_evaluator

        upload = self.cleaned_data["file"]
        files = change_files(upload.name, upload.read())
        changed_evaluator(files)  # refused here, on the field, if it cannot be read
        self.cleaned_data["files"] = files
        return upload
