"""A page for tests/byrum/test_tenancy.py: what one request sees of the probe table."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.urls import path

from byrum import tenancy


@login_not_required
def probe(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM byrum_test_probe ORDER BY note")
        notes = [note for (note,) in cursor.fetchall()]
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    if request.GET.get("fail"):
        raise RuntimeError("the view failed after reading")
    return JsonResponse({"municipality": tenancy.current(), "notes": notes, "backend": backend})


@login_not_required
def write_then_fail(request):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO byrum_test_probe (municipality_id, note) VALUES (%s, 'half-done')",
            [tenancy.current()],
        )
    raise RuntimeError("the view failed after writing")


urlpatterns = [path("probe/", probe), path("write-then-fail/", write_then_fail)]
