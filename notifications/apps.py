from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from governance.services import register_invitation_mail

        from .accounts import queue_invitation

        # governance invites people to a login; the mail is this app's job.
        register_invitation_mail(queue_invitation)
