"""execution_id is an idempotency key; an empty one is replaced by a UUID."""

import uuid

import numpy as np

from reference_model import assert_rows_match, expected_rows, random_executions
from support import snapshot


def _data(n=20, seed=1):
    return random_executions(np.random.default_rng(seed), n)


def test_same_id_twice_is_a_duplicate_and_changes_nothing(arbiter):
    client, _ = arbiter
    data = _data()
    client.record_executions(data)
    before = snapshot(client)

    again = client.record_execution(data[3])
    assert again.duplicate is True
    assert again.execution_id == data[3]["execution_id"]

    # Same id with different content: still a duplicate, the first version stays.
    changed = dict(data[4], quality_score=0.0, success=not data[4]["success"], assigned_model="model-z")
    ack = client.record_execution(changed)
    assert ack.duplicate is True and ack.execution_id == data[4]["execution_id"]

    assert snapshot(client) == before
    assert_rows_match(client.get_performance(), expected_rows(data))


def test_first_record_is_not_a_duplicate(arbiter):
    client, _ = arbiter
    e = _data(1)[0]
    ack = client.record_execution(e)
    assert ack.duplicate is False
    assert ack.execution_id == e["execution_id"]
    assert client.get_status().executions_stored == 1


def test_duplicates_in_batches(arbiter):
    client, _ = arbiter
    data = _data(10)
    client.record_executions(data[:5])
    before = client.get_status().executions_stored

    # [dup of stored, new, dup of stored, new, same new again within the batch]
    batch = [data[0], data[5], data[1], data[6], data[5]]
    res = client.record_executions(batch)
    assert list(res.rejected) == []
    assert res.accepted == 2
    assert res.duplicates == 3
    assert list(res.execution_ids) == [e["execution_id"] for e in batch]
    assert client.get_status().executions_stored == before + 2
    assert_rows_match(client.get_performance(), expected_rows(data[:7]))

    # the whole batch again: all duplicates
    res = client.record_executions(batch)
    assert (res.accepted, res.duplicates) == (0, len(batch))
    assert client.get_status().executions_stored == before + 2


def test_empty_execution_id_gets_a_uuid(arbiter):
    client, _ = arbiter
    a, b = _data(2)
    a["execution_id"] = ""
    del b["execution_id"]  # unset is the same as empty in proto3

    ack_a = client.record_execution(a)
    ack_b = client.record_execution(b)
    for ack in (ack_a, ack_b):
        assert ack.duplicate is False
        assert ack.execution_id, "server returned no execution id"
        uuid.UUID(ack.execution_id)  # raises if not a UUID string
    assert ack_a.execution_id != ack_b.execution_id
    assert client.get_status().executions_stored == 2

    # The generated id is a real key: recording it again is a duplicate.
    again = client.record_execution(dict(a, execution_id=ack_a.execution_id))
    assert again.duplicate is True
    assert client.get_status().executions_stored == 2


def test_empty_ids_in_a_batch_get_distinct_uuids(arbiter):
    client, _ = arbiter
    data = _data(5)
    for e in data:
        e["execution_id"] = ""
    res = client.record_executions(data)
    assert (res.accepted, res.duplicates) == (5, 0)
    ids = list(res.execution_ids)
    assert len(set(ids)) == 5
    for i in ids:
        uuid.UUID(i)
    assert client.get_status().executions_stored == 5
