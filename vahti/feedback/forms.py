from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vahti.core.validators import SECTION_LENGTH


class FeedbackForm(forms.Form):
    """The feedback's sections (per service line) and the recipients the client consented to."""

    treating_party = forms.CharField(
        label=gettext_lazy("Treating party"), required=False, max_length=200
    )
    consent_treating_party = forms.BooleanField(
        label=gettext_lazy("The client consents to sending it to the treating party"),
        required=False,
    )
    network = forms.CharField(label=gettext_lazy("Network"), required=False, max_length=200)
    consent_network = forms.BooleanField(
        label=gettext_lazy("The client consents to sending it to the network"), required=False
    )

    def __init__(self, *args, sections, lang: str = "fi", **kwargs):
        """``lang``: the document's language (the client's language of service), marked on its
        texts so that a screen reader reads them in it."""
        super().__init__(*args, **kwargs)
        self.section_keys = [key for key, _label in sections]
        for key, label in sections:
            self.fields[f"section_{key}"] = forms.CharField(
                label=label,
                required=False,
                max_length=SECTION_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4, "lang": lang}),
            )
        self.order_fields([f"section_{key}" for key in self.section_keys])

    def clean(self):
        data = super().clean()
        for kind in ("treating_party", "network"):
            if data.get(f"consent_{kind}") and not data.get(kind):
                self.add_error(kind, _("Name the recipient the client consented to."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "sections": {key: data[f"section_{key}"] for key in self.section_keys},
            "treating_party": data["treating_party"],
            "consent_treating_party": data["consent_treating_party"],
            "network": data["network"],
            "consent_network": data["consent_network"],
        }
