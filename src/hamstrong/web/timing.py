"""``ServerTiming``: how long the app took for each response, in a ``Server-Timing`` header.

Issue 10's speed targets are server time. A client measures more: its own CPU (the bench's
16 client threads share the machine's two cores with the server) and the wait for a free
worker. This header says what the app itself took, from the request entering the app
(outermost middleware) to the start of the response (the headers; a streamed body is sent
after), including the wait for a route thread. Not counted: uvicorn reading the request and
the event loop's queue before the app is called.

Off unless ``HAMSTRONG_SERVER_TIMING`` is set (the bench sets it): the figure on every
response would tell anyone how long the server worked on their request (a timing side channel,
e.g. whether a sign-in got as far as checking a password), for no use to a person training.
"""

import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ServerTiming:
    """``Server-Timing: app;dur=<ms>`` on every HTTP response (milliseconds, 0.1 ms steps)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - started) * 1000
                MutableHeaders(scope=message).append("server-timing", f"app;dur={took:.1f}")
            await send(message)

        await self.app(scope, receive, timed)
