"""The Django admin for managers, limited to their own organisation like every other view."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, Site, User


class OrganisationScoped(SimpleHistoryAdmin):
    organisation_path = "organisation"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.organisation_path: request.user.organisation_id})


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScoped):
    organisation_path = "pk"
    list_display = ["name", "business_id"]


@admin.register(Site)
class SiteAdmin(OrganisationScoped):
    list_display = ["name", "organisation"]


@admin.register(User)
class UserAdmin(OrganisationScoped):
    list_display = ["username", "first_name", "last_name", "role", "organisation"]
    exclude = ["password"]
