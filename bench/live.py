"""`make bench` step `live` (issue #18): the live rooms under daphne.

latency  keystroke to every other client of one room, p50/p99, with 2 and 8
         clients, each a Python WebSocket client speaking the Yjs protocol
         with pycrdt as the browser's y-websocket does: one keystroke (one
         character's update) at a time, round-robin over the clients, timed
         from its send to its arrival, applied, at each other client. Beside
         it, the floor: a bare WebSocket echo through the same server,
         middleware and channel layer (bench/asgi.py), rounds interleaved.
         Twice: one process with the in-memory channel layer, and two
         processes sharing Redis (REDIS_URL, else BENCH_REDIS_URL) with the
         clients spread over both, so that half the trips cross processes.
memory   the RSS growth of one daphne process with ROOMS rooms open (one
         client each, on as many drafts), per room.

The client is a small RFC 6455 one on asyncio streams (Socket), the same for
the room and its floor.
"""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from pycrdt import (
    Doc,
    Text,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)

from bench import load

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
MESSAGE_ROOM = 102  # posts.live.consumers: the room's lineage, sent first
CLIENTS = (2, 8)
ROUNDS = 3  # echo and room rounds, interleaved
PACE = 0.02  # seconds between one keystroke's arrival everywhere and the next
TIMEOUT = 10.0
TARGET_P99_MS = 1000  # "remote text appears within 1 s"


# --- a WebSocket client on asyncio ------------------------------------------


class Socket:
    """A WebSocket client (RFC 6455) on asyncio streams: binary messages, no
    extensions. (Autobahn, daphne's library, cannot run on asyncio in a process
    where Django has loaded daphne's Twisted side.) A reader task stamps each
    message with its arrival time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.task = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def open(cls, port: int, path: str, cookie: str = "") -> Socket:
        reader, writer = await asyncio.open_connection(HOST, port)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {HOST}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            f"Origin: http://{HOST}:{port}",
            *([f"Cookie: {cookie}"] if cookie else []),
        ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
        if not head.startswith(b"HTTP/1.1 101"):
            writer.close()
            raise ConnectionError(f"WebSocket refused: {head.splitlines()[0]!r}")
        return cls(reader, writer)

    async def _read(self) -> None:
        message = b""
        try:
            while True:
                first, second = await self.reader.readexactly(2)
                length = second & 0x7F
                if length == 126:
                    length = struct.unpack("!H", await self.reader.readexactly(2))[0]
                elif length == 127:
                    length = struct.unpack("!Q", await self.reader.readexactly(8))[0]
                payload = await self.reader.readexactly(length)
                opcode = first & 0x0F
                if opcode == 0x8:  # close
                    break
                if opcode == 0x9:  # ping
                    self._frame(0xA, payload)
                    continue
                if opcode in (0x0, 0x1, 0x2):
                    message += payload
                    if first & 0x80:  # the last fragment
                        self.inbox.put_nowait((time.perf_counter(), message))
                        message = b""
        except (asyncio.IncompleteReadError, OSError):
            pass
        self.inbox.put_nowait((time.perf_counter(), None))

    def _frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 1 << 16:
            head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(head + mask + masked)

    def send(self, data: bytes) -> None:
        self._frame(0x2, data)

    async def receive(self) -> tuple[float, bytes]:
        at, data = await asyncio.wait_for(self.inbox.get(), TIMEOUT)
        if data is None:
            raise ConnectionError("the server closed the socket")
        return at, data

    def close(self) -> None:
        self._frame(0x8, struct.pack("!H", 1000))
        self.task.cancel()
        self.writer.close()


class Typist:
    """A client of a draft's live room: a pycrdt document kept in sync."""

    def __init__(self, socket: Socket) -> None:
        self.socket = socket
        self.doc: Doc = Doc()
        self.text = self.doc.get("body", type=Text)

    async def join(self) -> None:
        _, first = await self.socket.receive()
        assert first[0] == MESSAGE_ROOM, first[:1]
        self.socket.send(create_sync_message(self.doc))  # as y-websocket does on open
        while not str(self.text):
            await self._apply_next()

    async def _apply_next(self) -> float:
        """Apply the next Yjs sync message; others (saved, awareness) are skipped."""
        while True:
            at, data = await self.socket.receive()
            if data[0] != YMessageType.SYNC:
                continue
            reply = handle_sync_message(data[1:], self.doc)
            if reply is not None:
                self.socket.send(reply)
            if data[1] != YSyncMessageType.SYNC_STEP1:
                return at

    def type(self, character: str) -> str:
        before = self.doc.get_state()
        self.text.insert(0, character)
        self.socket.send(create_update_message(self.doc.get_update(before)))
        return str(self.text)

    async def sees(self, expected: str) -> float:
        """When the update that makes the text `expected` arrived."""
        at = 0.0
        while str(self.text) != expected:
            at = await self._apply_next()
        return at


