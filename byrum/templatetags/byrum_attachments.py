from django import template
from django.urls import reverse

from byrum.attachments import key_of

register = template.Library()


@register.simple_tag
def attachment_add_url(obj):
    """Where to attach a file to a record: {% attachment_add_url meeting %}."""
    return reverse("attachment_add", args=[key_of(type(obj)), obj.pk])
