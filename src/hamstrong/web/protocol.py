"""uvicorn's HTTP protocol with TCP_NODELAY on every connection.

With several workers, uvicorn hands each worker the listening socket through multiprocessing;
the accepted sockets then lose their TCP protocol number, asyncio skips TCP_NODELAY, and Nagle's
algorithm plus delayed ACKs add about 40 ms to every keep-alive response (measured with wrk:
1.6 ms with one worker, 44 ms with two). Setting it here restores the one-worker latency.
"""

import asyncio
import socket
from contextlib import suppress

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with suppress(OSError):  # not a TCP socket after all: nothing to tune
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
