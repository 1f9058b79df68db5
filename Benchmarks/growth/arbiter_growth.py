#!/usr/bin/env python3
"""What one client can make a real `arbiterd` hold and answer: prints figures, asserts nothing.

  labels   executions each with a new complexity and domain (so a new task type): resident
           memory per execution, then a learning run over them (time, report size, alerts), the
           sizes of the unfiltered get_performance and list_adjustments answers, and rank_models
           latency alone and while another client asks for every adjustment in a loop.
  abtests  A/B tests created in a loop, executions carrying their ids: the CPU of a learning
           run, whose A/B step and full alert pass analyse every test.

    python Benchmarks/growth/arbiter_growth.py --arbiterd .build/release/arbiterd [--executions 100000] [--label-bytes 1] [--tests 2000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "clients" / "python" / "tests"))  # the arbiterd launcher

from arbiter_client import ArbiterClient  # noqa: E402
from arbiterd_process import ArbiterdProcess  # noqa: E402

AS_OF_MS = 1_790_000_000_000
DAY_MS = 86_400_000


class Server(ArbiterdProcess):
    def __init__(self, binary: Path, state_dir: Path):
        super().__init__(binary, state_dir, fsync="never", extra_args=["--alerts", "none", "--learning-interval", "off"])
        self.log = state_dir.parent / "arbiterd.log"

    def start(self) -> None:
        if not self.launch([None] * 5, lambda port: self.spawn(port, self.log), 30, probe_timeout=0.3):
            raise RuntimeError(f"arbiterd did not start; log {self.log}")

    def stop(self) -> None:
        self.signal_and_wait(timeout=30)

    def status_field(self, field: str) -> int:
        with open(f"/proc/{self.proc.pid}/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith(field))

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / 100


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


@contextmanager
def running(binary: Path):
    """A fresh server on a temporary state directory and a client with a generous timeout."""
    with tempfile.TemporaryDirectory(prefix="arbiter-growth-") as directory:
        server = Server(binary, Path(directory) / "state")
        server.start()
        try:
            yield server, ArbiterClient(server.endpoint, timeout=600.0)
        finally:
            server.stop()


def labels(binary: Path, executions: int, label_bytes: int) -> None:
    with running(binary) as (server, client):
        empty = server.status_field("VmRSS:")
        pad = "x" * label_bytes
        for base in range(0, executions, 10_000):
            client.record_executions([dict(
                execution_id=f"e{base + i}", task_id="t", priority="P2", domain=f"{pad}-d{base + i}",
                complexity=f"{pad}-c{base + i}", predicted_value_score=50, predicted_input_tokens=1000,
                predicted_output_tokens=500, assigned_model="test-model", actual_input_tokens=1500,
                actual_output_tokens=800, actual_cost=0.5, success=True, quality_score=7,
                timestamp_ms=AS_OF_MS - DAY_MS) for i in range(min(10_000, executions - base))])
        stored = server.status_field("VmRSS:")
        print(f"labels: {executions} executions, each a new complexity and domain ({label_bytes}-byte padding): "
              f"resident {stored / 2**20:.0f} MiB (empty {empty / 2**20:.0f} MiB), "
              f"{(stored - empty) / executions:.0f} bytes per execution")
        report, seconds = timed(lambda: client.run_learning(AS_OF_MS))
        logged = len(client.list_adjustments())
        alerts = client.list_alerts(kinds=["adjustment_drift"], limit=1000)
        print(f"labels: run_learning {seconds:.2f} s, peak resident {server.status_field('VmHWM:') / 2**20:.0f} MiB, "
              f"{logged} adjustments logged, report {report.ByteSize()} bytes listing {len(report.adjustments)}, "
              f"{len(alerts.alerts)} drift alerts")
        rows, seconds = timed(client.get_performance)
        print(f"labels: get_performance without filters {seconds:.2f} s, {len(rows)} rows, "
              f"{sum(row.ByteSize() for row in rows)} bytes")
        adjustments, seconds = timed(client.list_adjustments)
        print(f"labels: list_adjustments {seconds:.2f} s, {len(adjustments)} adjustments, "
              f"{sum(a.ByteSize() for a in adjustments)} bytes")
        alone = rank_latencies(server.endpoint)
        # Another process asks for every adjustment over and over, reading the bytes undecoded.
        hog = subprocess.Popen([sys.executable, "-c", LIST_ADJUSTMENTS_LOOP, str(REPO / "clients" / "python"), server.endpoint])
        time.sleep(2)
        try:
            loaded = rank_latencies(server.endpoint)
        finally:
            hog.kill()
            hog.wait()
        for name, latencies in [("alone", alone), ("while another client loops list_adjustments", loaded)]:
            print(f"labels: rank_models {name}: p50 {latencies[len(latencies) // 2] * 1e6:.0f} µs, "
                  f"p99.9 {latencies[int(len(latencies) * 0.999)] * 1e6:.0f} µs, max {latencies[-1] * 1e6:.0f} µs")


LIST_ADJUSTMENTS_LOOP = """
import sys, zmq
sys.path.insert(0, sys.argv[1])
from arbiter_client import pb
request = pb.Request(request_id=1)
request.list_adjustments.SetInParent()
socket = zmq.Context().socket(zmq.DEALER)
socket.connect(sys.argv[2])
while True:
    socket.send(request.SerializeToString())
    socket.recv()
"""


def rank_latencies(endpoint: str, calls: int = 3000) -> list:
    """Seconds per rank_models call, sorted."""
    task = {"task_id": "growth", "priority": "P1", "domain": "backend", "complexity": "medium"}
    latencies = []
    with ArbiterClient(endpoint, timeout=60.0) as client:
        for _ in range(calls):
            start = time.perf_counter()
            client.rank_models(task)
            latencies.append(time.perf_counter() - start)
    return sorted(latencies)


def abtests(binary: Path, tests: int, executions: int) -> None:
    with running(binary) as (server, client):
        for i in range(tests):
            client.create_ab_test({
                "test_id": f"ab-{i}", "assignment_ratio": 0.5,
                "control": {"name": f"c{i}", "preferred_model": "gpt-5"},
                "treatment": {"name": f"t{i}", "preferred_model": "gpt-5"}})
        now = int(time.time() * 1000) + 1000
        for base in range(0, executions, 10_000):
            client.record_executions([dict(
                execution_id=f"e{base + i}", task_id=f"t{base + i}", priority="P2", domain="backend",
                complexity="medium", assigned_model="test-model", actual_cost=0.5, success=True, quality_score=7,
                timestamp_ms=now - 500, ab_test_id=f"ab-{(base + i) % tests}", ab_variant="control")
                for i in range(min(10_000, executions - base))])
        cpu = server.cpu_seconds()
        _, seconds = timed(lambda: client.run_learning(now + 1000))
        print(f"abtests: run_learning with {tests} tests over {executions} executions: {seconds:.2f} s, "
              f"server CPU {server.cpu_seconds() - cpu:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arbiterd", type=Path, default=REPO / ".build" / "release" / "arbiterd")
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--label-bytes", type=int, default=1)
    parser.add_argument("--tests", type=int, default=2000)
    parser.add_argument("--ab-executions", type=int, default=200_000)
    args = parser.parse_args()
    labels(args.arbiterd, args.executions, args.label_bytes)
    abtests(args.arbiterd, args.tests, args.ab_executions)


if __name__ == "__main__":
    main()
