#!/usr/bin/env python3
"""Byrum's two commands, with nothing but Python 3.11 on the machine.

    python3 dev.py up      set everything up and run Byrum with demo data and a job worker
    python3 dev.py test    set up what the tests need and run the whole suite
    python3 dev.py lint    check the code's contracts: layers, ruff, formatting, migrations

Set-up: a virtual environment in .venv, the project and its dev extras installed into it
(again only when pyproject.toml changes), translations compiled, the database migrated.
With no DATABASE_URL the database is the embedded PostgreSQL from pgserver in .pgdata/;
manage.py starts it and creates its two roles (config/embedded_db.py): byrum_owner migrates,
byrum_app is what the app and the tests connect as.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".byrum-installed"
CHROMIUM = "/usr/bin/chromium"


def say(message):
    print(f"\n==> {message}", flush=True)


def run(*args, **kwargs):
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def ensure_venv():
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Byrum needs Python 3.11; this is {sys.version.split()[0]}.")
    if not PY.exists():
        say("Creating the virtual environment in .venv")
        run(sys.executable, "-m", "venv", VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        say("Installing Byrum and its dependencies")
        run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PY, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
        STAMP.write_text(wanted)


def manage(*args, env=None):
    run(PY, "manage.py", *args, env=env)


def _present(probe):
    """A probe is a program's name, ("lib", name) for a shared library or ("file", path)."""
    if isinstance(probe, tuple) and probe[0] == "lib":
        import ctypes.util

        return ctypes.util.find_library(probe[1]) is not None
    if isinstance(probe, tuple):
        return Path(probe[1]).exists()
    return shutil.which(probe) is not None


# WeasyPrint (the PDFs of agendas, minutes and the council report) draws text with Pango and
# HarfBuzz from Debian, and needs a font to embed (PDF/A).
PDF_PACKAGES = [
    ("libpango-1.0-0", ("lib", "pango-1.0")),
    ("libpangoft2-1.0-0", ("lib", "pangoft2-1.0")),
    ("libharfbuzz-subset0", ("lib", "harfbuzz-subset")),
    ("fonts-dejavu-core", ("file", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")),
]


def ensure_debian_packages(packages):
    """Browser tests need Debian's Chromium, the translation test GNU gettext, the PDFs Pango.
    Install them when they are missing and we may (root with apt-get); otherwise say what to
    install."""
    missing = [pkg for pkg, probe in packages if not _present(probe)]
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"Installing Debian packages: {' '.join(missing)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", *missing, env=env)
    else:
        sys.exit(
            f"Please install these Debian packages first: sudo apt-get install {' '.join(missing)}"
        )


def up():
    ensure_debian_packages(PDF_PACKAGES)
    ensure_venv()
    say("Compiling translations")
    manage("compiletranslations")
    say("Migrating the database")
    manage("migrate", "--no-input")
    say("Loading demo data")
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}
    manage("seed_demo", env=env)
    port = os.environ.get("PORT", "8000")
    print(
        f"""
Byrum runs at http://127.0.0.1:{port}/  with a job worker beside it (Ctrl+C stops both;
mails are printed by the worker)

Demo logins, password "demo" for all. In Aalborg:
  admin               administrator (also /admin/; "Vælg kommune" switches to Aarhus)
  konsulent           consultant
  vicevaert           social caretaker
  styregruppe         steering group member
  lokal               local group member
  boligsocial         housing social worker
In Aarhus:
  konsulent.aarhus    consultant
  vicevaert.aarhus    social caretaker
  styregruppe.aarhus  steering group member
""",
        flush=True,
    )
    serve_with_worker(port)


def serve_with_worker(port):
    """The development server and one job worker; Ctrl+C reaches both (one process group),
    and whichever stops first stops the other."""
    worker = subprocess.Popen([str(PY), "manage.py", "procrastinate", "worker"], cwd=ROOT)
    server = subprocess.Popen([str(PY), "manage.py", "runserver", f"127.0.0.1:{port}"], cwd=ROOT)
    try:
        while server.poll() is None and worker.poll() is None:
            try:
                server.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    except KeyboardInterrupt:
        pass
    finally:
        for process in (server, worker):
            if process.poll() is None:
                process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    if worker.returncode not in (0, -2, -15, None):
        sys.exit(f"The job worker stopped with exit code {worker.returncode}.")


def test(pytest_args):
    ensure_venv()
    ensure_debian_packages([("chromium", "chromium"), ("gettext", "xgettext"), *PDF_PACKAGES])
    say("Compiling translations")
    manage("compiletranslations")
    say("Running the tests")
    args = [str(PY), "-m", "pytest", "-n", os.environ.get("TEST_WORKERS", "2")]
    # Locally keep the test database between runs; CI always builds it afresh.
    args.append("--create-db" if os.environ.get("CI") else "--reuse-db")
    result = subprocess.run(args + pytest_args, cwd=ROOT)
    if result.returncode == 5:
        sys.exit("No test ran: that is a failure, not a pass.")
    sys.exit(result.returncode)


def lint():
    """The contracts CI checks before the tests (docs/architecture.md): the layers
    (import-linter), ruff's rules and formatting, and models without a migration."""
    ensure_venv()
    bin_dir = VENV / "bin"
    checks = [
        ("The layers (import-linter)", [bin_dir / "lint-imports"]),
        ("ruff check", [bin_dir / "ruff", "check", "."]),
        ("ruff format --check", [bin_dir / "ruff", "format", "--check", "."]),
        (
            "Migrations match the models",
            [PY, "manage.py", "makemigrations", "--check", "--dry-run"],
        ),
    ]
    failed = []
    for label, command in checks:
        say(label)
        if subprocess.run([str(c) for c in command], cwd=ROOT).returncode != 0:
            failed.append(label)
    if failed:
        sys.exit("Failed: " + ", ".join(failed))


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else "up"
    if command == "up":
        up()
    elif command == "test":
        test(sys.argv[2:])
    elif command == "lint":
        lint()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
