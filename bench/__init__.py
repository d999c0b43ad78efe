"""Byrum's benchmark harness (issue 9): ``python manage.py bench``.

- ``generate``: a deterministic city at a scale factor, set-based SQL, one generator per
  table group
- ``scenarios``: the pages measured, as data
- ``middleware``: queries, SQL time and peak memory per request, in response headers
- ``client``: the load generator (a separate, Django-free process)
- ``runner``: database, gunicorn, client, report

See docs/performance.md. Nothing here is imported by the app unless
config.settings.bench is in use.
"""
