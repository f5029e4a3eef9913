"""A TCP proxy in front of the test's ASGI servers, as a load balancer would be.

Each new connection goes to the first backend, in the proxy's order, that
accepts it; a dead backend (connection refused) is skipped. Bytes are passed
through untouched both ways, so HTTP and WebSockets (the upgrade and every
frame) go through alike; when either side closes, so does the other, as a
proxy does when the server behind it dies. It runs an asyncio loop on a
thread of its own (Playwright's sync API holds the test thread's loop).
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass


@dataclass
class Connection:
    backend: int  # the port it went to
    request_line: str  # its first line: "GET /live/drafts/3?room=… HTTP/1.1"
    open: bool = True

    @property
    def path(self) -> str:
        words = self.request_line.split()
        return words[1].partition("?")[0] if len(words) > 1 else ""


class Proxy:
    def __init__(self, backends: list[int]) -> None:
        self.backends = backends
        self.connections: list[Connection] = []
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._started.wait(10)
        self.port: int = self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def live_backends(self, path: str) -> list[int]:
        """The backends of the open connections whose request is for `path`."""
        return [c.backend for c in list(self.connections) if c.open and c.path == path]

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _close(self) -> None:
        self._server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0)
        )
        self._started.set()
        self._loop.run_forever()

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        for port in self.backends:
            try:
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                continue  # dead: the next one
            break
        else:
            writer.close()
            return
        connection = Connection(port, "")
        self.connections.append(connection)
        try:
            await asyncio.gather(
                self._pipe(reader, up_writer, connection),
                self._pipe(up_reader, writer, None),
            )
        finally:
            connection.open = False

    @staticmethod
    async def _pipe(
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        connection: Connection | None,
    ) -> None:
        try:
            while data := await source.read(65536):
                if connection is not None and not connection.request_line:
                    connection.request_line = data.split(b"\r\n", 1)[0].decode(
                        "latin-1"
                    )
                sink.write(data)
                await sink.drain()
        except OSError:
            pass  # reset: the other side died
        finally:
            # One side is gone: close the other, as a proxy does.
            sink.close()
