"""A database that really cannot be reached, inside the test process.

Django connects to PostgreSQL lazily, reading its address from the connection's settings at
each connect. Closing the connection and pointing that address at a loopback port nobody
listens on makes the next query fail as when the server is down: psycopg's connect is
refused and Django raises its OperationalError from the same place as in production. No
Django or psycopg internals are patched. Tests that use it must be transactional
(`django_db(transaction=True)`): a test transaction cannot survive its connection closing.
"""

import socket
from contextlib import contextmanager
from unittest import mock

from django.db import connection


def closed_port() -> int:
    """A loopback port nobody listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database_down():
    connection.close()
    unreachable = {"HOST": "127.0.0.1", "PORT": str(closed_port())}
    try:
        with mock.patch.dict(connection.settings_dict, unreachable):
            yield
    finally:
        connection.close()  # the next query connects to the real server again
