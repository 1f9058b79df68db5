"""Runs the real `arbiterd` for the tests.

The binary is `$ARBITERD`, else `<repo>/.build/debug/arbiterd` (`swift build`).
When it is missing the tests that need a server fail (they are not skipped).

    def test_something(arbiter):              # a fresh server on a tmp state dir
        client, server = arbiter
        ...
        server.restart()                      # same state dir; `client` follows

    def test_other(start_arbiter):            # more control
        client, server = start_arbiter(fsync="always")
        server.kill()                         # SIGKILL
        server.start()
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import List, Optional, Sequence

import pytest

from arbiter_client import ArbiterClient

sys.path.insert(0, str(Path(__file__).resolve().parent))  # reference_model, arbiterd_process

from arbiterd_process import ArbiterdProcess, free_port  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_BINARY = REPO_ROOT / ".build" / "debug" / "arbiterd"
READY_TIMEOUT = 20.0
STOP_TIMEOUT = 20.0


def arbiterd_path() -> Path:
    env = os.environ.get("ARBITERD")
    return Path(env).expanduser() if env else DEFAULT_BINARY


def require_arbiterd() -> Path:
    path = arbiterd_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        how = "ARBITERD" if os.environ.get("ARBITERD") else "the default path"
        pytest.fail(
            f"arbiterd not found at {path} ({how}). Build it with `swift build` in {REPO_ROOT}, "
            f"or point ARBITERD at the binary.",
            pytrace=False,
        )
    return path


class ArbiterServer(ArbiterdProcess):
    """One `arbiterd` process on a state directory, restartable on that directory."""

    def __init__(self, binary: Path, state_dir: Path, log_dir: Path, fsync: Optional[str] = None,
                 extra_args: Sequence[str] = (), client_options: Optional[dict] = None):
        super().__init__(binary, state_dir, fsync=fsync, extra_args=extra_args, client_options=client_options)
        self.log_dir = log_dir
        self.starts = 0
        self.logs: List[Path] = []
        self._clients: List[ArbiterClient] = []
        self._stopped_on_purpose = True

    # -------------------------------------------------------------- info

    def log_tail(self, chars: int = 4000) -> str:
        if not self.logs:
            return "(no log)"
        text = self.logs[-1].read_text(errors="replace")
        return text[-chars:] if text else "(empty log)"

    def client(self, timeout: Optional[float] = 10.0) -> ArbiterClient:
        """A client that follows the server across restarts (even onto another port)."""
        c = ArbiterClient(self.endpoint, timeout=timeout, **self.client_options)
        self._clients.append(c)
        return c

    # -------------------------------------------------------------- lifecycle

    def _spawn(self, port: int) -> None:
        self.starts += 1
        log = self.log_dir / f"arbiterd-{self.state_dir.name}-{self.starts}.log"
        self.logs.append(log)
        self.spawn(port, log)
        self._stopped_on_purpose = False

    def start(self, timeout: float = READY_TIMEOUT) -> None:
        """Start (again) on the same state dir; prefers the previous port, else a free one."""
        assert not self.running, "already running"
        previous = self.port
        ready = self.launch(([previous] * 3 if previous else []) + [None] * 5, self._spawn, timeout, probe_timeout=0.5)
        if ready:
            if previous is not None and self.port != previous:
                for c in self._clients:
                    if not c.closed:
                        c.reconnect(self.endpoint)
            return
        self._stopped_on_purpose = True
        if ready is None:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"arbiterd did not answer get_status within {timeout:.0f} s "
                        f"({' '.join(self.command(self.port))}).\nlog:\n{self.log_tail()}", pytrace=False)
        pytest.fail(f"arbiterd exited during start-up with code {self.proc.returncode} "
                    f"({' '.join(self.command(self.port))}).\nlog:\n{self.log_tail()}", pytrace=False)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT) -> int:
        """Send `sig` and wait for the process to exit; returns its exit code."""
        assert self.proc is not None, "never started"
        self._stopped_on_purpose = True
        if not self.signal_and_wait(sig, timeout):
            pytest.fail(f"arbiterd did not exit within {timeout:.0f} s of signal {sig!r}; killed.\n"
                        f"log:\n{self.log_tail()}", pytrace=False)
        return self.proc.returncode

    def kill(self) -> int:
        return self.stop(signal.SIGKILL)

    def restart(self, sig: int = signal.SIGTERM) -> Optional[int]:
        """Stop (gracefully by default) and start again on the same state dir; returns the exit code."""
        code = self.stop(sig) if self.running else None
        self.start()
        return code

    @property
    def crashed(self) -> bool:
        """True when the process exited without being stopped by the tests."""
        return not self._stopped_on_purpose and self.proc is not None and self.proc.poll() is not None

    def close(self) -> None:
        for c in self._clients:
            c.close()
        if self.proc is not None:
            self.signal_and_wait(signal.SIGTERM, STOP_TIMEOUT)


@pytest.fixture
def start_arbiter(request, tmp_path):
    """Factory: `start_arbiter(fsync=None, extra_args=(), client_options=None)` -> (client, server), stopped at teardown.

    At teardown a server that died on its own (crash) fails the test, and the
    server logs are attached to the report.
    """
    servers: List[ArbiterServer] = []
    binary = require_arbiterd()

    def start(fsync: Optional[str] = None, extra_args: Sequence[str] = (), timeout: float = 10.0,
              client_options: Optional[dict] = None):
        server = ArbiterServer(binary, tmp_path / f"state{len(servers)}", tmp_path, fsync=fsync,
                               extra_args=extra_args, client_options=client_options)
        servers.append(server)
        server.start()
        return server.client(timeout=timeout), server

    yield start

    crashed = []
    for server in servers:
        if server.crashed:
            crashed.append(f"arbiterd ({server.state_dir}) exited on its own with code {server.proc.returncode}")
        server.close()
        for log in server.logs:
            if log.exists():
                request.node.add_report_section("teardown", f"log {log.name}", log.read_text(errors="replace")[-20000:])
    if crashed:
        pytest.fail("; ".join(crashed), pytrace=False)


@pytest.fixture
def arbiter(start_arbiter):
    """A fresh server with default options: (client, server)."""
    return start_arbiter()
