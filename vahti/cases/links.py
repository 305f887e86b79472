"""Where the case register's pages are linked from in lower parts' pages (core/links.py)."""

from django.utils.translation import gettext_lazy as _

from vahti.core.links import Link

LINKS = [
    Link(
        "user.actions",
        _("Which client data this person has read"),
        "cases:user_access_log",
        args=lambda user, **_objects: [user.pk],
    ),
]
