"""Where the background work's list is linked from in lower parts' pages (core/links.py)."""

from django.utils.translation import gettext_lazy as _

from vahti.core.links import Link

LINKS = [
    Link("account.work", _("Background work you started"), "jobs:jobs"),
]
