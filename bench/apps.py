from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark harness (``manage.py bench``, docs/performance.md). Installed by the
    development, test and benchmark settings only: production does not ship it."""

    name = "bench"
    verbose_name = "Benchmark"
