import pytest

from tests.jobs import clear_jobs, start_smtp


@pytest.fixture(autouse=True)
def _no_jobs_left_over(request):
    """Committing tests share procrastinate's tables: each starts and ends with none."""
    if "transactional_db" not in request.fixturenames and not any(
        m.kwargs.get("transaction") for m in request.node.iter_markers("django_db")
    ):
        yield
        return
    request.getfixturevalue("transactional_db")
    clear_jobs()
    yield
    clear_jobs()


@pytest.fixture
def smtp(settings):
    """A real SMTP server in the test process; Django sends to it."""
    controller, sink = start_smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://byrum.example.dk"
    yield sink
    controller.stop()
