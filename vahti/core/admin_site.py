"""The Django admin is for platform operators (superusers) only.

Managers do their work in the application, where every read of client data goes through the
access helper and is logged. The admin bypasses both, so client data is not registered in it at
all, and anyone but an active superuser is sent to its login page.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class OperatorAdminSite(admin.AdminSite):
    site_header = "Vahti – operators"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class OperatorAdminConfig(AdminConfig):
    default_site = "vahti.core.admin_site.OperatorAdminSite"
