from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from .models import Import
from .readers import too_large


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
            raise forms.ValidationError(too_large(upload.size))
        return upload
