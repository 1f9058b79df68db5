#!/usr/bin/env python3
"""Power cuts, not just `kill -9`: what an acknowledged execution survives.

`kill -9` keeps the page cache, so a crash test built on it never loses an unsynced write.
Here `arbiterd` runs with powerloss/powerloss.c preloaded, which journals every write,
truncation, flush, rename and unlink in its state directory. Writers record executions as
fast as they are acknowledged; at a random moment the server is SIGKILLed, and the state
directory is rebuilt as a power cut would have left it (powerloss/disk_model.py: file bytes
as of each file's last fsync/fdatasync, names as of the directory's last fsync, the newest
unflushed write torn at a random length). The server restarts on that, and every
acknowledged execution is recorded again with its id: `duplicate` says it was kept.

What must hold, per `--fsync` mode (README, Durability):
  always    nothing acknowledged is lost, at any crash point;
  interval  only executions acknowledged within the last flush interval (plus the flush's
            own time, --slack-ms) before the cut are lost;
  never     only executions acknowledged since the last flush (a rotation, a snapshot or a
            graceful stop) are lost: a graceful restart in each run is the last flush.

    python Benchmarks/faults/power_loss.py --cuts 30        # the long run
    python Benchmarks/faults/power_loss.py --short          # what the pytest test runs

Prints crash points tried, unflushed writes dropped, executions acknowledged and lost per
mode; exits 1 when an invariant fails.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "clients" / "python" / "tests"))
sys.path.insert(0, str(HERE / "powerloss"))

from arbiter_client import ArbiterClient, ArbiterError  # noqa: E402
from arbiterd_process import ArbiterdProcess  # noqa: E402
from disk_model import DiskModel  # noqa: E402


def build_shim(work: Path) -> Path:
    """Compiles the LD_PRELOAD layer with the system C compiler."""
    library = work / "powerloss.so"
    compiler = shutil.which("cc") or shutil.which("clang")  # Swift's toolchain brings clang
    assert compiler, "no C compiler (cc or clang) on PATH"
    subprocess.run([compiler, "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", str(library),
                    str(HERE / "powerloss" / "powerloss.c"), "-ldl", "-lpthread"], check=True)
    return library


class JournaledServer(ArbiterdProcess):
    """arbiterd with every file-system call in its state directory journaled."""

    def __init__(self, binary: Path, state_dir: Path, fsync: str, shim: Path, extra_args=()):
        super().__init__(binary, state_dir, fsync=fsync,
                         extra_args=["--alerts", "none", "--learning-interval", "off", *extra_args])
        self.shim = shim
        self.log = state_dir.parent / f"{state_dir.name}.log"
        self.journal: Optional[Path] = None
        self.run = 0

    def spawn(self, port: int, log: Path, append: bool = False) -> None:
        env = dict(os.environ, LD_PRELOAD=str(self.shim), POWERLOSS_DIR=str(self.state_dir),
                   POWERLOSS_JOURNAL=str(self.journal))
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(self.command(port), stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT, env=env)
        self.port = port

    def start_journaled(self) -> DiskModel:
        """Starts a run on the directory as it is now (all of it on disk) with a fresh journal."""
        self.run += 1
        self.journal = self.state_dir.parent / f"journal-{self.run}"
        self.journal.unlink(missing_ok=True)
        model = DiskModel(DiskModel.read_directory(self.state_dir))
        ports = [None] * 5 if self.port is None else [self.port]
        ready = self.launch(ports, lambda port: self.spawn(port, self.log), 30, probe_timeout=0.3)
        if not ready:
            raise RuntimeError(f"arbiterd did not start: {self.log.read_text(errors='replace')[-2000:]}")
        return model


class Writers:
    """Threads recording single executions as fast as the server acknowledges them."""

    def __init__(self, endpoint: str, prefix: str, count: int = 3):
        self.endpoint = endpoint
        self.prefix = prefix
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acked: Dict[str, float] = {}  # execution id → monotonic time of its acknowledgement
        self.threads = [threading.Thread(target=self._write, args=(i,), daemon=True) for i in range(count)]

    def __enter__(self) -> "Writers":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(10)

    def _write(self, writer: int) -> None:
        with ArbiterClient(self.endpoint, timeout=2.0, linger=0) as client:
            index = 0
            while not self.stop.is_set():
                execution_id = f"{self.prefix}-{writer}-{index}"
                try:
                    client.record_execution(execution(execution_id))
                except ArbiterError:
                    return  # the server is gone
                with self.lock:
                    self.acked[execution_id] = time.monotonic()
                index += 1


def execution(execution_id: str) -> dict:
    return {"execution_id": execution_id, "task_id": execution_id, "priority": "P1", "domain": "backend",
            "complexity": execution_id, "assigned_model": "sonnet-4.5", "success": True, "quality_score": 8.0,
            "actual_input_tokens": 1200, "actual_output_tokens": 400, "actual_cost": 0.01, "timestamp_ms": 1}


def kept(endpoint: str) -> set:
    """The execution ids the server holds: each execution has its own complexity, so each
    performance row grouped by complexity is one execution."""
    with ArbiterClient(endpoint, timeout=30.0) as client:
        return {row.complexity for row in client.get_performance(group_by=["complexity"])}


@dataclass
class ModeReport:
    mode: str
    cuts: int = 0
    acknowledged: int = 0
    lost: int = 0
    dropped_writes: int = 0
    torn: int = 0
    oldest_lost_ms: float = 0.0
    failures: List[str] = field(default_factory=list)


def run_mode(binary: Path, work: Path, shim: Path, mode: str, cuts: int, rng: random.Random,
             interval_ms: int, slack_ms: int, snapshot_mib: int) -> ModeReport:
    report = ModeReport(mode)
    state = work / mode / "state"
    state.mkdir(parents=True)
    extra = ["--fsync-interval-ms", str(interval_ms)] if mode == "interval" else []
    server = JournaledServer(binary, state, mode, shim, extra_args=[*extra, "--snapshot-mib", str(snapshot_mib)])
    for cut in range(cuts):
        model = server.start_journaled()
        graceful_at: Optional[float] = None
        with Writers(server.endpoint, f"{mode}{cut}") as writers:
            time.sleep(rng.uniform(0.2, 0.8))
            if mode == "never":
                # The last flush `never` makes: a graceful stop. Then a journaled run to cut.
                server.signal_and_wait(signal.SIGTERM, 30)
                writers.stop.set()
        if mode == "never":
            with writers.lock:
                graceful_at = time.monotonic()
                before_stop = dict(writers.acked)
            # A graceful stop flushes every write. (Not every unlink: the log segments a snapshot
            # made unneeded are removed without a directory flush, and one a power cut brings
            # back is ignored, as recovery starts from the newest snapshot.)
            model.replay(server.journal)
            if model.unflushed_writes():
                report.failures.append(f"cut {cut}: a graceful stop under --fsync never left "
                                       f"{model.unflushed_writes()} unflushed writes")
            model = server.start_journaled()
            with Writers(server.endpoint, f"{mode}{cut}b") as writers:
                time.sleep(rng.uniform(0.2, 0.8))
                server.signal_and_wait(signal.SIGKILL)
                cut_at = time.monotonic()
            acked = {**before_stop, **writers.acked}
        else:
            with Writers(server.endpoint, f"{mode}{cut}c") as writers:
                time.sleep(rng.uniform(0.05, 1.0))
                server.signal_and_wait(signal.SIGKILL)
                cut_at = time.monotonic()
            acked = dict(writers.acked)
        model.replay(server.journal)
        report.dropped_writes += model.unflushed_writes()
        image = model.crash_image(rng, tear=True)
        report.torn += 1 if model.unflushed_writes() else 0
        DiskModel.write_image(state, image)
        report.cuts += 1

        started = server.launch([server.port], lambda port: server.spawn(port, server.log), 30, probe_timeout=0.3)
        if not started:
            report.failures.append(f"cut {cut}: arbiterd refused the state a power cut left: "
                                   f"{server.log.read_text(errors='replace')[-1500:]}")
            break
        ids = sorted(acked)
        held = kept(server.endpoint)
        lost = [i for i in ids if i not in held]
        report.acknowledged += len(ids)
        report.lost += len(lost)
        ages = [(cut_at - acked[i]) * 1000 for i in lost]
        if ages:
            report.oldest_lost_ms = max(report.oldest_lost_ms, max(ages))
        if mode == "always" and lost:
            report.failures.append(f"cut {cut}: {len(lost)} acknowledged executions lost under --fsync always, e.g. {lost[:3]}")
        if mode == "interval":
            late = [i for i, age in zip(lost, ages) if age > interval_ms + slack_ms]
            if late:
                report.failures.append(f"cut {cut}: {len(late)} executions acknowledged more than "
                                       f"{interval_ms} + {slack_ms} ms before the cut were lost")
        if mode == "never" and graceful_at is not None:
            early = [i for i in lost if acked[i] <= graceful_at]
            if early:
                report.failures.append(f"cut {cut}: {len(early)} executions acknowledged before the graceful stop were lost")
        server.signal_and_wait(signal.SIGTERM, 30)
    server.signal_and_wait(signal.SIGKILL)
    return report


def run(binary: Path, work: Path, cuts: int, modes=("always", "interval", "never"), seed: int = 1,
        interval_ms: int = 200, slack_ms: int = 300, snapshot_mib: int = 1) -> List[ModeReport]:
    rng = random.Random(seed)
    shim = build_shim(work)
    reports = []
    for mode in modes:
        report = run_mode(binary, work, shim, mode, cuts, rng, interval_ms, slack_ms, snapshot_mib)
        print(f"{mode:>8}: {report.cuts} power cuts, {report.dropped_writes} unflushed writes dropped, "
              f"{report.acknowledged} executions acknowledged, {report.lost} lost"
              + (f" (the oldest {report.oldest_lost_ms:.0f} ms before its cut)" if report.lost else ""), flush=True)
        for failure in report.failures:
            print(f"  FAILED: {failure}", flush=True)
        reports.append(report)
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arbiterd", type=Path, default=Path(os.environ.get("ARBITERD", REPO / ".build/release/arbiterd")))
    parser.add_argument("--cuts", type=int, default=20, help="power cuts per --fsync mode")
    parser.add_argument("--short", action="store_true", help="4 cuts per mode")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="arbiter-powerloss-") as work:
        reports = run(args.arbiterd, Path(work), 4 if args.short else args.cuts, seed=args.seed)
    return 1 if any(r.failures for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
