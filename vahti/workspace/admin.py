"""The Django admin, for managers: limited to their own organisation like every other view."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Absence, Break, Client, Day, Decision, Event, Organisation, Site, User, WorkPeriod


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


@admin.register(Client)
class ClientAdmin(OrganisationScoped):
    list_display = ["last_name", "first_name", "active", "site"]
    exclude = ["identity_code", "current_decision"]
    filter_horizontal = ["coaches"]


class DecisionChildAdmin(OrganisationScoped):
    organisation_path = "decision__client__organisation"
    list_display = ["decision", "__str__"]


@admin.register(Decision)
class DecisionAdmin(OrganisationScoped):
    organisation_path = "client__organisation"
    list_display = ["client", "service", "decided_on", "received_on", "sequence"]


for model in (Event, Day, Break, Absence, WorkPeriod):
    admin.site.register(model, DecisionChildAdmin)
