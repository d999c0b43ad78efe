import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def count_queries():
    """Run ``fn`` and return how many queries it took (and the response)."""

    def run(fn):
        with CaptureQueriesContext(connection) as ctx:
            result = fn()
        return len(ctx.captured_queries), result

    return run
