"""A small TCP load balancer for the fault tests: what nginx's ``upstream`` block does for two
``carekiosk serve`` instances (docs/server.md), on 127.0.0.1.

    with Balancer([svc_a.url, svc_b.url]) as lb:
        httpx.get(lb.url + "/v1/health")

Each new connection goes to the next upstream in turn. If an upstream refuses the connection (its
process is gone) the balancer marks it down for :data:`DOWN_FOR` seconds and tries the next one,
as nginx's ``proxy_next_upstream error`` does; a connection already open to an instance that dies
is cut, and the client sees that (the kiosks retry). It runs an asyncio loop in its own thread.
"""

from __future__ import annotations

import asyncio
import threading
import time
from urllib.parse import urlsplit

from .service import free_port

DOWN_FOR = 2.0


class Balancer:
    def __init__(self, upstreams: list[str], port: int | None = None):
        self.upstreams = [(urlsplit(u).hostname, urlsplit(u).port) for u in upstreams]
        self.port = port or free_port()
        self.down_until = [0.0] * len(self.upstreams)
        self.connections = [0] * len(self.upstreams)  # how many connections each upstream was given
        self._next = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Balancer":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def _order(self) -> list[int]:
        n = len(self.upstreams)
        start, self._next = self._next, (self._next + 1) % n
        now = time.monotonic()
        order = [(start + i) % n for i in range(n)]
        return [i for i in order if self.down_until[i] <= now] + [i for i in order if self.down_until[i] > now]

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        for i in self._order():
            host, port = self.upstreams[i]
            try:
                pair = await asyncio.wait_for(asyncio.open_connection(host, port), 2)
            except (OSError, asyncio.TimeoutError):
                self.down_until[i] = time.monotonic() + DOWN_FOR
                continue
            self.connections[i] += 1
            return pair
        return None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream = await self._connect()
        if upstream is None:  # every instance is down: the client sees a cut connection and retries
            writer.close()
            return
        up_reader, up_writer = upstream

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                try:
                    dst.close()
                except (ConnectionError, OSError):
                    pass

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
