"""Graduation as one durable unit: a crash anywhere in its write-ahead-log bytes leaves the test
graduated with its `ab_graduation` adjustment, or neither.

The server is killed (SIGKILL) right after graduating; then, for every record boundary, the
middle of every record the graduation appended and the end of each part framed inside one (the
graduation record holds the test and the adjustment, each with its own checksum), a copy of the
state directory is cut there (a torn final write) and a fresh server recovers it.
"""
import shutil
import struct

import numpy as np

from ab_support import run_tasks
from arbiter_client import abpb, learning_pb
from conftest import ArbiterServer

TASK = {"priority": "P1", "domain": "backend", "complexity": "medium"}


def create_winning_test(client, test_id):
    """A multipliers test whose treatment clearly delivers more value per dollar."""
    client.create_ab_test({
        "test_id": test_id,
        "control": {"name": "original_multipliers"},
        "treatment": {"name": "learned_multipliers"},
        "assignment_ratio": 0.5, "assignment_ratio": 0.5, "min_samples": 20,
    })

    def outcome(variant, top, rng):
        cost = float(rng.uniform(0.01, 0.03))
        vpd = rng.normal(2000 if variant == "control" else 2600, 200)
        return dict(actual_cost=cost, value_delivered=float(max(vpd, 0) * cost), quality_score=float(rng.uniform(7, 8)),
                    success=True, execution_time_seconds=30.0)

    run_tasks(client, TASK, 120, outcome, np.random.default_rng(5), test_id)
    analysis = client.analyze_ab_test(test_id)
    assert (analysis.verdict, analysis.winner) == ("winner", "treatment"), analysis.notes


def last_segment(state_dir):
    return max(state_dir.glob("wal-*.log"), key=lambda p: int(p.stem.split("-")[1]))


def record_spans(data, start):
    """(offset, end) of each framed record from `start` on."""
    spans = []
    offset = start
    while offset + 8 <= len(data):
        (length,) = struct.unpack_from("<I", data, offset)
        end = offset + 8 + length
        spans.append((offset, end))
        offset = end
    assert offset == len(data)
    return spans


def part_ends(data, offset, end):
    """Ends of the frames inside the record at `offset` when it is a graduation (kind 11)."""
    ends = []
    part = offset + 9
    while data[offset + 8] == 11 and part + 8 <= end:
        (length,) = struct.unpack_from("<I", data, part)
        part += 8 + length
        ends.append(part)
    return ends


def graduation_state(server):
    with server.client() as client:
        test = client.get_ab_test("grad")
        adjustments = [a for a in client.list_adjustments(parameter_type="ab_graduation") if a.parameter_name == "ab_test_grad"]
    return test, adjustments


def test_a_torn_graduation_keeps_test_and_adjustment_consistent(start_arbiter, tmp_path):
    client, server = start_arbiter()
    create_winning_test(client, "grad")
    wal = last_segment(server.state_dir)
    before = wal.stat().st_size
    client.graduate_ab_test("grad")
    server.kill()
    data = wal.read_bytes()
    spans = record_spans(data, before)
    assert spans, "graduation appended nothing"

    cuts = sorted({end for _, end in spans} | {(offset + end) // 2 for offset, end in spans}
                  | {cut for offset, end in spans for cut in part_ends(data, offset, end)})
    assert len(cuts) > 2 * len(spans), "the graduation record holds no framed parts"
    for cut in cuts:
        copy = tmp_path / f"cut-{cut}"
        shutil.copytree(server.state_dir, copy, ignore=shutil.ignore_patterns("LOCK"))
        with open(copy / wal.name, "r+b") as f:
            f.truncate(cut)
        recovered = ArbiterServer(server.binary, copy, tmp_path)
        try:
            recovered.start()
            test, adjustments = graduation_state(recovered)
        finally:
            recovered.close()
        graduated = test.status == abpb.AB_TEST_GRADUATED
        assert graduated == bool(adjustments), (
            f"cut at byte {cut} of {len(data)} (graduation from {before}): test status {test.status}, "
            f"{len(adjustments)} ab_graduation adjustment(s)")
        if graduated:
            [adjustment] = adjustments
            assert adjustment.status == learning_pb.ADJUSTMENT_STATUS_APPLIED
            assert test.graduated_variant == "treatment"
        else:
            assert test.status == abpb.AB_TEST_ACTIVE
        # The whole log is the graduation, acknowledged.
        assert cut != len(data) or graduated
