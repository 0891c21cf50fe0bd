"""Helpers of the hardening tests: a real `jhakg serve` whose log goes to a file, clients from other
loopback addresses, and a store folder's exact state."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import JHAKG, ROOT, free_port


@dataclass
class LoggedServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 20) -> bool:
        """SIGTERM, and whether the server then shut down cleanly."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.ended_cleanly()

    def ended_cleanly(self) -> bool:
        """Exited after uvicorn's graceful shutdown: status 0, or SIGTERM/SIGINT re-raised by uvicorn once it is done
        (so that supervisors see why it stopped), with no traceback in the log."""
        log = self.text()
        return (self.process.returncode in (0, -signal.SIGTERM, -signal.SIGINT) and "Finished server process" in log
                and "Traceback" not in log)


def serve(store: Path | str, log: Path, env: dict[str, str] | None = None, timeout: float = 90,
          new_session: bool = False) -> LoggedServer:
    """`jhakg serve` on a free loopback port with stdout and stderr in `log`, waited for until /healthz answers."""
    port = free_port()
    handle = log.open("wb")
    process = subprocess.Popen(
        [*JHAKG, "serve", "--host", "127.0.0.1", "--port", str(port), "--store", str(store)],
        env={**os.environ, **(env or {})}, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=new_session,
    )
    handle.close()
    server = LoggedServer(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {server.text()}")
        try:
            if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"server did not answer /healthz in time: {server.text()}")


def client_from(address: str, **kwargs: object) -> httpx.Client:
    """An HTTP client whose connections come from another loopback address (127.0.0.0/8 is all local)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), **kwargs)  # type: ignore[arg-type]


def folder_state(path: Path) -> dict[str, str]:
    """Every file's SHA-256 and every link's target under `path`: equal states mean byte-for-byte equal folders."""
    state = {}
    for item in sorted(path.rglob("*")):
        key = str(item.relative_to(path))
        if item.is_symlink():
            state[key] = "-> " + os.readlink(item)
        elif item.is_file():
            state[key] = hashlib.sha256(item.read_bytes()).hexdigest()
        else:
            state[key] = "dir"
    return state
