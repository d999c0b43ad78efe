"""SQL expressions the ORM does not offer."""

from django.db import models
from django.db.models import Func


class AnyOf(Func):
    """``<value> = ANY(<array>)``, as a condition. With an ``ArraySubquery`` as the array,
    PostgreSQL runs the subquery once, planned on its own (an InitPlan), and then looks the
    values up by index: how to make it read a few rows found by one index through another."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = models.BooleanField()
