"""The app under uvicorn in a thread on a free loopback port, for tests that need a real server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from fastapi import FastAPI


@contextmanager
def serving(app: FastAPI, ready: str = "/api/config") -> Iterator[str]:
    """Yield the server's base URL once `ready` answers; stop the server afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + ready)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base
    finally:
        srv.should_exit = True
        thread.join(10)
