from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj):
    """The history page of a tracked record: {% history_url group %}."""
    return reverse("history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@register.simple_tag
def page_query(request, number):
    """The current query string with another page number."""
    query = request.GET.copy()
    query["page"] = number
    return query.urlencode()
