"""Where the readiness pages are linked from in lower parts' pages (core/links.py)."""

from django.utils.translation import gettext_lazy as _

from vahti.core.links import Link

LINKS = [
    Link("staff.register", _("Audit readiness"), "readiness:readiness"),
]
