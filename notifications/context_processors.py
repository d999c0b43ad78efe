from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread_notifications(request):
    """The bell's count in the header: one COUNT over a partial index, only on pages that
    show the header to a logged-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }
