"""Where the notice pages are linked from in lower parts' pages (core/links.py)."""

from django.utils.translation import gettext_lazy as _

from vahti.core.links import Link

LINKS = [
    Link(
        "decision.actions",
        _("Notice to Kela"),
        "notices:notice_new",
        args=lambda decision, **_objects: [decision.pk],
        order=30,
    ),
    Link(
        "client.more",
        _("Notices to Kela of this client"),
        "notices:notices",
        query=lambda client, **_objects: f"client={client.pk}",
        order=10,
    ),
    # After an interruption is recorded, the notice to Kela is drafted from the case.
    Link(
        "decision.interrupted",
        _("Notice to Kela"),
        "notices:notice_new",
        args=lambda decision, **_objects: [decision.pk],
        query=lambda **_objects: "kind=interrupted",
    ),
]
