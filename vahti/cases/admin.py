"""The Django admin for managers, limited to their own organisation like every other view."""

from django.contrib import admin

from vahti.organisations.admin import OrganisationScoped

from .models import Absence, Break, Client, Day, Decision, Event, WorkPeriod


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
