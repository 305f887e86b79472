"""Where the feedback pages are linked from in lower parts' pages (core/links.py)."""

from django.utils.translation import gettext_lazy as _

from vahti.core.links import Link

LINKS = [
    Link(
        "decision.actions",
        _("Feedback"),
        "feedback:feedback",
        args=lambda decision, **_objects: [decision.pk],
        order=10,
    ),
    Link(
        "decision.feedback",
        _("Go to the feedback"),
        "feedback:feedback",
        args=lambda decision, **_objects: [decision.pk],
    ),
]
