"""Danish names for the admin pages of third-party apps that ship no Danish catalogue.

django-axes marks its model names for translation but has no Danish; django-otp's TOTP
device name is a plain string, which ByrumAdminSite.get_app_list translates through the
same catalogue. Listed here so that makemessages keeps them in byrum's catalogue."""

from django.utils.translation import gettext_noop

NAMES = [
    # django-axes
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    # django-otp
    gettext_noop("TOTP device"),
    gettext_noop("TOTP devices"),
]
