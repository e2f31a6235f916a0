"""Email sent one message at a time, so a mail server failure says how many did not go out."""

import smtplib
from contextlib import suppress

from django.core.mail import get_connection


class MailServerDown(Exception):
    """The mail server could not be reached (or failed part-way): `not_sent` did not go out."""

    def __init__(self, sent: int, not_sent: int):
        self.sent = sent
        self.not_sent = not_sent
        super().__init__(f"The mail server failed: {not_sent} message(s) not sent, {sent} sent.")


def send_each(messages) -> int:
    """Send the messages over one connection, one by one; return how many went out.

    The first failure stops the rest (the server is down, each attempt would wait for its
    timeout) and raises MailServerDown with the exact counts.
    """
    messages = list(messages)
    if not messages:
        return 0
    connection = get_connection()
    sent = 0
    try:
        connection.open()
        for message in messages:
            sent += connection.send_messages([message]) or 0
    except (smtplib.SMTPException, OSError) as error:
        raise MailServerDown(sent, len(messages) - sent) from error
    finally:
        # What was handed over stays sent; a failure before is already being raised.
        with suppress(smtplib.SMTPException, OSError):
            connection.close()
    return sent
