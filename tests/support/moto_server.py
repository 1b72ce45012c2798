"""A real S3-compatible server (``moto.server``) on a free loopback port, for tests and benchmarks.

The object-storage tests (``tests/conftest.py``'s ``moto_endpoint``) and ``bench/s3_refresh.py`` run
paperlake against the real S3 HTTP API rather than a mock of a client library, so this starts moto in
its own process and waits until it accepts connections.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def moto_server(timeout: float = 60.0) -> Iterator[str]:
    """``python -m moto.server`` on a free loopback port while the block runs; yields its URL.

    Raises RuntimeError when it does not accept connections within ``timeout`` seconds."""
    port = free_port()
    with open(os.devnull, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"moto.server did not start on port {port} (exit {server.poll()})"
                        ) from None
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
