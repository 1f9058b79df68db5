"""Invalid executions are rejected with INVALID_ARGUMENT naming the field, and change nothing."""

import math

import numpy as np
import pytest

from arbiter_client import ArbiterError, ErrorCode
from support import snapshot
from reference_model import random_executions

NAN = math.nan

# (case id, fields to override, the field the error must name)
INVALID = [
    ("empty task_id", {"task_id": ""}, "task_id"),
    ("quality_score 11", {"quality_score": 11.0}, "quality_score"),
    ("quality_score negative", {"quality_score": -0.5}, "quality_score"),
    ("quality_score NaN", {"quality_score": NAN}, "quality_score"),
    ("stakeholder_satisfaction 0", {"stakeholder_satisfaction": 0.0}, "stakeholder_satisfaction"),
    ("stakeholder_satisfaction 6", {"stakeholder_satisfaction": 6.0}, "stakeholder_satisfaction"),
    ("negative actual_input_tokens", {"actual_input_tokens": -1}, "actual_input_tokens"),
    ("negative actual_output_tokens", {"actual_output_tokens": -20}, "actual_output_tokens"),
    ("negative predicted_input_tokens", {"predicted_input_tokens": -3}, "predicted_input_tokens"),
    ("negative predicted_output_tokens", {"predicted_output_tokens": -1}, "predicted_output_tokens"),
    ("NaN actual_cost", {"actual_cost": NAN}, "actual_cost"),
    ("NaN predicted_cost", {"predicted_cost": NAN}, "predicted_cost"),
    ("10000-char task_id", {"task_id": "t" * 10_000}, "task_id"),
    ("attempt 101", {"attempt": 101}, "attempt"),
]

# At the bounds of the contract: must be accepted.
VALID_EDGES = [
    ("quality_score 0", {"quality_score": 0.0}),
    ("quality_score 10", {"quality_score": 10.0}),
    ("stakeholder_satisfaction 1", {"stakeholder_satisfaction": 1.0}),
    ("stakeholder_satisfaction 5", {"stakeholder_satisfaction": 5.0}),
    ("stakeholder_satisfaction unset", {"stakeholder_satisfaction": None}),
    ("value_delivered unset", {"value_delivered": None}),
    ("zero tokens", {"predicted_input_tokens": 0, "predicted_output_tokens": 0,
                     "actual_input_tokens": 0, "actual_output_tokens": 0}),
    ("zero cost", {"actual_cost": 0.0, "predicted_cost": 0.0}),
    ("attempt 100", {"attempt": 100}),
]


def _good(seed=3, n=1, prefix="good"):
    return random_executions(np.random.default_rng(seed), n, id_prefix=f"{prefix}-{seed}")


@pytest.mark.parametrize("overrides,field", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_execution_is_rejected_naming_the_field(arbiter, overrides, field):
    client, _ = arbiter
    client.record_executions(_good(n=10))
    before = snapshot(client)

    bad = dict(_good(seed=4)[0], execution_id="bad-1", **overrides)
    with pytest.raises(ArbiterError) as info:
        client.record_execution(bad)
    err = info.value
    assert err.code == ErrorCode.INVALID_ARGUMENT, err
    assert err.field.endswith(field), f"error field {err.field!r} does not name {field!r} ({err})"
    assert err.message, "error without a message"

    # the same item inside a batch, between two good ones
    good = _good(seed=5, n=2)
    res = client.record_executions([good[0], dict(bad, execution_id="bad-2"), good[1]])
    assert res.accepted == 2 and res.duplicates == 0
    assert len(res.rejected) == 1
    (rej,) = res.rejected
    assert rej.index == 1
    assert rej.error.code == ErrorCode.INVALID_ARGUMENT
    assert rej.error.field.endswith(field), rej.error.field
    assert list(res.execution_ids) == [good[0]["execution_id"], "", good[1]["execution_id"]]

    # nothing of the rejected item was stored: only the two good ones
    after = client.get_status()
    assert after.executions_stored == before["executions_stored"] + 2


@pytest.mark.parametrize("overrides,field", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_rejection_changes_no_state(arbiter, overrides, field):
    client, _ = arbiter
    client.record_executions(_good(n=10))
    before = snapshot(client)
    with pytest.raises(ArbiterError):
        client.record_execution(dict(_good(seed=6)[0], **overrides))
    assert snapshot(client) == before
    # the rejected id was not remembered either: a corrected version is new
    fixed = _good(seed=6)[0]
    assert client.record_execution(fixed).duplicate is False


@pytest.mark.parametrize("overrides", [c[1] for c in VALID_EDGES], ids=[c[0] for c in VALID_EDGES])
def test_bounds_are_accepted(arbiter, overrides):
    client, _ = arbiter
    ack = client.record_execution(dict(_good()[0], **overrides))
    assert ack.duplicate is False
    assert client.get_status().executions_stored == 1


@pytest.mark.parametrize("field", ["execution_id", "task_id", "domain", "assigned_model", "worker_id"])
def test_nul_in_a_string_is_refused_not_cut_short(arbiter, field):
    # protobuf-c hands strings over as C strings: unchecked, "run\0-1" and "run\0-2" both read as
    # "run", and the second was acknowledged as a duplicate of the first.
    client, _ = arbiter
    good = _good(seed=7, n=3)
    for suffix in ("-1", "-2"):
        with pytest.raises(ArbiterError) as info:
            client.record_execution(dict(good[0], **{field: good[0][field] + "\x00" + suffix}))
        assert info.value.code == ErrorCode.INVALID_ARGUMENT, info.value
        assert info.value.field == f"execution.{field}"
        assert "NUL" in info.value.message
    with pytest.raises(ArbiterError) as batch:
        client.record_executions([good[1], dict(good[2], **{field: "x\x00y"})])
    assert batch.value.code == ErrorCode.INVALID_ARGUMENT
    assert batch.value.field == f"executions[1].{field}"
    assert client.get_status().executions_stored == 0
    assert client.record_execution(good[0]).duplicate is False


def test_nul_in_a_task_to_rank_is_refused(arbiter):
    client, _ = arbiter
    task = {"task_id": "t", "priority": "P1", "domain": "infrastructure", "complexity": "complex"}
    for method in (client.rank_models, client.estimate_task):
        with pytest.raises(ArbiterError) as info:
            method(dict(task, domain="infrastructure\x00junk"))
        assert info.value.code == ErrorCode.INVALID_ARGUMENT
        assert info.value.field == "task.domain"
        assert method(task)  # still serving
