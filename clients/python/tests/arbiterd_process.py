"""Starts and stops one real `arbiterd`: the launcher shared by the test fixtures
(conftest.py) and the fault tool (Benchmarks/faults/arbiter_faults.py).

It holds no pytest: the fault tool runs without it. Each user decides what a
server that never answers means (a failed test, an exception).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Sequence

from arbiter_client import ArbiterClient, ArbiterError


def free_port() -> int:
    """A loopback TCP port nothing listens on now (another process may take it before use)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ArbiterdProcess:
    """One `arbiterd` process on a state directory, restartable on that directory."""

    def __init__(self, binary: Path, state_dir: Path, fsync: Optional[str] = None,
                 extra_args: Sequence[str] = (), client_options: Optional[dict] = None,
                 preexec_fn: Optional[Callable[[], None]] = None):
        self.binary = binary
        self.state_dir = state_dir
        self.fsync = fsync
        self.extra_args = list(extra_args)
        self.client_options = dict(client_options or {})  # e.g. CURVE keys for every client
        self.preexec_fn = preexec_fn  # runs in the child before exec, e.g. to set an rlimit
        self.port: Optional[int] = None
        self.proc: Optional[subprocess.Popen] = None
        self.state_dir.mkdir(parents=True, exist_ok=True)

    @property
    def endpoint(self) -> str:
        assert self.port is not None, "server was never started"
        return f"tcp://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def command(self, port: int) -> List[str]:
        cmd = [str(self.binary), "--listen", f"tcp://127.0.0.1:{port}", "--state-dir", str(self.state_dir)]
        if self.fsync:
            cmd += ["--fsync", self.fsync]
        return cmd + self.extra_args

    def spawn(self, port: int, log: Path, append: bool = False) -> None:
        """Starts the process on `port`, its output going to `log`; does not wait for it."""
        with open(log, "ab" if append else "wb") as out:
            self.proc = subprocess.Popen(self.command(port), stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT, preexec_fn=self.preexec_fn)
        self.port = port

    def launch(self, ports: Iterable[Optional[int]], spawn: Callable[[int], None], timeout: float,
               probe_timeout: float) -> Optional[bool]:
        """Starts the server with `spawn(port)` on each of `ports` in turn (None: a free one, found
        when its turn comes) until it answers for this state directory: True then. False when
        every try exited first or found another server on its port (a port found free may be
        taken before the bind, and arbiterd exits when its request or alert port is taken); None
        when a try did neither within `timeout` (that process is left running)."""
        for attempt, port in enumerate(ports):
            if attempt:
                time.sleep(0.2)
            spawn(free_port() if port is None else port)
            ready = self.wait_ready(timeout, probe_timeout)
            if ready is not False:
                return ready
        return False

    def wait_ready(self, timeout: float, probe_timeout: float) -> Optional[bool]:
        """True once get_status answers for this state directory; False if the process exited
        first, or another server answered on the port (one started in parallel took the port
        between free_port() and this bind: this process is stopped, start it on another port);
        None when neither happened within `timeout` (the process is left running)."""
        deadline = time.monotonic() + timeout
        with ArbiterClient(self.endpoint, timeout=probe_timeout, linger=0, **self.client_options) as probe:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    return False
                try:
                    status = probe.get_status()
                except ArbiterError:
                    time.sleep(0.05)
                    continue
                if status.state_dir == str(self.state_dir):
                    return True
                self.signal_and_wait(signal.SIGKILL)
                return False
        return None

    def signal_and_wait(self, sig: int = signal.SIGTERM, timeout: Optional[float] = None) -> bool:
        """Sends `sig` unless the process has exited, and waits for the exit; False when it
        outlived `timeout` and was killed."""
        assert self.proc is not None, "never started"
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return False
        return True
