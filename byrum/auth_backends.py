"""Permissions and role names in one query (issue 18, the floor).

Django's ModelBackend reads a user's own permissions and their groups' permissions in two
queries, and the navigation read the role names in a third, on every page that checks a
permission. ``RolesBackend`` reads all three in one (``roles.load_access``) into the caches
ModelBackend keeps on the user object, then answers as ModelBackend does.

It authenticates nobody (a password is checked once, by ModelBackend after it), so logins
and the sessions they store still name ModelBackend, and sessions made before this backend
existed stay valid. It loads a user from a session as ModelBackend does (the test client's
``force_login`` names the first backend that can).
"""

from django.contrib.auth.backends import ModelBackend

from . import roles


class RolesBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    async def aauthenticate(self, request, username=None, password=None, **kwargs):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if user_obj.is_authenticated and obj is None:
            roles.load_access(user_obj)
        return super().get_all_permissions(user_obj, obj)
