from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from byrum import tenancy

        from . import tenants

        tenancy.register(for_request=tenants.for_request, all_ids=tenants.all_ids)

        from byrum import suggest

        from .models import Group, Organisation, Person

        # The fields that pick among the city's people, organisations and groups.
        suggest.register(
            # as the forms have always named a person: with their organisation, if any
            suggest.Kind(key="person", model=Person, qualifier="organisation__name")
        )
        suggest.register(suggest.Kind(key="organisation", model=Organisation))
        suggest.register(suggest.Kind(key="group", model=Group))
