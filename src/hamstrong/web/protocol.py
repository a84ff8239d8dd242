"""uvicorn's HTTP protocol with TCP_NODELAY on every connection.

With several workers, uvicorn hands each worker the listening socket through multiprocessing;
the accepted sockets then lose their TCP protocol number, asyncio skips TCP_NODELAY, and Nagle's
algorithm plus delayed ACKs add about 40 ms to every keep-alive response (measured with wrk:
1.6 ms with one worker, 44 ms with two). Setting it here restores the one-worker latency.
"""

import asyncio
import socket
from contextlib import suppress

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def _no_delay(transport: asyncio.Transport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with suppress(OSError):  # not a TCP socket after all: nothing to tune
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    """httptools (C) parses HTTP several times faster than h11 (pure Python)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        _no_delay(transport)
        super().connection_made(transport)
