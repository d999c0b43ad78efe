"""Access logging for Django admin pages that show people (and later other protected data)."""

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
