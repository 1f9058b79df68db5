"""State survives a graceful restart, and every acknowledged write survives SIGKILL (fsync=always)."""

import random
import signal
import threading
import time
import uuid

import numpy as np
import pytest

from arbiter_client import ArbiterClient, ArbiterError
from reference_model import assert_rows_match, expected_rows, random_executions, row_mismatches
from support import record_mixed, snapshot

GROUPINGS = (None, ["model"], ["model", "domain"], ["priority", "complexity"], ["complexity"])


@pytest.mark.parametrize("fsync", [None, "always", "interval", "never"])
def test_graceful_restart_keeps_everything(start_arbiter, fsync):
    client, server = start_arbiter(fsync=fsync)
    data = random_executions(np.random.default_rng(31), 300, id_prefix="restart")
    record_mixed(client, data[:200], np.random.default_rng(1))
    before = snapshot(client, GROUPINGS)

    code = server.restart(signal.SIGTERM)
    assert code == 0, f"arbiterd exited with {code} on SIGTERM (expected a graceful exit 0)"

    # Identical rows, bit for bit (running EMAs included), and the same counts.
    assert snapshot(client, GROUPINGS) == before
    for g in GROUPINGS:
        assert_rows_match(client.get_performance(group_by=g), expected_rows(data[:200], g))

    # Idempotency keys survived too, and recording continues where it stopped.
    assert client.record_execution(data[17]).duplicate is True
    record_mixed(client, data[200:], np.random.default_rng(2))
    assert client.get_status().executions_stored == 300
    assert_rows_match(client.get_performance(), expected_rows(data))

    # and a second restart
    assert server.restart() == 0
    assert_rows_match(client.get_performance(), expected_rows(data))


def test_restart_of_an_empty_server(arbiter):
    client, server = arbiter
    assert server.restart() == 0
    assert client.get_status().executions_stored == 0
    assert client.get_performance() == []


class _Writer(threading.Thread):
    """Records single executions as fast as the server acknowledges them."""

    def __init__(self, endpoint, executions):
        super().__init__(daemon=True)
        self.endpoint = endpoint
        self.executions = executions
        self.sent = []  # indexes handed to the socket
        self.acked = []  # indexes the server acknowledged
        self.error = None
        self.unexpected = None
        self.stop = threading.Event()

    def run(self):
        with ArbiterClient(self.endpoint, timeout=3.0, linger=0) as client:
            for i, e in enumerate(self.executions):
                if self.stop.is_set():
                    return
                self.sent.append(i)
                try:
                    ack = client.record_execution(e)
                except ArbiterError as err:  # the server died: UNAVAILABLE after the timeout
                    self.error = err
                    return
                except Exception as err:  # pragma: no cover - reported by the test
                    self.unexpected = err
                    return
                if ack.duplicate or ack.execution_id != e["execution_id"]:
                    self.unexpected = AssertionError(f"bad ack for {i}: {ack}")
                    return
                self.acked.append(i)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_loses_no_acknowledged_execution(start_arbiter, seed):
    client, server = start_arbiter(fsync="always")
    model = f"kill-{uuid.uuid4().hex[:8]}"
    data = random_executions(np.random.default_rng(seed), 20_000, id_prefix=f"kill{seed}", models=[model])

    writer = _Writer(server.endpoint, data)
    writer.start()
    rnd = random.Random(seed)
    deadline = time.monotonic() + 20
    while len(writer.acked) < 20:  # make sure a stream is under way
        assert writer.is_alive() and time.monotonic() < deadline, (
            f"writer stalled: {len(writer.acked)} acks, error={writer.error}, unexpected={writer.unexpected}")
        time.sleep(0.01)
    time.sleep(rnd.uniform(0.05, 1.5))
    server.kill()  # SIGKILL at a random moment
    writer.stop.set()
    writer.join(timeout=10)
    assert not writer.is_alive(), "writer did not notice the dead server"
    assert writer.unexpected is None, writer.unexpected

    acked = list(writer.acked)
    sent = list(writer.sent)
    assert acked and len(sent) - len(acked) <= 1, (len(sent), len(acked))
    in_flight = [i for i in sent if i not in set(acked)]  # sent, never acknowledged: may or may not be stored

    server.start()  # same state dir
    status = client.get_status()
    stored = status.executions_stored
    assert len(acked) <= stored <= len(sent), (
        f"{stored} stored but {len(acked)} were acknowledged and {len(sent)} sent")

    (row_total,) = client.get_performance(model=model, group_by=["model"])
    assert row_total.total_tasks == stored

    # The stored set is acked plus some of in_flight, in recording order; it must equal one candidate exactly.
    extra = stored - len(acked)
    candidates = [sorted(acked + list(c)) for c in _subsets(in_flight, extra)]
    failures = []
    for indexes in candidates:
        subset = [data[i] for i in indexes]
        problems = []
        for g in (None, ["model"], ["priority", "domain"]):
            problems += row_mismatches(client.get_performance(group_by=g), expected_rows(subset, g), label=f"{g}: ")
        if not problems:
            break
        failures.append(problems[:10])
    else:
        pytest.fail(f"rows after SIGKILL match no acknowledged superset (acked={len(acked)}, "
                    f"in flight={in_flight}):\n" + "\n".join(map(str, failures)))

    # Each acknowledged execution is there exactly once: re-recording all of them changes nothing.
    res = client.record_executions([data[i] for i in acked])
    assert (res.accepted, res.duplicates, len(res.rejected)) == (0, len(acked), 0)
    assert client.get_status().executions_stored == stored


def _subsets(items, k):
    from itertools import combinations
    return combinations(items, k)
