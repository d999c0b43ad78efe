from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from byrum import tenancy

        from . import tenants

        tenancy.register(for_request=tenants.for_request, all_ids=tenants.all_ids)
