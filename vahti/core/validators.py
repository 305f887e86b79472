"""Bounds on what people type: dates in plausible years (the rules core's own, so that nothing
the application stores is refused by it later) and text lengths."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from vahti.rules.case import YEAR_MAX, YEAR_MIN

from .dates import fi_date

NOTE_LENGTH = 2000  # a reason, a note, a justification
SECTION_LENGTH = 8000  # one section of the rehabilitation feedback (about three pages)


@deconstructible
class PlausibleDate:
    """A date within YEAR_MIN–YEAR_MAX (evaluate.md: plausibility, not a rule)."""

    def __call__(self, value):
        if value is not None and not YEAR_MIN <= value.year <= YEAR_MAX:
            raise ValidationError(
                _("%(date)s is not between the years %(min)s and %(max)s."),
                code="date_range",
                params={"date": fi_date(value), "min": YEAR_MIN, "max": YEAR_MAX},
            )

    def __eq__(self, other):
        return isinstance(other, PlausibleDate)


plausible_date = PlausibleDate()


@deconstructible
class OneLine:
    """A name is one line of visible text: no tab, line break or other control character
    (they break exports, documents and the notices sent to Kela)."""

    def __call__(self, value):
        if value and any(unicodedata.category(ch) == "Cc" for ch in value):
            raise ValidationError(
                _("Write the name on one line, without tabs or line breaks."),
                code="control_character",
            )

    def __eq__(self, other):
        return isinstance(other, OneLine)


one_line = OneLine()
