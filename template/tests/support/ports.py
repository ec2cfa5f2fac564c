"""Ports for the servers the tests start."""

import secrets
import socket

HOST = "127.0.0.1"
# Variables naming a port, of which each `dev` the tests run gets a free one, as two may run at
# once; the layers' fixtures list theirs.
DEV_PORTS: list[str] = []


def free_port() -> int:
    """A port nothing listens on, below the range the OS gives outgoing connections (32768 and up
    on Linux, 49152 on macOS): no client socket can take it before the server binds it."""
    while True:
        port = 20000 + secrets.randbelow(12768)
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
