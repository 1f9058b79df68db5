#!/usr/bin/env python3
"""Load and fault tool: runs a real `arbiterd` on loopback and attacks it for a bounded time.

Phases (each on a fresh state directory):
  load     50 concurrent clients mixing record_execution and rank_models:
           throughput and latency percentiles.
  kills    clients record with retries (same execution_id) while the server is
           SIGKILLed at random moments and restarted; afterwards every
           acknowledged execution must be stored exactly once and the
           performance rows must equal a NumPy recount of the acknowledged set.
  corrupt  a torn WAL tail, a flipped byte in the newest snapshot, a flipped
           byte inside the WAL: start-up must recover every acknowledged
           execution or refuse with a clear message, never start with less.
  diskfull RLIMIT_FSIZE on the server: recording fails with RESOURCE_EXHAUSTED,
           ranking keeps working, nothing acknowledged is lost.
  stall    a client sends rank requests and never reads: the server's RSS
           stays bounded (high-water marks) and another client keeps being served.
  badinput random and mutated request frames, odd frame counts: each gets an
           error answer or none, and the server keeps serving.

    python Benchmarks/faults/arbiter_faults.py --short      # ~40 s, what the pytest test runs
    python Benchmarks/faults/arbiter_faults.py              # the long run (a few minutes)

Prints a summary ending with: requests survived, kills survived, records lost
(must be 0), bad inputs tried. Exits 1 when an invariant fails.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import zmq

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "clients" / "python" / "tests"))  # the NumPy reference model, the arbiterd launcher

from arbiter_client import ArbiterClient, ArbiterError, ErrorCode, pb, to_task_descriptor  # noqa: E402
from arbiterd_process import ArbiterdProcess  # noqa: E402
from reference_model import expected_rows, random_executions, row_mismatches  # noqa: E402

TASK = {"task_id": "fault-1", "priority": "P1", "domain": "infrastructure", "complexity": "complex"}


class Server(ArbiterdProcess):
    """One arbiterd on a state directory and a loopback port that restarts keep, with `--fsync always`."""

    def __init__(self, binary: Path, state_dir: Path, fsize_limit: Optional[int] = None):
        # The alert stream on a port the system picks: the default, the listen port + 1, may be
        # taken (by another process, or as the local end of some connection), and the tool reads
        # no alerts.
        super().__init__(binary, state_dir, fsync="always", extra_args=["--alerts", "tcp://127.0.0.1:*"],
                         preexec_fn=self._limit)
        self.fsize_limit = fsize_limit
        self.log = state_dir.parent / f"{state_dir.name}.log"

    def _limit(self) -> None:
        if self.fsize_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.fsize_limit, self.fsize_limit))

    def start(self) -> bool:
        """Starts and waits until get_status answers: True then; False if a restart exited first
        (as one refusing damaged state does).

        The first start takes a free port, and another while the process exits before answering
        (a port found free may be taken before the bind), and raises after five; restarts keep
        the port, which clients hold."""
        first = self.port is None
        ready = self.launch([None] * 5 if first else [self.port], lambda port: self.spawn(port, self.log, append=True),
                            30, probe_timeout=0.3)
        if ready is None:
            raise RuntimeError(f"arbiterd did not answer within 30 s; log {self.log}")
        if first and not ready:
            raise RuntimeError(f"arbiterd did not start on five ports: {self.log_tail()}")
        return ready

    def kill(self) -> None:
        if self.proc:
            self.signal_and_wait(signal.SIGKILL)

    def stop(self) -> None:
        if self.proc:
            self.signal_and_wait(signal.SIGTERM, 30)

    def rss_kib(self) -> int:
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def log_tail(self, chars: int = 2000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


@dataclass
class Report:
    requests: int = 0
    kills: int = 0
    records_lost: int = 0
    bad_inputs: int = 0
    failures: List[str] = field(default_factory=list)
    lines: List[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        print(text, flush=True)
        self.lines.append(text)

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.failures.append(what)
            self.say(f"  FAILED: {what}")


def percentiles(samples: List[float]) -> str:
    if not samples:
        return "no samples"
    a = np.array(samples) * 1e3
    return ", ".join(f"p{p:g} {np.percentile(a, p):.2f} ms" for p in (50, 90, 99, 99.9)) + f", max {a.max():.2f} ms"


# ---------------------------------------------------------------- load


def phase_load(binary: Path, work: Path, report: Report, clients: int, seconds: float) -> None:
    report.say(f"load: {clients} clients, {seconds:g} s, half record_execution, half rank_models")
    server = Server(binary, work / "load")
    server.start()
    latencies: Dict[str, List[float]] = {"record": [], "rank": []}
    errors: List[str] = []
    lock = threading.Lock()
    templates = random_executions(np.random.default_rng(3), 2_000, id_prefix="load")
    ready = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def worker(n: int) -> None:
        rng = random.Random(n)
        mine = {"record": [], "rank": []}
        with ArbiterClient(server.endpoint, timeout=30) as client:
            ready.wait()
            i = 0
            while time.monotonic() < stop_at[0]:
                kind = "record" if rng.random() < 0.5 else "rank"
                started = time.perf_counter()
                try:
                    if kind == "record":
                        client.record_execution(dict(templates[i % len(templates)], execution_id=f"load{n}-{i}"))
                        i += 1
                    else:
                        client.rank_models(TASK)
                except ArbiterError as error:
                    with lock:
                        errors.append(f"{kind}: {error}")
                    continue
                mine[kind].append(time.perf_counter() - started)
        with lock:
            for k in mine:
                latencies[k].extend(mine[k])

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    started = time.monotonic()
    stop_at[0] = started + seconds
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    total = sum(len(v) for v in latencies.values())
    report.requests += total
    report.say(f"  {total} calls in {elapsed:.1f} s: {total / elapsed:.0f} calls/s "
               f"({len(latencies['record'])} records, {len(latencies['rank'])} rankings), {len(errors)} errors")
    report.say(f"  record latency: {percentiles(latencies['record'])}")
    report.say(f"  rank latency:   {percentiles(latencies['rank'])}")
    with ArbiterClient(server.endpoint, timeout=10) as client:
        stored = client.get_status().executions_stored
    report.check(not errors, f"load: {len(errors)} calls failed, first: {errors[:1]}")
    report.check(stored == len(latencies["record"]), f"load: {stored} stored, {len(latencies['record'])} acknowledged")
    server.stop()


# ---------------------------------------------------------------- kills


def phase_kills(binary: Path, work: Path, report: Report, writers: int, per_writer: int, kills: int,
                rng: random.Random) -> None:
    report.say(f"kills: {writers} writers x {per_writer} executions with retries, {kills} SIGKILLs at random moments")
    server = Server(binary, work / "kills")
    server.start()
    # One model per writer: the running estimates (EMAs) depend on recording
    # order, which is fixed within one writer and arbitrary across writers.
    data = [random_executions(np.random.default_rng(100 + n), per_writer, id_prefix=f"kill{n}-",
                              models=[f"kill-model-{n}"]) for n in range(writers)]
    acked: List[List[str]] = [[] for _ in range(writers)]
    retries = [0] * writers
    done = threading.Event()
    failures: List[str] = []

    def writer(n: int) -> None:
        with ArbiterClient(server.endpoint, timeout=1.0, linger=0) as client:
            for execution in data[n]:
                while True:
                    try:
                        client.record_execution(execution)  # the same execution_id on every retry
                        acked[n].append(execution["execution_id"])
                        break
                    except ArbiterError as error:
                        if error.code != ErrorCode.UNAVAILABLE:
                            failures.append(f"writer {n}: {error}")
                            return
                        if done.is_set():  # the server could not be restarted: nothing will answer
                            return
                        retries[n] += 1
                        time.sleep(0.05)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    survived = 0
    for _ in range(kills):
        time.sleep(rng.uniform(0.1, 0.8))
        if all(not t.is_alive() for t in threads):
            break
        server.kill()
        time.sleep(rng.uniform(0.0, 0.3))
        if not server.start():
            report.check(False, f"kills: restart failed after SIGKILL: {server.log_tail()}")
            done.set()
            break
        survived += 1
    for t in threads:
        t.join(300)
    done.set()
    report.kills += survived
    report.requests += sum(len(a) for a in acked)
    report.check(not failures, f"kills: {failures[:3]}")
    everything = [e for batch in data for e in batch]
    acknowledged = {i for batch in acked for i in batch}
    report.check(len(acknowledged) == len(everything), f"kills: {len(acknowledged)} of {len(everything)} acknowledged")
    # One more restart from the final state, then the checks.
    server.kill()
    server.start()
    with ArbiterClient(server.endpoint, timeout=30) as client:
        stored = client.get_status().executions_stored
        lost = 0
        for e in everything:
            if e["execution_id"] in acknowledged and not client.record_execution(e).duplicate:
                lost += 1  # not present: recorded now, so it was lost before
        report.records_lost += lost
        problems = []
        for g in (None, ["model"]):
            problems += row_mismatches(client.get_performance(group_by=g), expected_rows(everything, g), label=f"{g}: ")
    report.say(f"  {survived} kills survived, {sum(retries)} retries, {len(acknowledged)} acknowledged, "
               f"{stored} stored, {lost} lost, {len(problems)} performance rows differ from the recount")
    report.check(stored == len(acknowledged), f"kills: {stored} stored but {len(acknowledged)} acknowledged (exactly once)")
    report.check(lost == 0, f"kills: {lost} acknowledged executions lost")
    report.check(not problems, f"kills: rows differ from the recount: {problems[:3]}")
    server.stop()


# ---------------------------------------------------------------- corruption


def _recorded_server(binary: Path, path: Path, n: int, snapshots: bool) -> tuple:
    server = Server(binary, path)
    server.start()
    data = random_executions(np.random.default_rng(7), n, id_prefix=path.name)
    with ArbiterClient(server.endpoint, timeout=30) as client:
        half = n // 2
        client.record_executions(data[:half])
        if snapshots:
            server.stop()  # a graceful stop writes a snapshot
            server.start()
        client.reconnect(server.endpoint)
        client.record_executions(data[half:])
    server.kill()
    return server, data


def _start_after_damage(server: Server, data: List[dict], report: Report, what: str) -> None:
    """Start-up must recover all of `data` or refuse with a message; never start with less."""
    if not server.start():
        tail = server.log_tail()
        clear = "cannot start" in tail and ("refusing" in tail or "corrupt" in tail or "checksum" in tail)
        report.say(f"  {what}: refused to start: {tail.strip().splitlines()[-1][:200]}")
        report.check(clear, f"corrupt: {what}: refused without a clear message: {tail[-500:]}")
        return
    with ArbiterClient(server.endpoint, timeout=30) as client:
        stored = client.get_status().executions_stored
        missing = sum(1 for e in data if not client.record_execution(e).duplicate)
    report.say(f"  {what}: recovered {stored} of {len(data)} acknowledged executions")
    report.records_lost += missing
    report.check(missing == 0, f"corrupt: {what}: started but lost {missing} acknowledged executions")
    server.stop()


def phase_corrupt(binary: Path, work: Path, report: Report, n: int) -> None:
    report.say("corrupt: torn WAL tail, flipped snapshot byte, flipped byte inside the WAL")
    # 1. A torn tail: half a record appended, as a crash mid-write leaves it.
    server, data = _recorded_server(binary, work / "torn", n, snapshots=False)
    wal = max(server.state_dir.glob("wal-*.log"))
    with open(wal, "ab") as f:
        f.write(os.urandom(37))
    _start_after_damage(server, data, report, "torn WAL tail")
    # 2. A byte of the newest snapshot flipped: the older snapshot and the log still hold everything.
    server, data = _recorded_server(binary, work / "snap", n, snapshots=True)
    server.start()
    server.stop()  # a second snapshot, so an older valid one exists
    snapshot = max(server.state_dir.glob("snapshot-*.snap"))
    raw = bytearray(snapshot.read_bytes())
    raw[len(raw) // 2] ^= 0x40
    snapshot.write_bytes(raw)
    _start_after_damage(server, data, report, "flipped byte in the newest snapshot")
    # 3. A byte inside the log flipped: an acknowledged record is damaged, so refusing is right.
    server, data = _recorded_server(binary, work / "walbyte", n, snapshots=False)
    wal = max(server.state_dir.glob("wal-*.log"))
    raw = bytearray(wal.read_bytes())
    raw[len(raw) // 3] ^= 0x01
    wal.write_bytes(raw)
    _start_after_damage(server, data, report, "flipped byte inside the WAL")


# ---------------------------------------------------------------- disk full


def phase_diskfull(binary: Path, work: Path, report: Report) -> None:
    limit = 256 << 10
    report.say(f"diskfull: RLIMIT_FSIZE {limit >> 10} KiB on the server")
    server = Server(binary, work / "full", fsize_limit=limit)
    server.start()
    data = random_executions(np.random.default_rng(9), 20_000, id_prefix="full")
    acked: List[dict] = []
    exhausted: Optional[ArbiterError] = None
    with ArbiterClient(server.endpoint, timeout=30) as client:
        for e in data:
            try:
                client.record_execution(e)
                acked.append(e)
            except ArbiterError as error:
                exhausted = error
                break
        report.check(exhausted is not None and exhausted.code == ErrorCode.RESOURCE_EXHAUSTED,
                     f"diskfull: expected RESOURCE_EXHAUSTED, got {exhausted!r}")
        ranked = 0
        for _ in range(200):
            ranked += bool(client.rank_models(TASK).models)
        report.requests += len(acked) + 200
        again = None
        try:
            client.record_execution(data[len(acked) + 1])
        except ArbiterError as error:
            again = error
        report.check(again is not None and again.code == ErrorCode.RESOURCE_EXHAUSTED,
                     f"diskfull: a later record should fail too, got {again!r}")
    report.say(f"  {len(acked)} recorded, then {exhausted.code.name if exhausted else None}: "
               f"{exhausted.message if exhausted else ''}; {ranked} of 200 rankings answered afterwards")
    report.check(ranked == 200, "diskfull: ranking stopped working")
    server.kill()
    server.fsize_limit = None
    server.start()
    with ArbiterClient(server.endpoint, timeout=30) as client:
        missing = sum(1 for e in acked if not client.record_execution(e).duplicate)
    report.records_lost += missing
    report.check(missing == 0, f"diskfull: {missing} acknowledged executions lost")
    server.stop()


# ---------------------------------------------------------------- stalled client


def phase_stall(binary: Path, work: Path, report: Report, requests: int) -> None:
    report.say(f"stall: a client sends {requests} rank requests and never reads its answers")
    server = Server(binary, work / "stall")
    server.start()
    rss_before = server.rss_kib()
    request = pb.Request(request_id=1)
    request.rank_models.task.CopyFrom(to_task_descriptor(TASK))
    payload = request.SerializeToString()
    context = zmq.Context()
    stalled = context.socket(zmq.DEALER)
    stalled.setsockopt(zmq.RCVHWM, 1)
    stalled.setsockopt(zmq.RCVBUF, 4096)
    stalled.setsockopt(zmq.SNDHWM, 0)
    stalled.setsockopt(zmq.LINGER, 0)
    stalled.connect(server.endpoint)
    peak = rss_before
    served: List[float] = []
    stop = threading.Event()

    def other() -> None:
        with ArbiterClient(server.endpoint, timeout=10) as client:
            while not stop.is_set():
                started = time.perf_counter()
                client.rank_models(TASK)
                served.append(time.perf_counter() - started)

    bystander = threading.Thread(target=other)
    bystander.start()
    for i in range(requests):
        stalled.send(payload)
        if i % 5000 == 0:
            peak = max(peak, server.rss_kib())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        peak = max(peak, server.rss_kib())
        time.sleep(0.1)
    stop.set()
    bystander.join()
    report.requests += len(served)
    report.say(f"  server RSS {rss_before / 1024:.1f} MiB before, peak {peak / 1024:.1f} MiB; "
               f"the other client got {len(served)} answers meanwhile ({percentiles(served)})")
    report.check(len(served) > 100, "stall: the other client was not served")
    report.check(peak - rss_before < 512 * 1024, f"stall: RSS grew by {(peak - rss_before) / 1024:.0f} MiB")
    report.check(server.proc.poll() is None, "stall: the server died")
    stalled.close()
    context.term()
    server.stop()


# ---------------------------------------------------------------- bad input


def phase_badinput(binary: Path, work: Path, report: Report, count: int, rng: random.Random) -> None:
    report.say(f"badinput: {count} random, mutated and oddly framed requests")
    server = Server(binary, work / "bad")
    server.start()
    valid: List[bytes] = []
    for i, e in enumerate(random_executions(np.random.default_rng(11), 20, id_prefix="bad")):
        r = pb.Request(request_id=i + 1)
        r.record_execution.execution.CopyFrom(_to_proto(e))
        valid.append(r.SerializeToString())
    r = pb.Request(request_id=99)
    r.rank_models.task.CopyFrom(to_task_descriptor(TASK))
    valid.append(r.SerializeToString())
    context = zmq.Context()
    sock = context.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(server.endpoint)
    answers = 0
    for i in range(count):
        kind = rng.random()
        if kind < 0.3:
            frames = [os.urandom(rng.randint(0, 300))]
        elif kind < 0.8:
            raw = bytearray(rng.choice(valid))
            for _ in range(rng.randint(1, 8)):
                op = rng.random()
                if op < 0.5 and raw:
                    raw[rng.randrange(len(raw))] = rng.randrange(256)
                elif op < 0.75:
                    raw[rng.randrange(len(raw) + 1):] = b""
                else:
                    pos = rng.randrange(len(raw) + 1)
                    raw[pos:pos] = os.urandom(rng.randint(1, 16))
            frames = [bytes(raw)]
        elif kind < 0.9:
            frames = [rng.choice(valid)] * rng.randint(2, 6)  # extra frames
        else:
            frames = [b"", b"", rng.choice(valid)]  # two delimiters
        sock.send_multipart(frames)
        while sock.poll(0):
            sock.recv()
            answers += 1
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and sock.poll(200):
        sock.recv()
        answers += 1
    sock.close()
    context.term()
    report.bad_inputs += count
    with ArbiterClient(server.endpoint, timeout=10) as client:
        alive = bool(client.rank_models(TASK).models)
    report.say(f"  {count} bad inputs sent, {answers} answers, server still serving: {alive}")
    report.check(alive and server.proc.poll() is None, "badinput: the server stopped serving")
    server.stop()


def _to_proto(execution: dict) -> "pb.TaskExecution":
    from arbiter_client import to_task_execution
    return to_task_execution(execution)


# ---------------------------------------------------------------- main


def run(binary: Path, short: bool, seed: int = 1, work: Optional[Path] = None) -> Report:
    rng = random.Random(seed)
    report = Report()
    own = work is None
    work = work or Path(tempfile.mkdtemp(prefix="arbiter-faults-"))
    try:
        phase_load(binary, work, report, clients=50, seconds=3 if short else 30)
        phase_kills(binary, work, report, writers=4 if short else 8, per_writer=400 if short else 6000,
                    kills=3 if short else 25, rng=rng)
        phase_corrupt(binary, work, report, n=200 if short else 5000)
        phase_diskfull(binary, work, report)
        phase_stall(binary, work, report, requests=20_000 if short else 200_000)
        phase_badinput(binary, work, report, count=2_000 if short else 50_000, rng=rng)
    finally:
        if own and not report.failures:
            shutil.rmtree(work, ignore_errors=True)
    report.say("")
    report.say(f"requests survived: {report.requests}")
    report.say(f"kills survived: {report.kills}")
    report.say(f"records lost: {report.records_lost}")
    report.say(f"bad inputs tried: {report.bad_inputs}")
    if report.failures:
        report.say(f"FAILED ({len(report.failures)}): work dir kept at {work}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arbiterd", default=os.environ.get("ARBITERD", str(REPO / ".build" / "debug" / "arbiterd")))
    parser.add_argument("--short", action="store_true", help="the quick run the pytest test makes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    report = run(Path(args.arbiterd), args.short, args.seed)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
