"""The service lines of the rules core's registry (rules/catalogue/_services.yaml) as the
workspace uses them: model and form choices in the user's language, names, feedback forms.

Model fields take ``service_choices`` as a callable, so a new line needs no migration."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from vahti.rules.evaluate import default_evaluator

from .dates import fi_date, language


def registry():
    return default_evaluator().registry


def service_choices() -> list[tuple[str, str]]:
    """Every service line, named in the active language (model field choices)."""
    lang = language()
    return [(line.id, line.name[lang]) for line in registry().lines.values()]


def registration_lines() -> list[tuple[str, str]]:
    """The lines in Kela's registration procedure (the registry): the only ones whose providers
    report a client count (provider.client_count)."""
    return [
        (value, label)
        for value, label in service_choices()
        if registry().line(value).procedure == "registration"
    ]


def services_in_force(on: dt.date) -> list[tuple[str, str]]:
    """The lines a decision made on ``on`` can be for (their in_force parameter)."""
    return [
        (value, label) for value, label in service_choices() if line_not_in_force(value, on) is None
    ]


def line_unsupported(service: str | None) -> str | None:
    """Why no decision can be made for a line Kela lists but whose service description Vahti
    does not have (its 2025 work try-out), in words; None for every other line."""
    line = registry().lines.get(service)
    if line is not None and not line.supported:
        return _("Not supported yet: the service description is missing.")
    return None


def service_name(service: str, lang: str | None = None) -> str:
    line = registry().lines.get(service)
    return line.name[lang or language()] if line else service


def feedback_form(service: str):
    return registry().feedback_form_of(service)


def line_not_in_force(service: str, on: dt.date) -> dt.date | None | bool:
    """Why a decision made on ``on`` cannot be for ``service``: the day the line ended, True
    when it had not begun, or None when it is in force (the registry's in_force parameter)."""
    return default_evaluator().line_not_in_force(service, on)


def service_choices_marked(on: dt.date) -> list[tuple[str, str]]:
    """Every line for a form, those no longer in force on ``on`` named with their last day
    (Taito: decisions made by 31.12.2025 still run)."""
    chosen = []
    for value, label in service_choices():
        ended = line_not_in_force(value, on)
        if not registry().line(value).supported:
            label = _("%(line)s (not supported yet: the service description is missing)") % {
                "line": label
            }
        elif isinstance(ended, dt.date):
            label = _("%(line)s (decisions made by %(day)s)") % {
                "line": label,
                "day": fi_date(ended),
            }
        chosen.append((value, label))
    return chosen
