from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [
    path("readiness/", views.readiness, name="readiness"),
    path("readiness/audits/new/", views.kela_audit_new, name="kela_audit_new"),
    path("readiness/audits/<int:audit_id>/", views.kela_audit, name="kela_audit"),
    path(
        "readiness/audits/<int:audit_id>/findings/",
        views.audit_finding_add,
        name="audit_finding_add",
    ),
    path(
        "readiness/findings/<int:finding_id>/actions/",
        views.corrective_action_add,
        name="corrective_action_add",
    ),
    path("readiness/actions/<int:action_id>/", views.corrective_action, name="corrective_action"),
]
