"""Counts what a request costs inside the app; on only under config.settings.bench.

Outermost middleware, so the session and user look-ups of the other middleware count too.
Response headers (read by the load generator, ``bench.client``):

- ``X-Byrum-Queries``: SQL statements run for this request
- ``X-Byrum-SQL-us``: time spent in them, microseconds (wall clock around each execute)
- ``X-Byrum-App-us``: time from entering this middleware to leaving it, microseconds
- ``X-Byrum-Maxrss-KB``: the worker's peak resident memory so far (getrusage)
- ``X-Byrum-Pid``: the worker's process id, so peak memory is reported per worker
"""

import os
import resource
import time

from django.db import connection


class BenchMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counts = [0, 0]  # statements, nanoseconds

        def measure(execute, sql, params, many, context):
            start = time.perf_counter_ns()
            try:
                return execute(sql, params, many, context)
            finally:
                counts[0] += 1
                counts[1] += time.perf_counter_ns() - start

        start = time.perf_counter_ns()
        with connection.execute_wrapper(measure):
            response = self.get_response(request)
        elapsed = time.perf_counter_ns() - start
        response["X-Byrum-Queries"] = str(counts[0])
        response["X-Byrum-SQL-us"] = str(counts[1] // 1000)
        response["X-Byrum-App-us"] = str(elapsed // 1000)
        response["X-Byrum-Maxrss-KB"] = str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        response["X-Byrum-Pid"] = str(os.getpid())
        return response
