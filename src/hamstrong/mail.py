"""Sending mail: through the SMTP server in the settings, or, with none set (development), into
the log, so a password-reset link can be followed on a machine without a mail server.

The standard library's ``smtplib`` and ``email`` do the work; nothing here knows what a message
says.
"""

import logging
import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from hamstrong.settings import Settings, Smtp

log = logging.getLogger("hamstrong.mail")
TIMEOUT_SECONDS = 20  # an unreachable server must not hold a worker thread for long


class Mailer(Protocol):
    sender: str

    def send(self, message: EmailMessage) -> None:
        """Hand the message over; raises OSError or smtplib.SMTPException when it cannot."""


class SmtpMailer:
    """One SMTP connection per message: resets are rare, and a kept connection would time out."""

    def __init__(self, smtp: Smtp, sender: str) -> None:
        self.smtp, self.sender = smtp, sender

    def send(self, message: EmailMessage) -> None:
        smtp = self.smtp
        context = ssl.create_default_context()
        client = (
            smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS, context=context)
            if smtp.port == smtplib.SMTP_SSL_PORT
            else smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS)
        )
        with client:
            if smtp.starttls and smtp.port != smtplib.SMTP_SSL_PORT:
                client.starttls(context=context)
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
            client.send_message(message)


class LogMailer:
    """Development without a mail server: the whole message goes to the log."""

    def __init__(self, sender: str) -> None:
        self.sender = sender

    def send(self, message: EmailMessage) -> None:
        log.warning(
            "No HAMSTRONG_SMTP_HOST is set, so this mail is written here instead of sent:\n%s",
            message.as_string(),
        )


def mailer_for(settings: Settings) -> Mailer:
    if settings.smtp is None:
        return LogMailer(settings.mail_from)
    return SmtpMailer(settings.smtp, settings.mail_from)


def deliver(mailer: Mailer, message: EmailMessage) -> None:
    """Send, logging a failure instead of raising: it runs after the answer went out."""
    try:
        mailer.send(message)
    except (OSError, smtplib.SMTPException) as error:
        log.error("could not send mail to %s: %r", message["To"], error)