class Echoer:
    """A client of the echo floor: it sends what a keystroke's update weighs."""

    def __init__(self, socket: Socket) -> None:
        self.socket = socket
        self.count = 0

    def type(self, character: str) -> bytes:
        self.count += 1
        return self._send(f"{id(self)}:{self.count}:{character}".encode())

    def _send(self, message: bytes) -> bytes:
        self.socket.send(message.ljust(28))
        return message.ljust(28)

    async def sees(self, expected: bytes) -> float:
        while True:
            at, data = await self.socket.receive()
            if data == expected:
                return at


async def _keystrokes(clients: list, count: int) -> list[float]:
    """ms from each keystroke's send to its arrival at every other client."""
    samples: list[float] = []
    for k in range(count):
        sender = clients[k % len(clients)]
        character = "abcdefghijklmnopqrstuvwxyz"[k % 26]
        start = time.perf_counter()
        expected = sender.type(character)
        arrivals = await asyncio.gather(
            *(c.sees(expected) for c in clients if c is not sender)
        )
        samples += [(at - start) * 1000 for at in arrivals]
        await asyncio.sleep(PACE)
    return samples


def _summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "samples": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
        "max_ms": round(ordered[-1], 2),
    }


async def _latency(
    ports: list[int], cookie: str, draft_pk: int, n: int, keystrokes: int
) -> dict:
    """Echo and room, with n clients spread over the ports, rounds interleaved."""
    room = f"/live/drafts/{draft_pk}"
    echo = f"/__bench__/echo/bench-{n}-{uuid.uuid4().hex[:8]}"
    typists = [
        Typist(await Socket.open(ports[i % len(ports)], room, cookie)) for i in range(n)
    ]
    for typist in typists:
        await typist.join()
    echoers = [
        Echoer(await Socket.open(ports[i % len(ports)], echo, cookie)) for i in range(n)
    ]
    await asyncio.sleep(0.5)  # the joins' own sync messages pass
    for typist in typists:
        while not typist.socket.inbox.empty():
            await typist._apply_next()
    samples: dict[str, list[float]] = {"echo": [], "room": []}
    try:
        for _ in range(ROUNDS):
            samples["echo"] += await _keystrokes(echoers, keystrokes // ROUNDS)
            samples["room"] += await _keystrokes(typists, keystrokes // ROUNDS)
        texts = {str(t.text) for t in typists}
    finally:
        for socket in [t.socket for t in typists] + [e.socket for e in echoers]:
            socket.close()
    out: dict = {kind: _summary(s) for kind, s in samples.items()}
    out["room_over_echo_p50"] = round(out["room"]["p50_ms"] / out["echo"]["p50_ms"], 2)
    out["room_over_echo_p99"] = round(out["room"]["p99_ms"] / out["echo"]["p99_ms"], 2)
    out["one_text"] = len(texts) == 1
    return out


# --- the servers ---------------------------------------------------------------


class Daphne:
    """daphne bench.asgi on 127.0.0.1: HTTP and the live rooms' WebSockets."""

    def __init__(self, env: dict[str, str], offset: int) -> None:
        self.port = _port(offset)
        fd, name = tempfile.mkstemp(prefix="bench-daphne-", suffix=".log")
        self.log = Path(name)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                HOST,
                "-p",
                str(self.port),
                "bench.asgi:application",
            ],
            cwd=REPO,
            env=env,
            stdout=fd,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        os.close(fd)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited:\n{self.log.read_text()[-2000:]}")
            try:
                if load.request(self.port, "GET", "/accounts/login/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("daphne did not answer within 60 s")

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.unlink(missing_ok=True)


def _port(offset: int) -> int:
    """BENCH_PORT + 10 + offset when BENCH_PORT is set, else a free port."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"]) + 10 + offset
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _layer(env: dict[str, str], redis: str | None) -> tuple[dict[str, str], str]:
    out = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    out.pop("REDIS_URL", None)
    prefix = ""
    if redis:
        prefix = f"bench-live-{os.getpid()}-{int(time.time())}"
        out |= {"REDIS_URL": redis, "CACHE_KEY_PREFIX": prefix}
    return out, prefix


def _forget(redis: str, prefix: str) -> None:
    """This run's keys in the shared Redis: its cache keys and its groups."""
    try:
        import redis as redis_py

        client = redis_py.Redis.from_url(redis)
        for pattern in (f"{prefix}:*", "postwright:group:bench-echo-*"):
            for key in client.scan_iter(pattern):
                client.delete(key)
    except Exception:  # noqa: BLE001 (no Redis: nothing was written)
        pass


# --- the step ------------------------------------------------------------------


def latency_step(fixture, env: dict, quick: bool, say) -> dict:
    from posts.management.commands.seed_bench import BENCH_PASSWORD, BENCH_USER

    keystrokes = 60 if quick else 300
    redis = env.get("REDIS_URL") or os.environ.get(
        "BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"
    )
    out: dict = {"keystrokes": keystrokes, "pace_ms": PACE * 1000, "setups": {}}
    for key, url, processes in (("memory", None, 1), ("redis", redis, 2)):
        server_env, prefix = _layer(env, url)
        label = (
            "1 process, in-memory channel layer"
            if url is None
            else f"2 processes sharing Redis ({url})"
        )
        setup: dict = {"label": label, "processes": processes}
        servers: list[Daphne] = []
        try:
            servers = [Daphne(server_env, i) for i in range(processes)]
            session = load.log_in(servers[0].port, BENCH_USER, BENCH_PASSWORD)
            for n in CLIENTS:
                result = asyncio.run(
                    _latency(
                        [s.port for s in servers],
                        session.cookie,
                        fixture.draft_pk,
                        n,
                        keystrokes,
                    )
                )
                setup[str(n)] = result
                say(
                    f"  {label}, {n} clients: room p50/p99 "
                    f"{result['room']['p50_ms']:.1f}/{result['room']['p99_ms']:.1f} ms, "
                    f"echo {result['echo']['p50_ms']:.1f}/{result['echo']['p99_ms']:.1f} ms"
                )
        except (OSError, RuntimeError, TimeoutError) as error:
            setup["error"] = f"{type(error).__name__}: {error}"[:300]
            say(f"  {label}: {setup['error']}")
        finally:
            for server in servers:
                server.stop()
            if url:
                _forget(url, prefix)
        out["setups"][key] = setup
    return out


def memory_step(fixture, env: dict, rooms: int, say) -> dict:
    """One process's RSS growth with `rooms` rooms open, one client each."""
    from posts.management.commands.seed_bench import BENCH_PASSWORD, BENCH_USER
    from posts.models import Draft

    drafts = list(
        Draft.objects.filter(part__series__slug=fixture.series_slug, head__isnull=False)
        .exclude(part__number=1)  # part 1 has the 5,000-word drafts
        .order_by("pk")
        .values_list("pk", flat=True)[: rooms + 1]
    )
    if len(drafts) < 3:
        return {"error": f"only {len(drafts)} drafts to open rooms on"}
    rooms = len(drafts) - 1  # --quick seeds fewer drafts than that
    server_env, _ = _layer(env, None)
    server = Daphne(server_env, 0)

    async def measure(cookie: str) -> tuple[int, int]:
        warm = Typist(
            await Socket.open(server.port, f"/live/drafts/{drafts[0]}", cookie)
        )
        await warm.join()  # imports, first allocations: not the rooms' cost
        warm.socket.close()
        await asyncio.sleep(3)  # its room saves (nothing) and closes
        before = server.rss_kb()
        typists = []
        for pk in drafts[1:]:
            typist = Typist(
                await Socket.open(server.port, f"/live/drafts/{pk}", cookie)
            )
            await typist.join()
            typists.append(typist)
        await asyncio.sleep(3)  # the joins' saves (of nothing) are done
        after = server.rss_kb()
        for typist in typists:
            typist.socket.close()
        return before, after

    try:
        session = load.log_in(server.port, BENCH_USER, BENCH_PASSWORD)
        before, after = asyncio.run(measure(session.cookie))
    finally:
        server.stop()
    per_room = (after - before) / rooms
    say(
        f"  {rooms} rooms open: +{per_room:.0f} KB RSS per room ({before // 1024} → {after // 1024} MB)"
    )
    return {
        "rooms": rooms,
        "rss_before_mb": round(before / 1024, 1),
        "rss_after_mb": round(after / 1024, 1),
        "kb_per_room": round(per_room, 1),
        "rss_over_rooms_kb": round(after / rooms, 1),
    }


def step(fixture, env: dict, quick: bool, say) -> dict:
    say("Live rooms: keystroke to the other clients, 2 and 8 clients, vs an echo…")
    out = latency_step(fixture, env, quick, say)
    rooms = 20 if quick else 100
    say(f"Live rooms: one process's memory with up to {rooms} rooms open…")
    try:
        out["memory"] = memory_step(fixture, env, rooms, say)
    except (OSError, RuntimeError, TimeoutError) as error:
        out["memory"] = {"error": f"{type(error).__name__}: {error}"[:300]}
    return out


# --- results.md ------------------------------------------------------------------


def targets(live: dict) -> list[tuple[str, str, bool | None]]:
    rows: list[tuple[str, str, bool | None]] = []
    for setup in live.get("setups", {}).values():
        eight = setup.get("8")
        rows.append(
            (
                f"Live room, 8 clients, {setup['label']}: keystroke p99 ≤ {TARGET_P99_MS} ms",
                setup.get("error")
                or f"{eight['room']['p99_ms']:.1f} ms (echo floor {eight['echo']['p99_ms']:.1f} ms)",
                None if eight is None else eight["room"]["p99_ms"] <= TARGET_P99_MS,
            )
        )
    return rows


def markdown(live: dict) -> list[str]:
    lines = [
        "",
        "## Live rooms (daphne, Yjs over WebSocket)",
        "",
        f"One keystroke at a time, round-robin over the clients of one room, "
        f"{live['keystrokes']} per row, timed from its send to its arrival at every "
        "other client; the floor is a bare WebSocket echo through the same server and "
        "channel layer, its rounds interleaved with the room's.",
        "",
        "| Setup | Clients | Room p50 / p99 ms | Echo floor p50 / p99 ms | Room ÷ floor p50 / p99 | One text |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for setup in live.get("setups", {}).values():
        if "error" in setup:
            lines.append(f"| {setup['label']} | — | {setup['error']} | | | |")
        for n in CLIENTS:
            r = setup.get(str(n))
            if not r:
                continue
            lines.append(
                f"| {setup['label']} | {n} | {r['room']['p50_ms']:.1f} / {r['room']['p99_ms']:.1f} "
                f"| {r['echo']['p50_ms']:.1f} / {r['echo']['p99_ms']:.1f} "
                f"| {r['room_over_echo_p50']:.2f} / {r['room_over_echo_p99']:.2f} "
                f"| {'yes' if r['one_text'] else '**no**'} |"
            )
    memory = live.get("memory", {})
    if "error" in memory:
        lines += ["", f"Memory per open room: {memory['error']}"]
    elif memory:
        lines += [
            "",
            f"Memory per open room (one process, {memory['rooms']} rooms of ~300-word drafts, "
            f"one client each): +{memory['kb_per_room']:.0f} KB RSS per room "
            f"({memory['rss_before_mb']:.0f} → {memory['rss_after_mb']:.0f} MB; "
            f"RSS ÷ rooms {memory['rss_over_rooms_kb']:.0f} KB).",
        ]
    return lines
