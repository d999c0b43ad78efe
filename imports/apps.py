from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Moving in: the spreadsheets a municipality's work lives in today (organisations,
    people, group members, places, open action items) brought into Byrum, previewed row by
    row, confirmed in one transaction, and repeatable."""

    name = "imports"
    verbose_name = _("Spreadsheet import")
