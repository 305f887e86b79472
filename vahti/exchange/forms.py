from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Import


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=Import.Kind.choices,
        widget=forms.RadioSelect,
        initial=Import.Kind.CLIENTS,
    )
    file = forms.FileField(label=gettext_lazy("File (CSV or Excel .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB can be imported at once.")
                % {
                    "size": f"{upload.size / 1_000_000:.1f}".replace(".", ","),
                    "limit": f"{settings.IMPORT_MAX_BYTES / 1_000_000:.1f}".replace(".", ","),
                }
            )
        return upload
