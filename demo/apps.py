from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (``manage.py seed_demo``): two municipalities' action plans, groups,
    places, meetings and incidents, from the seed documents. No models of its own."""

    name = "demo"
    verbose_name = _("Demo data")
