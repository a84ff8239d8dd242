"""A real SMTP server on a loopback port for the tests (aiosmtpd), keeping what it receives.

The app talks to it with smtplib as it would to any mail server; the tests then read the mail
and follow its link. With ``user``/``password`` it insists on that login (AUTH PLAIN/LOGIN, over
plain text: loopback only).
"""

import email
import email.policy
import re
import socket
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Mailbox:
    """What the server received; ``port`` is where it listens."""

    def __init__(self, port: int, user: str | None, password: str | None) -> None:
        self.port, self.user, self.password = port, user, password
        self.messages: list[EmailMessage] = []
        self.logins: list[str] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self.user
            and data.password.decode() == self.password
        )
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok)

    def received(self) -> list[EmailMessage]:
        with self._lock:
            return list(self.messages)

    def link(self, to: str) -> str:
        """The one web address in the last mail sent to ``to``."""
        mails = [m for m in self.received() if m["To"] == to]
        assert mails, f"no mail to {to}"
        body = mails[-1].get_body(preferencelist=("plain",))
        assert body is not None
        found = re.findall(r"https?://\S+", body.get_content())
        assert len(found) == 1, found
        return str(found[0])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class _Loopback(Controller):
    def factory(self) -> SMTP:
        # AUTH without TLS is what aiosmtpd warns about; it is the point here (loopback only,
        # and the test has no certificate the client would trust)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
            return super().factory()


@contextmanager
def smtp_server(user: str | None = None, password: str | None = None) -> Iterator[Mailbox]:
    """An SMTP server on a free loopback port for the length of the block."""
    box = Mailbox(free_port(), user, password)
    auth: dict[str, Any] = (
        {"authenticator": box.authenticate, "auth_required": True, "auth_require_tls": False}
        if user
        else {}
    )
    controller = _Loopback(box, hostname="127.0.0.1", port=box.port, **auth)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
