"""The HTTP side of the benchmark: gunicorn on 127.0.0.1, a login, a load tool.

No Django imports: this talks to the server over HTTP only.

The load tool is wrk (Debian package `wrk`; the Makefile installs it when it
is missing). Without it, a small Python client stands in: a pool of threads,
each sending one request after another on its own connection. It measures the
same things, but it competes with the server for the two cores, so its
requests/s are lower than wrk's; ratios to the floors stay comparable because
the floors are measured the same way in the same rounds.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

HOST = "127.0.0.1"
CONNECTIONS = 4  # 2 sync workers: 2 in service, 2 queued, like a busy minute


@dataclass
class Endpoint:
    key: str
    path: str
    method: str = "GET"
    form: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    # A form field that changes on every request, as text being typed does:
    # each request appends "Keystroke N." to it, so that nothing the server
    # remembers of the last text it read answers the next one.
    typed: str = ""

    def encoded_form(self) -> str:
        """The form, URL-encoded, with the typed field last (wrk appends to it)."""
        fields = sorted(self.form.items(), key=lambda item: item[0] == self.typed)
        return urllib.parse.urlencode(fields)

    def body(self, n: int) -> bytes | None:
        """The n-th request's body."""
        if not self.form:
            return None
        return (self.encoded_form() + typed_suffix(n, self.typed)).encode()


def typed_suffix(n: int, typed: str) -> str:
    """What the n-th request appends to the typed field (URL-encoded)."""
    return f"%0A%0AKeystroke+{n}." if typed else ""


# wrk: the n-th request of each connection's thread appends its own number.
_WRK_TYPED = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, wrk.body .. "%0A%0AKeystroke+" .. counter .. ".")
end
"""


@dataclass
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int = 0


class Server:
    """gunicorn config.wsgi, 2 sync workers (or `workers`), on a free port of 127.0.0.1."""

    def __init__(
        self, repo: Path, env: dict[str, str], python: str, workers: int = 2
    ) -> None:
        self.port = _free_port()
        fd, name = tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")
        self.log = Path(name)
        gunicorn = Path(python).parent / "gunicorn"
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "config.wsgi",
                f"--workers={workers}",
                "--worker-class=sync",
                f"--bind={HOST}:{self.port}",
                "--timeout=120",
                "--log-level=warning",
            ],
            cwd=repo,
            env=env,
            stdout=fd,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        os.close(fd)
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                status, _, _ = request(self.port, "GET", "/accounts/login/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(
            f"gunicorn did not answer in {timeout} s:\n{self.log_tail()}"
        )

    def worker_cpu_seconds(self) -> float:
        """User + system CPU time of the workers so far (Linux /proc): what the
        requests cost, however busy the shared machine is."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:  # fields[1]: the parent's pid
                total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text().splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.unlink(missing_ok=True)


def _free_port() -> int:
    """BENCH_PORT when set (a shared machine hands out ports), else any free one."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, list[str]], bytes]:
    """One request, no redirects followed: (status, headers, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        found: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        return response.status, found, data
    finally:
        conn.close()


@dataclass
class Session:
    cookie: str  # the Cookie header value: csrftoken and sessionid
    csrf_token: str


def log_in(port: int, username: str, password: str) -> Session:
    """GET the login form, POST it with its CSRF token, keep the cookies."""
    status, headers, body = request(port, "GET", "/accounts/login/")
    jar = _cookies(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match or "csrftoken" not in jar:
        raise RuntimeError(f"login form not usable (status {status})")
    form = urllib.parse.urlencode(
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": match.group(1).decode(),
        }
    ).encode()
    status, headers, _ = request(
        port,
        "POST",
        "/accounts/login/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(jar),
        },
    )
    jar.update(_cookies(headers))
    if status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login failed (status {status})")
    return Session(_cookie_header(jar), jar["csrftoken"])


def _cookies(headers: dict[str, list[str]]) -> dict[str, str]:
    jar: dict[str, str] = {}
    for line in headers.get("set-cookie", []):
        cookie = SimpleCookie()
        cookie.load(line)
        jar.update({name: morsel.value for name, morsel in cookie.items()})
    return jar


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def full_headers(endpoint: Endpoint, session: Session) -> dict[str, str]:
    headers = {"Cookie": session.cookie, **endpoint.headers}
    if endpoint.method != "GET":
        headers["X-CSRFToken"] = session.csrf_token
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return headers


def check(port: int, endpoint: Endpoint, session: Session) -> str | None:
    """None when the endpoint answers 200, else what went wrong."""
    status, headers, _ = request(
        port,
        endpoint.method,
        endpoint.path,
        endpoint.body(0),
        full_headers(endpoint, session),
    )
    if status != 200:
        where = headers.get("location", [""])[0]
        return f"HTTP {status}" + (f" to {where}" if where else "")
    return None


# --- load tools ----------------------------------------------------------


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_load(
    port: int, endpoint: Endpoint, session: Session, seconds: float, use_wrk: bool
) -> Sample:
    if use_wrk:
        return _wrk(port, endpoint, session, seconds)
    return _python_client(port, endpoint, session, seconds)


def _wrk(port: int, endpoint: Endpoint, session: Session, seconds: float) -> Sample:
    headers = full_headers(endpoint, session)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        # Values are URL-encoded or tokens: no quotes or backslashes to escape.
        script.write(f'wrk.method = "{endpoint.method}"\n')
        if endpoint.form:
            script.write(f'wrk.body = "{endpoint.encoded_form()}"\n')
        for name, value in headers.items():
            script.write(f'wrk.headers["{name}"] = "{value}"\n')
        if endpoint.form and endpoint.typed:
            script.write(_WRK_TYPED)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{max(int(round(seconds)), 1)}s",
                "--timeout=30s",
                "--latency",
                "-s",
                script.name,
                f"http://{HOST}:{port}{endpoint.path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    return parse_wrk(out)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"Not a wrk duration: {text!r}")
    number, unit = match.groups()
    return float(number) * _UNITS[unit]


def _wrk_value(pattern: str, out: str) -> str:
    """The first group of `pattern` (a multi-line regex) in wrk's output."""
    match = re.search(pattern, out, re.M)
    if match is None:
        raise ValueError(f"wrk printed no line matching {pattern!r}:\n{out}")
    return match.group(1)


def parse_wrk(out: str) -> Sample:
    """Requests/s and the 50% and 99% latencies of `wrk --latency` output."""
    rps = float(_wrk_value(r"Requests/sec:\s+([\d.]+)", out))
    p50 = _ms(_wrk_value(r"^\s+50%\s+(\S+)", out))
    p99 = _ms(_wrk_value(r"^\s+99%\s+(\S+)", out))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors:.*timeout (\d+)", out):
        errors += int(match.group(1))
    return Sample(rps, p50, p99, errors)


def _python_client(
    port: int, endpoint: Endpoint, session: Session, seconds: float
) -> Sample:
    headers = full_headers(endpoint, session)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop:
            body = endpoint.body(len(mine) + 1)
            start = time.perf_counter()
            try:
                status, _, _ = request(
                    port, endpoint.method, endpoint.path, body, headers
                )
            except OSError:
                status = 0
            mine.append((time.perf_counter() - start) * 1000)
            failed += status >= 400 or status == 0
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    if not latencies:
        return Sample(0.0, 0.0, 0.0, errors[0])
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return Sample(len(latencies) / elapsed, q[49], q[98], errors[0])
