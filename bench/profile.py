"""``manage.py bench --py-spy DIR``: sample the gunicorn workers while a scenario is measured.

py-spy (a dev dependency) attaches to the gunicorn master and its workers
(``--subprocesses``) for the measured seconds of each scenario and connection count, and
writes ``DIR/<scenario>-x<connections>.txt``: py-spy's raw collapsed stacks (one line per
stack with its sample count; ``flamegraph.pl`` or speedscope turn them into a picture), and
``….top.txt``: the functions that were on the stack during requests, with the share of the
request samples they were in (inclusive) and on top of (self). Measure before guessing.
"""

import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path


def py_spy():
    found = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(found).exists():
        raise RuntimeError("--py-spy needs py-spy: pip install -e '.[dev]'")
    return found


class Recording:
    def __init__(self, pid, seconds, out: Path):
        self.pid, self.seconds, self.out = pid, seconds, out
        self.proc = None

    def __enter__(self):
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [
                py_spy(),
                "record",
                "--pid",
                str(self.pid),
                "--subprocesses",
                "--nonblocking",
                "--format",
                "raw",
                "--rate",
                "200",
                "--duration",
                str(max(1, round(self.seconds))),
                "--output",
                str(self.out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def __exit__(self, *exc):
        try:
            self.proc.wait(timeout=self.seconds + 30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.out.exists():
            self.out.with_suffix(".top.txt").write_text(top(self.out))


_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?):?(?P<line>\d*)\)$")


def _name(frame):
    match = _FRAME.match(frame)
    if not match:
        return frame
    return f"{match['func']} ({Path(match['file']).name})"


def top(raw_path, limit=45):
    """Inclusive and self shares of the samples taken while a worker handled a request."""
    inclusive, own = collections.Counter(), collections.Counter()
    total = 0
    for line in Path(raw_path).read_text().splitlines():
        stack, _space, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        start = next((i for i, f in enumerate(frames) if "handle_request" in f), None)
        if start is None:
            continue  # idle: waiting for a connection
        n = int(count)
        total += n
        names = [_name(f) for f in frames[start:]]
        for name in set(names):
            inclusive[name] += n
        own[names[-1]] += n
    if not total:
        return "no samples inside a request\n"
    lines = [f"{total} samples inside requests", "", "inclusive:"]
    lines += [f"{100 * n / total:5.1f}%  {name}" for name, n in inclusive.most_common(limit)]
    lines += ["", "self:"]
    lines += [f"{100 * n / total:5.1f}%  {name}" for name, n in own.most_common(limit // 2)]
    return "\n".join(lines) + "\n"
