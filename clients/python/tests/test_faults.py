"""The load and fault tool (Benchmarks/faults/arbiter_faults.py) in its short mode.

Each phase starts its own real `arbiterd` and checks its invariants: nothing
acknowledged lost across SIGKILLs and damaged files, RESOURCE_EXHAUSTED on a
full disk with ranking still answered, bounded memory under a stalled client,
and a server that keeps serving after bad input.
"""

import importlib.util
import socket
import sys

from arbiter_client import ArbiterClient
import arbiterd_process
from arbiterd_process import free_port
from conftest import REPO_ROOT, require_arbiterd


def _tool():
    spec = importlib.util.spec_from_file_location("arbiter_faults", REPO_ROOT / "Benchmarks" / "faults" / "arbiter_faults.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_fault_tool_short_run_loses_nothing(tmp_path):
    report = _tool().run(require_arbiterd(), short=True, work=tmp_path)
    assert not report.failures, "\n".join(report.lines)
    assert report.records_lost == 0
    assert report.kills >= 1 and report.requests > 1000 and report.bad_inputs > 0


def test_fault_tool_servers_start_past_taken_ports(tmp_path, monkeypatch):
    """The tool's servers start although the first port found free is taken by the time the
    server binds it, and although the port after it (the default alert stream) is taken: each
    once made a phase run its clients against a server that had exited."""
    tool = _tool()
    held = []

    def hold(port):
        s = socket.socket()
        s.bind(("127.0.0.1", port))
        s.listen()
        held.append(s)

    taken = free_port()
    hold(taken)
    listen = free_port()
    while True:  # a free port whose successor is free too, to take it
        try:
            hold(listen + 1)
            break
        except OSError:
            listen = free_port()
    ports = iter([taken, listen])
    monkeypatch.setattr(arbiterd_process, "free_port", lambda: next(ports, None) or free_port())
    try:
        server = tool.Server(require_arbiterd(), tmp_path / "ports")
        assert server.start()
        assert server.port == listen
        with ArbiterClient(server.endpoint, timeout=10) as client:
            status = client.get_status()
        assert status.state_dir == str(tmp_path / "ports")
        assert status.alerts_endpoint not in ("", f"tcp://127.0.0.1:{listen + 1}")
        server.stop()
    finally:
        for s in held:
            s.close()
