"""Recorded data vs aggregates and running estimates recomputed independently."""

import numpy as np
import pytest

from arbiter_client import pb
from reference_model import MODELS, assert_rows_match, expected_rows, random_executions
from support import record_mixed

GROUPINGS = [
    None,  # default: all four
    [],
    ["model"],
    ["priority"],
    ["domain"],
    ["complexity"],
    ["model", "domain"],
    ["domain", "model"],  # order does not matter
    ["priority", "complexity"],
    ["model", "priority", "domain"],
    ["complexity", "priority", "domain", "model"],  # all four, explicitly
    ["MODEL", "Complexity"],  # names are case-insensitive in the client
    [pb.PRIORITY, pb.DOMAIN],  # enum ints
]
FILTERS = [
    {},
    {"model": "model-b"},
    {"domain": "frontend"},
    {"model": "model-a", "priority": "P1"},
    {"complexity": "simple", "domain": "backend"},
    {"model": "model-c", "priority": "P0", "domain": "backend", "complexity": "complex"},
    {"model": "no-such-model"},
]


@pytest.fixture(scope="module")
def executions():
    rng = np.random.default_rng(20240611)
    data = random_executions(rng, 500)
    # the data really covers the awkward cases the reference has to skip
    assert any(e["predicted_input_tokens"] == 0 for e in data)
    assert any(e["predicted_output_tokens"] == 0 for e in data)
    assert any(e["value_delivered"] is None for e in data)
    assert any(e["actual_cost"] == 0 for e in data)
    assert len({(e["assigned_model"], e["priority"], e["domain"], e["complexity"]) for e in data}) == 24
    return data


def test_aggregates_match_numpy(arbiter, executions):
    client, _ = arbiter
    record_mixed(client, executions, np.random.default_rng(7))
    assert client.get_status().executions_stored == len(executions)

    for group_by in GROUPINGS:
        for filters in FILTERS:
            rows = client.get_performance(group_by=group_by, **filters)
            want = expected_rows(executions, group_by, **filters)
            assert_rows_match(rows, want, rel=1e-9, label=f"group_by={group_by} filters={filters}: ")


def test_running_only_when_grouped_by_all_four(arbiter, executions):
    client, _ = arbiter
    client.record_executions(executions[:100])
    for group_by in (None, [], ["model", "priority", "domain", "complexity"]):
        rows = client.get_performance(group_by=group_by)
        assert rows and all(r.HasField("running") for r in rows), group_by
    for group_by in (["model"], ["model", "priority", "domain"], ["complexity"]):
        rows = client.get_performance(group_by=group_by)
        assert rows and not any(r.HasField("running") for r in rows), group_by


def test_running_estimates_follow_recording_order(arbiter):
    """Same executions, EMAs depend on order: checked after every single step for one group."""
    client, _ = arbiter
    rng = np.random.default_rng(99)
    data = random_executions(rng, 40, models=["solo"], priorities=["P2"], domains=["infra"], complexities=["medium"])
    data[0]["value_delivered"] = None  # cost efficiency must start at its own first observation
    data[1]["actual_cost"] = 0.0
    for n, e in enumerate(data, start=1):
        client.record_execution(e)
        if n in (1, 2, 3, 5, 10, 40):
            assert_rows_match(client.get_performance(), expected_rows(data[:n]), label=f"after {n}: ")


def test_confidence_saturates(arbiter):
    client, _ = arbiter
    rng = np.random.default_rng(5)
    data = random_executions(rng, 120, models=["m"], priorities=["P0"], domains=["d"], complexities=["c"])
    client.record_executions(data)
    (row,) = client.get_performance()
    assert row.running.total_tasks == 120
    assert row.running.confidence == pytest.approx(0.95, rel=1e-12)
    assert_rows_match([row], expected_rows(data))


def test_empty_server_has_no_rows(arbiter):
    client, _ = arbiter
    for group_by in (None, ["model"], ["priority", "complexity"]):
        assert client.get_performance(group_by=group_by) == []


@pytest.mark.parametrize("model", MODELS)
def test_filter_by_each_model(arbiter, executions, model):
    client, _ = arbiter
    client.record_executions(executions)
    rows = client.get_performance(model=model, group_by=["model"])
    assert_rows_match(rows, expected_rows(executions, ["model"], model=model))
    assert len(rows) == 1 and rows[0].model == model
    # None is no filter, as for rank_models' optional arguments (an argparse default, say).
    assert client.get_performance(model=model, priority=None, domain=None, complexity=None, group_by=["model"]) == rows
