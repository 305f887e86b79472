"""Form helpers shared by the apps: the date widget and a service's error put on its field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when it names one of the
    form's fields, else on the form."""
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error)


def form_saved(request, form, save) -> tuple[bool, object]:
    """The form page's one idiom: when ``form`` was posted and is valid, ``save`` its cleaned
    data through a service; a ValidationError from the service lands on the field it names.
    Returns (saved, what ``save`` returned); (False, None) when there is a form to show."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        return True, save(form.cleaned_data)
    except ValidationError as error:
        form_errors(form, error)
        return False, None
