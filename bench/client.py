"""The load generator: a separate process that drives gunicorn over HTTP on 127.0.0.1.

    python -m bench.client spec.json result.json

Plain Python (no Django): one thread per concurrent connection, each with its own
``http.client.HTTPConnection`` (kept alive when the server allows it; gunicorn's sync
workers close after each response, as behind a reverse proxy, so each request then opens a
new local TCP connection). For each job it runs a warm-up, then measures for ``duration``
seconds or ``max_requests`` requests, whichever comes first, and reports exact per-request
latency percentiles, throughput, and the app's own counters from the response headers
(``bench.middleware``).

Spec: ``{"host", "port", "jobs": [{"id", "method", "path", "headers", "body",
"connections", "warmup", "duration", "max_requests", "expect", "contains"}]}``; ``{uuid}``
in a body becomes a new UUID on every request. A response
counts as an error unless its status is ``expect`` and (when given) its body contains the
text ``contains``.
"""

import http.client
import json
import math
import statistics
import sys
import threading
import time
import uuid

# In a POST body: replaced by a new UUID on every request (a new report each time).
UUID_SLOT = b"{uuid}"


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    rank = min(len(sorted_values), max(1, math.ceil(fraction * len(sorted_values))))
    return sorted_values[rank - 1]


class Worker(threading.Thread):
    def __init__(self, host, port, job, deadline, budget):
        super().__init__(daemon=True)
        self.host, self.port, self.job = host, port, job
        self.deadline, self.budget = deadline, budget
        # (latency s, status, queries, sql us, app us, pid, maxrss kb, first byte s)
        self.samples = []
        self.failure = None

    def run(self):
        job = self.job
        body = job.get("body")
        body = body.encode() if body is not None else None
        contains = job.get("contains")
        contains = contains.encode() if contains else None
        fresh = body is not None and UUID_SLOT in body
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            while time.perf_counter() < self.deadline and self.budget.take():
                sent = body.replace(UUID_SLOT, str(uuid.uuid4()).encode()) if fresh else body
                start = time.perf_counter()
                conn.request(job["method"], job["path"], body=sent, headers=job["headers"])
                response = conn.getresponse()
                # The status line and headers have come: with gunicorn they come with the
                # first chunk of the body, so this is the time to the first byte.
                first_byte = time.perf_counter() - start
                data = response.read()
                latency = time.perf_counter() - start
                header = response.getheader
                status = response.status
                if contains is not None and status == job["expect"] and contains not in data:
                    status = "content"  # the right status but not the page expected
                self.samples.append(
                    (
                        latency,
                        status,
                        int(header("X-Byrum-Queries", "-1")),
                        int(header("X-Byrum-SQL-us", "0")),
                        int(header("X-Byrum-App-us", "0")),
                        header("X-Byrum-Pid", "?"),
                        int(header("X-Byrum-Maxrss-KB", "0")),
                        first_byte,
                    )
                )
                if response.will_close:
                    conn.close()
        except Exception as exc:  # reported, not raised: the other threads finish their run
            self.failure = f"{type(exc).__name__}: {exc}"
        finally:
            conn.close()


class Budget:
    """At most ``n`` requests in all, shared by the threads of a job."""

    def __init__(self, n):
        self.left, self.lock = n, threading.Lock()

    def take(self):
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


def drive(host, port, job, seconds, max_requests):
    budget = Budget(max_requests)
    deadline = time.perf_counter() + seconds
    workers = [Worker(host, port, job, deadline, budget) for _ in range(job["connections"])]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    samples = [s for w in workers for s in w.samples]
    failures = [w.failure for w in workers if w.failure]
    return samples, elapsed, failures


def summarise(job, samples, elapsed, failures):
    latencies = sorted(s[0] * 1000 for s in samples)
    ok = [s for s in samples if s[1] == job["expect"]]
    statuses = {}
    for s in samples:
        statuses[str(s[1])] = statuses.get(str(s[1]), 0) + 1
    peak_kb = {}
    for s in samples:
        peak_kb[s[5]] = max(peak_kb.get(s[5], 0), s[6])
    queries = [s[2] for s in ok]
    return {
        "id": job["id"],
        "connections": job["connections"],
        "requests": len(samples),
        "errors": len(samples) - len(ok),
        "statuses": statuses,
        "failures": failures,
        "seconds": round(elapsed, 3),
        "rps": round(len(samples) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": _r(percentile(latencies, 0.50)),
        "p95_ms": _r(percentile(latencies, 0.95)),
        "p99_ms": _r(percentile(latencies, 0.99)),
        "ttfb_p50_ms": _r(percentile(sorted(s[7] * 1000 for s in samples), 0.50)),
        "mean_ms": _r(statistics.fmean(latencies)) if latencies else None,
        "queries_per_request": _r(statistics.fmean(queries)) if queries else None,
        "queries_min": min(queries) if queries else None,
        "queries_max": max(queries) if queries else None,
        "sql_ms_per_request": _r(statistics.fmean(s[3] for s in ok) / 1000) if ok else None,
        "app_ms_p50": _r(percentile(sorted(s[4] / 1000 for s in ok), 0.50)),
        "peak_mb_by_worker": {pid: round(kb / 1024, 1) for pid, kb in sorted(peak_kb.items())},
    }


def _r(value, digits=3):
    return None if value is None else round(value, digits)


def main(spec_path, result_path):
    with open(spec_path) as f:
        spec = json.load(f)
    host, port = spec["host"], spec["port"]
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("the benchmark client only talks to this machine")
    results = []
    for job in spec["jobs"]:
        if job.get("warmup"):
            drive(host, port, job, job["warmup"], job["max_requests"])
        samples, elapsed, failures = drive(host, port, job, job["duration"], job["max_requests"])
        result = summarise(job, samples, elapsed, failures)
        results.append(result)
        print(
            f"    {job['id']} x{job['connections']}: {result['requests']} requests, "
            f"p50 {result['p50_ms']} ms",
            flush=True,
        )
    with open(result_path, "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
