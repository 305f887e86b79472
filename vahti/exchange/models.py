"""An import: the uploaded file (encrypted, as every copy of an identity code is), what checking
it found, and what importing it made. The file is emptied once it is imported or discarded: the
clients it made are the data now, with their own history."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vahti.core.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from vahti.jobs.models import Job
from vahti.organisations.models import Organisation, User


class Import(models.Model):
    class Kind(models.TextChoices):
        CLIENTS = "clients", _("clients and their decisions")
        DAYS = "days", _("rehabilitation days")

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked, waiting for confirmation")
        REFUSED = "refused", _("has errors")
        IMPORTING = "importing", _("being imported")
        IMPORTED = "imported", _("imported")
        FAILED = "failed", _("import failed")
        DISCARDED = "discarded", _("discarded")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file_name = EncryptedTextField(blank=True)
    content = EncryptedBinaryField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    # {"rows": n, "create": n, "exists": n, "days": n, "problems": [{"row", "column", "message"}]}
    preview = EncryptedJSONField(default=dict, blank=True)
    check_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, related_name="+")
    import_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(null=True, blank=True)
