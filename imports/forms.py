from django import forms
from django.utils.translation import gettext_lazy as _

from byrum.forms import CrispyFormMixin

from .models import SheetImport


class UploadForm(CrispyFormMixin, forms.Form):
    submit_label = _("Read the sheet")

    kind = forms.ChoiceField(label=_("What the sheet holds"), choices=SheetImport.Kind.choices)
    sheet = forms.FileField(
        label=_("Sheet"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file (semicolons or commas), at most 5 MB, "
            "with the template's column headers in the first row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )
