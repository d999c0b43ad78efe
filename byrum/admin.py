"""Access logging for Django admin pages that show people (and later other protected data)."""

import functools
import json

from django.utils.translation import gettext

from .access import log_access
from .models import AccessLog


class AccessLoggedAdminMixin:
    """Writes an access-log row for the change list (listed, or searched with the search
    term) and for each change page viewed. Put it first in a ModelAdmin's bases."""

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", None) and response.context_data.get("cl")
        if changelist is not None:
            action = AccessLog.Action.SEARCHED if changelist.query else AccessLog.Action.LISTED
            log_access(
                request,
                action,
                objects=changelist.result_list,
                model=self.model,
                query=request.GET,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            log_access(request, AccessLog.Action.VIEWED, model=self.model, ids=[object_id])
        return response


class InlineAddTextMixin:
    """Django's inline button reads "Tilføj endnu en Medlemskab": a capital letter mid-sentence
    and "en" for every noun, where Danish says "et medlemskab". The button says "Add another
    <verbose name>" in lower case here, or the inline's own ``add_another_text`` (for the
    nouns that take "et"). Put it in the bases of a ModelAdmin with inlines."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        admin_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for admin_formset in admin_formsets:
            inline = admin_formset.opts
            text = getattr(inline, "add_another_text", None) or (
                gettext("Add another %(verbose_name)s")
                % {"verbose_name": str(inline.verbose_name).lower()}
            )
            data = json.loads(admin_formset.inline_formset_data())
            data["options"]["addText"] = str(text)
            # The template calls inline_formset_data(): an attribute on the instance wins.
            admin_formset.inline_formset_data = functools.partial(json.dumps, data)
        return admin_formsets
