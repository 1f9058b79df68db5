"""GetStatus reports the server and what it holds."""

import os

import numpy as np
import pytest

from reference_model import random_executions

FSYNC_MODES = ("always", "interval", "never")


def test_fresh_server_status(arbiter):
    client, server = arbiter
    st = client.get_status()
    assert st.version.strip(), "empty version"
    assert st.executions_stored == 0
    assert st.models == 0
    assert st.task_types == 0
    assert st.uptime_seconds >= 0
    assert st.fsync_mode in FSYNC_MODES, st.fsync_mode
    assert st.state_dir, "empty state_dir"
    assert os.path.realpath(st.state_dir) == os.path.realpath(server.state_dir)


@pytest.mark.parametrize("mode", FSYNC_MODES)
def test_fsync_mode_is_reported(start_arbiter, mode):
    client, _ = start_arbiter(fsync=mode)
    assert client.get_status().fsync_mode == mode


def test_counts_follow_the_data(arbiter):
    client, _ = arbiter
    data = random_executions(np.random.default_rng(8), 300)  # 3 models x 8 task types
    models = {e["assigned_model"] for e in data}
    task_types = {(e["priority"], e["domain"], e["complexity"]) for e in data}
    assert (len(models), len(task_types)) == (3, 8)

    client.record_executions(data[:1])
    st = client.get_status()
    assert (st.executions_stored, st.models, st.task_types) == (1, 1, 1)

    client.record_executions(data[1:])
    st = client.get_status()
    assert st.executions_stored == 300
    assert st.models == len(models)
    assert st.task_types == len(task_types)

    # a new model on a known task type adds a model, not a task type
    extra = dict(data[0], execution_id="extra-1", assigned_model="model-new")
    client.record_execution(extra)
    st = client.get_status()
    assert (st.executions_stored, st.models, st.task_types) == (301, 4, 8)

    # a new task type on a known model adds a task type
    extra = dict(data[0], execution_id="extra-2", complexity="very_complex")
    client.record_execution(extra)
    st = client.get_status()
    assert (st.executions_stored, st.models, st.task_types) == (302, 4, 9)


def test_uptime_grows(arbiter):
    import time

    client, _ = arbiter
    a = client.get_status().uptime_seconds
    time.sleep(1.1)
    b = client.get_status().uptime_seconds
    assert b > a and b - a < 60, (a, b)


def test_the_launcher_does_not_take_another_servers_answer_for_its_own(start_arbiter, tmp_path):
    """A port found free can be bound by a server started in parallel before ours binds it:
    whoever answers on it must report our state directory, or ours is stopped and started elsewhere."""
    from arbiterd_process import ArbiterdProcess

    _, first = start_arbiter()
    stand_in = tmp_path / "never-binds"
    stand_in.write_text("#!/bin/sh\nexec sleep 60\n")  # an arbiterd that has not bound its port yet
    stand_in.chmod(0o755)
    second = ArbiterdProcess(stand_in, tmp_path / "second-state")
    second.spawn(first.port, tmp_path / "second.log")
    assert second.wait_ready(timeout=20, probe_timeout=0.5) is False
    assert not second.running
