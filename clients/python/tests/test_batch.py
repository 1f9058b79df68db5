"""RecordExecutions: good items are kept, bad ones rejected by index; the size limit."""

import math

import numpy as np
import pytest

from arbiter_client import ArbiterError, ErrorCode
from reference_model import assert_rows_match, expected_rows, random_executions
from support import snapshot

BATCH_LIMIT = 10_000  # the server's default maximum batch size


def test_mixed_batch(arbiter):
    client, _ = arbiter
    data = random_executions(np.random.default_rng(11), 12, id_prefix="mixed")
    client.record_executions(data[:2])  # stored before: items 0 and 1

    batch = [
        data[2],                                   # 0 accepted
        dict(data[3], task_id=""),                 # 1 rejected: task_id
        data[0],                                   # 2 duplicate (stored before)
        data[4],                                   # 3 accepted
        dict(data[5], quality_score=11.0),         # 4 rejected: quality_score
        data[2],                                   # 5 duplicate (earlier in this batch)
        dict(data[6], actual_cost=math.nan),       # 6 rejected: actual_cost
        dict(data[7], actual_output_tokens=-1),    # 7 rejected: actual_output_tokens
        data[8],                                   # 8 accepted
        data[1],                                   # 9 duplicate (stored before)
    ]
    res = client.record_executions(batch)
    assert res.accepted == 3
    assert res.duplicates == 3
    rejected = {r.index: r.error for r in res.rejected}
    assert sorted(rejected) == [1, 4, 6, 7], res.rejected
    for index, field in ((1, "task_id"), (4, "quality_score"), (6, "actual_cost"), (7, "actual_output_tokens")):
        err = rejected[index]
        assert err.code == ErrorCode.INVALID_ARGUMENT, (index, err)
        assert err.field.endswith(field), (index, err.field)
    ids = list(res.execution_ids)
    assert len(ids) == len(batch)
    for i, e in enumerate(batch):
        assert ids[i] == ("" if i in rejected else e["execution_id"]), (i, ids[i])

    stored = [data[i] for i in (0, 1, 2, 4, 8)]
    assert client.get_status().executions_stored == len(stored)
    # recording order: data[0], data[1] first, then the accepted batch items in order
    assert_rows_match(client.get_performance(), expected_rows(stored))
    for g in (["model"], ["domain", "complexity"]):
        assert_rows_match(client.get_performance(group_by=g), expected_rows(stored, g))


def test_a_batch_of_only_bad_items_stores_nothing(arbiter):
    client, _ = arbiter
    client.record_executions(random_executions(np.random.default_rng(1), 5))
    before = snapshot(client)
    bad = [dict(e, task_id="") for e in random_executions(np.random.default_rng(2), 4, id_prefix="bad")]
    res = client.record_executions(bad)
    assert (res.accepted, res.duplicates) == (0, 0)
    assert [r.index for r in res.rejected] == [0, 1, 2, 3]
    assert list(res.execution_ids) == [""] * 4
    assert snapshot(client) == before


def test_empty_batch(arbiter):
    client, _ = arbiter
    res = client.record_executions([])
    assert (res.accepted, res.duplicates, len(res.rejected), len(res.execution_ids)) == (0, 0, 0, 0)
    assert client.get_status().executions_stored == 0


def _small(n, prefix):
    # small items keep the frame well under any frame-size limit
    return [{"execution_id": f"{prefix}-{i}", "task_id": f"t{i}", "assigned_model": "m",
             "priority": "P1", "domain": "d", "complexity": "c", "quality_score": 5.0,
             "timestamp_ms": 1_700_000_000_000 + i} for i in range(n)]


def test_batch_over_the_limit_is_refused_whole(arbiter):
    client, _ = arbiter
    client.record_executions(_small(3, "before"))
    before = snapshot(client)
    with pytest.raises(ArbiterError) as info:
        client.record_executions(_small(BATCH_LIMIT + 1, "big"))
    err = info.value
    assert err.code in (ErrorCode.RESOURCE_EXHAUSTED, ErrorCode.INVALID_ARGUMENT), err
    assert err.field == "executions", err
    assert snapshot(client) == before
    # none of its items was stored: a single one of them is new
    assert client.record_execution(_small(1, "big")[0]).duplicate is False


def test_batch_at_the_limit_is_accepted(arbiter):
    client, _ = arbiter
    res = client.record_executions(_small(BATCH_LIMIT, "limit"))
    assert (res.accepted, res.duplicates, len(res.rejected)) == (BATCH_LIMIT, 0, 0)
    assert client.get_status().executions_stored == BATCH_LIMIT
    (row,) = client.get_performance()
    assert row.total_tasks == BATCH_LIMIT
