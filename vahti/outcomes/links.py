"""Where the outcome pages are linked from in lower parts' pages (core/links.py)."""

from django.utils.translation import gettext_lazy as _

from vahti.core.links import Link

LINKS = [
    Link(
        "decision.actions",
        _("Outcome data"),
        "outcomes:decision_outcomes",
        args=lambda decision, **_objects: [decision.pk],
        order=20,
    ),
]
