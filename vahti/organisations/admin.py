"""The operators' admin (superusers only, vahti.core.admin_site): organisations, sites and staff
accounts. Staff are deactivated, never deleted (their names stay on the history they wrote)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, Site, User


class NoDelete(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(NoDelete):
    list_display = ["name", "business_id"]


@admin.register(Site)
class SiteAdmin(NoDelete):
    list_display = ["name", "organisation"]


@admin.register(User)
class UserAdmin(NoDelete):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    exclude = ["password"]
