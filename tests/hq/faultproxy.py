"""A small fault-injecting TCP proxy on loopback (asyncio), between a counter and HQ.

On each chunk flowing towards HQ it may answer 503 itself, reset the connection or
stall it (the client times out); on each chunk flowing back it may cut the answer
midway (after HQ did the work: the client never learns it) or slow it down.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections import Counter

ERROR_503 = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b'Content-Length: 17\r\nConnection: close\r\n\r\n{"error":"busy"}\n'
)
REQUEST_FAULTS = ("error", "reset", "timeout")
RESPONSE_FAULTS = ("cut", "slow")


class FaultProxy:
    def __init__(self, upstream_port: int, rate: float = 0.25, seed: int = 7) -> None:
        self.upstream_port = upstream_port
        self.rate = rate
        self.rng = random.Random(seed)
        self.injected: Counter[str] = Counter()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)
        self._ready = threading.Event()
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._shutdown)
        self._thread.join(10)
        self._loop.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in self._tasks:
            task.cancel()
        self._loop.call_later(0.1, self._loop.stop)

    def _roll(self, kinds: tuple[str, ...]) -> str | None:
        if self.rng.random() >= self.rate:
            return None
        kind = self.rng.choice(kinds)
        self.injected[kind] += 1
        return kind

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.close()
            self._tasks.discard(task)
            return
        try:
            await asyncio.gather(
                self._pump(reader, up_writer, writer, REQUEST_FAULTS),
                self._pump(up_reader, writer, writer, RESPONSE_FAULTS),
            )
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            for w in (writer, up_writer):
                with contextlib.suppress(Exception):
                    w.close()
            self._tasks.discard(task)

    async def _pump(
        self,
        src: asyncio.StreamReader,
        dst: asyncio.StreamWriter,
        client: asyncio.StreamWriter,
        kinds: tuple[str, ...],
    ) -> None:
        while data := await src.read(65536):
            fault = self._roll(kinds)
            if fault == "error":
                client.write(ERROR_503)
                await client.drain()
                raise OSError("injected 503")
            if fault == "reset":
                sock = client.get_extra_info("socket")
                if sock is not None:  # close with RST, not FIN
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                raise OSError("injected reset")
            if fault == "timeout":
                await asyncio.sleep(3600)  # the client gives up first
            if fault == "cut":
                dst.write(data[: len(data) // 2])
                await dst.drain()
                raise OSError("injected cut")
            if fault == "slow":
                await asyncio.sleep(0.3)
            dst.write(data)
            await dst.drain()
        with contextlib.suppress(OSError):
            dst.write_eof()
