"""Real ASGI server processes (daphne) on the test database, for the live rooms.

pytest-django's live_server is WSGI: it cannot hold a WebSocket. These are the
production server, started as subprocesses with the test's database (and, when
REDIS_URL is set, the test's Redis for the cache and the channel layer, so that
two processes serve one room).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Ports tried from here up (LIVE_TEST_PORT to move them). Each test run takes a
# block of 400 ports by the pytest process that started it (xdist workers share
# their parent), and each xdist worker 100 of those: two runs on one machine (a
# developer's and CI's, or two checkouts) and two workers of one run never probe
# the same ports, not even while one of them restarts a server on its port.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_RUN = os.getppid() if "PYTEST_XDIST_WORKER" in os.environ else os.getpid()
FIRST_PORT = int(
    os.environ.get("LIVE_TEST_PORT", str(20000 + _RUN % 50 * 400 + _WORKER % 4 * 100))
)


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def redis_url() -> str | None:
    cache = settings.CACHES["default"]
    return cache["LOCATION"] if cache["BACKEND"].endswith("RedisCache") else None


def _free_port(start: int) -> int:
    for port in range(start, start + 50):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from {start}")


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """kill -9: a crash, not a shutdown."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_server(port_from: int = FIRST_PORT) -> Server:
    port = _free_port(port_from)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "AXES_ENABLED": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    redis = redis_url()
    if redis:
        env["REDIS_URL"] = redis
    else:
        env.pop("REDIS_URL", None)
    # A file, not a pipe: a pipe nobody reads fills up and stalls the server.
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (kept open for the process)
        prefix=f"postwright-daphne-{port}-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited: {Path(log.name).read_text()[-2000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return Server(port, process, Path(log.name))
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("daphne did not start within 60 s")


def restart_server(server: Server) -> Server:
    """Stop `server` and start a new process on the same port: a restart, where
    the browser keeps what it stores for that origin (IndexedDB). Listening with
    SO_REUSEADDR, daphne takes the port back while its old connections linger."""
    server.stop()
    port = server.port
    with mock.patch(f"{__name__}._free_port", lambda _start: port):
        return start_server(port)
