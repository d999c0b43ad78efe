"""Query budgets: what every logged-in page costs before it reads anything of its own.

SAVEPOINT (the request's transaction, byrum.tenancy.TenantMiddleware, inside the test's),
session, user, set_config of the user's municipality (row-level security), the two-factor
device that verified the session (django-otp), the user's permissions with their roles'
permissions and role names in one (byrum.auth_backends.RolesBackend: the permission checks
and the navigation), the unread notifications (the bell), RELEASE SAVEPOINT.
"""

REQUEST_OVERHEAD = 8
