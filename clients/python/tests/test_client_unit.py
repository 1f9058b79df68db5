"""The Python client against a scripted in-process ROUTER (no arbiterd needed)."""

import threading
import time

import pytest
import zmq

from arbiter_client import (
    ArbiterClient, ArbiterError, ErrorCode, pb, to_dimensions, to_task_descriptor, to_task_execution,
)


class FakeServer:
    """A ROUTER on a random port; `handler(request) -> list[Response]` scripts the answers."""

    def __init__(self, handler):
        self.handler = handler
        self.requests = []
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.ROUTER)
        self.sock.setsockopt(zmq.LINGER, 0)
        port = self.sock.bind_to_random_port("tcp://127.0.0.1")
        self.endpoint = f"tcp://127.0.0.1:{port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            if not self.sock.poll(20):
                continue
            frames = self.sock.recv_multipart()
            identity, envelope, payload = frames[0], frames[1:-1], frames[-1]
            request = pb.Request.FromString(payload)
            self.requests.append(request)
            for response in self.handler(request) or []:
                self.sock.send_multipart([identity, *envelope, response.SerializeToString()])

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()
        self.ctx.term()


def echo_ok(request):
    response = pb.Response(request_id=request.request_id)
    method = request.WhichOneof("method")
    if method == "record_execution":
        response.record_execution.execution_id = request.record_execution.execution.execution_id or "generated"
    elif method == "record_executions":
        response.record_executions.accepted = len(request.record_executions.executions)
    elif method == "get_performance":
        q = request.get_performance
        response.get_performance.rows.add(model=q.model or "m", total_tasks=3)
    elif method == "get_status":
        response.get_status.version = "fake"
    elif method == "list_models":
        response.list_models.catalog_path = "/etc/models.yaml"
        response.list_models.models.add(name="m", tier=pb.PREMIUM, enabled=True)
    elif method == "reload_catalog":
        response.reload_catalog.catalog.catalog_path = request.reload_catalog.path or "/etc/models.yaml"
    elif method == "estimate_task":
        e = request.estimate_task
        answer = response.estimate_task
        answer.applied_adjustments.append("value.priority.P0")
        for name in e.candidates or ["m"]:
            answer.estimates.add(model=name, predicted_input_tokens=e.task.predicted_input_tokens)
    elif method == "rank_models":
        r = request.rank_models
        answer = response.rank_models
        answer.strategy = r.strategy or "greedy"
        answer.seed = r.seed if r.HasField("seed") else 0
        for name in (r.candidates or ["m"])[: r.top_k or None]:
            answer.models.add(model=name, source=pb.PRIOR, assignment_reason="cold_start")
        answer.excluded.add(model="nope", reason='Model "nope" is not in the catalog.')
    elif method == "get_subscription_usage":
        response.get_subscription_usage.usage.add(model=request.get_subscription_usage.model or "sub", quota_tasks=3)
    return [response]


@pytest.fixture
def fake():
    servers = []

    def make(handler=echo_ok):
        s = FakeServer(handler)
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.close()


def test_error_code_mirrors_the_proto_enum():
    proto = {v.name: v.number for v in pb.ErrorCode.DESCRIPTOR.values}
    assert {c.name: c.value for c in ErrorCode} == proto


def test_dict_conversion():
    e = to_task_execution({"task_id": "t", "value_delivered": None, "stakeholder_satisfaction": 0.0,
                           "actual_input_tokens": 5, "success": 1, "quality_score": 7})
    assert not e.HasField("value_delivered")
    assert e.HasField("stakeholder_satisfaction") and e.stakeholder_satisfaction == 0.0
    assert (e.task_id, e.actual_input_tokens, e.success, e.quality_score) == ("t", 5, True, 7.0)
    with pytest.raises(KeyError):
        to_task_execution({"no_such_field": 1})
    with pytest.raises(TypeError):
        to_task_execution({"actual_input_tokens": 1.5})
    msg = pb.TaskExecution(task_id="x")
    assert to_task_execution(msg) is msg


def test_task_descriptor_dict_conversion():
    t = to_task_descriptor({"task_id": "t", "priority": "P1", "domain": "backend", "complexity": "simple",
                            "predicted_input_tokens": 0, "predicted_output_tokens": None,
                            "predicted_value_score": 9})
    assert (t.task_id, t.priority, t.domain, t.complexity, t.task_title) == ("t", "P1", "backend", "simple", "")
    # A prediction of 0 is a prediction; None leaves it for the server to estimate.
    assert t.HasField("predicted_input_tokens") and t.predicted_input_tokens == 0
    assert not t.HasField("predicted_output_tokens")
    assert t.HasField("predicted_value_score") and t.predicted_value_score == 9.0
    assert not to_task_descriptor({}).HasField("predicted_value_score")
    with pytest.raises(KeyError):
        to_task_descriptor({"assigned_model": "m"})  # a TaskExecution field, not a TaskDescriptor one
    with pytest.raises(TypeError):
        to_task_descriptor({"predicted_output_tokens": 1.5})
    with pytest.raises(TypeError):
        to_task_descriptor({"domain": 3})
    with pytest.raises(TypeError):
        to_task_descriptor(pb.TaskExecution())
    msg = pb.TaskDescriptor(task_id="x")
    assert to_task_descriptor(msg) is msg


def test_values_of_the_wrong_type_are_refused_naming_the_field():
    # A string is not a bool: bool("false") is True, which would record a failure as a success.
    for value in ("false", "true", b"0"):
        with pytest.raises(TypeError, match=r"TaskExecution\.success"):
            to_task_execution({"success": value})
    cases = [
        ({"actual_input_tokens": 1500.0}, TypeError, "actual_input_tokens"),
        ({"actual_cost": "cheap"}, ValueError, "actual_cost"),
        ({"actual_cost": 10**400}, ValueError, "actual_cost"),
        ({"attempt": -1}, ValueError, "attempt"),
        ({"tests_passed": 2**63}, ValueError, "tests_passed"),
        ({"task_id": b"x"}, TypeError, "task_id"),
    ]
    for execution, error, field in cases:
        with pytest.raises(error, match=rf"TaskExecution\.{field}\b"):
            to_task_execution(execution)
    with pytest.raises(TypeError, match=r"TaskDescriptor\.predicted_output_tokens\b"):
        to_task_descriptor({"predicted_output_tokens": 1.5})


def test_numpy_scalars_in_dicts():
    np = pytest.importorskip("numpy")
    e = to_task_execution({"actual_input_tokens": np.int64(3), "actual_cost": np.float32(0.5),
                           "success": np.bool_(True)})
    assert (e.actual_input_tokens, e.actual_cost, e.success) == (3, 0.5, True)
    t = to_task_descriptor({"predicted_input_tokens": np.int64(7), "predicted_value_score": np.float64(12.5)})
    assert (t.predicted_input_tokens, t.predicted_value_score) == (7, 12.5)


def test_dimensions():
    assert to_dimensions(None) == []
    assert to_dimensions("model") == [pb.MODEL]
    assert to_dimensions(["model", "PRIORITY", "Domain", 4]) == [1, 2, 3, 4]
    with pytest.raises(ValueError):
        to_dimensions(["team"])


def test_rpcs_round_trip(fake):
    server = fake()
    with ArbiterClient(server.endpoint, timeout=5) as client:
        ack = client.record_execution({"execution_id": "e1", "task_id": "t", "value_delivered": None})
        assert ack.execution_id == "e1"
        sent = server.requests[-1].record_execution.execution
        assert sent.task_id == "t" and not sent.HasField("value_delivered")

        assert client.record_executions([{"task_id": "a"}, pb.TaskExecution(task_id="b")]).accepted == 2
        assert client.record_executions([]).accepted == 0
        assert server.requests[-1].WhichOneof("method") == "record_executions"

        rows = client.get_performance(model="mx", group_by=["model", "COMPLEXITY"])
        assert [r.model for r in rows] == ["mx"]
        q = server.requests[-1].get_performance
        assert list(q.group_by) == [pb.MODEL, pb.COMPLEXITY] and q.model == "mx"
        client.get_performance()
        assert server.requests[-1].WhichOneof("method") == "get_performance"

        assert client.get_status().version == "fake"
        ids = [r.request_id for r in server.requests]
        assert 0 not in ids and len(set(ids)) == len(ids)
    assert client.closed


def test_catalog_and_ranking_rpcs(fake):
    server = fake()
    task = {"task_id": "t", "priority": "P0", "domain": "backend", "complexity": "complex",
            "predicted_input_tokens": 500, "predicted_value_score": None}
    with ArbiterClient(server.endpoint, timeout=5) as client:
        catalog = client.list_models()
        assert isinstance(catalog, pb.ListModelsResponse)
        assert catalog.catalog_path == "/etc/models.yaml" and [m.name for m in catalog.models] == ["m"]
        assert catalog.models[0].tier == pb.PREMIUM

        reloaded = client.reload_catalog("/tmp/other.yaml")
        assert isinstance(reloaded, pb.ListModelsResponse) and reloaded.catalog_path == "/tmp/other.yaml"
        assert server.requests[-1].reload_catalog.path == "/tmp/other.yaml"
        client.reload_catalog()
        assert server.requests[-1].WhichOneof("method") == "reload_catalog"

        estimates = client.estimate_task(task, candidates=["a", "b"])
        assert [e.model for e in estimates.estimates] == ["a", "b"]
        assert estimates.estimates[0].predicted_input_tokens == 500
        assert list(estimates.applied_adjustments) == ["value.priority.P0"]
        sent = server.requests[-1].estimate_task
        assert sent.task.domain == "backend" and not sent.task.HasField("predicted_value_score")
        assert client.estimate_task(pb.TaskDescriptor(priority="P1"), "solo").estimates[0].model == "solo"
        assert list(server.requests[-1].estimate_task.candidates) == ["solo"]

        ranking = client.rank_models(task, candidates=["a", "b", "c"], strategy="thompson", top_k=2, seed=0)
        assert isinstance(ranking, pb.RankModelsResponse)
        assert [m.model for m in ranking.models] == ["a", "b"] and ranking.strategy == "thompson"
        assert ranking.models[0].source == pb.PRIOR and ranking.models[0].assignment_reason == "cold_start"
        assert ranking.excluded[0].model == "nope"
        sent = server.requests[-1].rank_models
        assert (sent.strategy, sent.top_k, sent.HasField("seed"), sent.seed) == ("thompson", 2, True, 0)
        ranking = client.rank_models(task)
        sent = server.requests[-1].rank_models
        assert (sent.strategy, sent.top_k, sent.HasField("seed"), list(sent.candidates)) == ("", 0, False, [])
        assert ranking.strategy == "greedy" and ranking.seed == 0
        with pytest.raises(TypeError):
            client.rank_models(task, candidates=["a", 1])

        usage = client.get_subscription_usage("sub-d")
        assert isinstance(usage, list) and [(u.model, u.quota_tasks) for u in usage] == [("sub-d", 3)]
        assert server.requests[-1].get_subscription_usage.model == "sub-d"
        assert [u.model for u in client.get_subscription_usage()] == ["sub"]


def test_empty_requests_still_name_their_method(fake):
    server = fake()
    with ArbiterClient(server.endpoint, timeout=5) as client:
        client.list_models()
        client.reload_catalog()
        client.estimate_task({})
        client.rank_models({}, strategy=None)
        client.get_subscription_usage()
    assert [r.WhichOneof("method") for r in server.requests] == [
        "list_models", "reload_catalog", "estimate_task", "rank_models", "get_subscription_usage",
    ]


def test_error_responses_raise(fake):
    def handler(request):
        r = pb.Response(request_id=request.request_id)
        r.error.code = pb.INVALID_ARGUMENT
        r.error.message = "task_id is empty"
        r.error.field = "execution.task_id"
        return [r]

    server = fake(handler)
    with ArbiterClient(server.endpoint, timeout=5) as client:
        with pytest.raises(ArbiterError) as info:
            client.record_execution({"task_id": ""})
        err = info.value
        assert err.code is ErrorCode.INVALID_ARGUMENT
        assert err.field == "execution.task_id" and err.message == "task_id is empty"
        assert "INVALID_ARGUMENT" in str(err) and "execution.task_id" in str(err)
        # the low-level call does not raise
        resp = client.call(pb.Request(get_status=pb.GetStatusRequest()))
        assert resp.error.code == ErrorCode.INVALID_ARGUMENT


def test_stale_and_foreign_answers_are_skipped(fake):
    def handler(request):
        stale = pb.Response(request_id=request.request_id + 1000)
        stale.get_status.version = "stale"
        zero = pb.Response(request_id=0)
        zero.error.code = pb.MALFORMED_REQUEST
        return [stale, zero, *echo_ok(request)]

    server = fake(handler)
    with ArbiterClient(server.endpoint, timeout=5) as client:
        for _ in range(3):
            assert client.get_status().version == "fake"


def test_timeout_raises_unavailable_and_late_answers_do_not_leak(fake):
    calls = []

    def handler(request):
        calls.append(request.request_id)
        if len(calls) == 1:
            time.sleep(0.6)  # answer the first call too late
            late = pb.Response(request_id=request.request_id)
            late.get_status.version = "late"
            return [late]
        return echo_ok(request)

    server = fake(handler)
    with ArbiterClient(server.endpoint, timeout=0.2) as client:
        t0 = time.monotonic()
        with pytest.raises(ArbiterError) as info:
            client.get_status()
        assert info.value.code is ErrorCode.UNAVAILABLE
        assert time.monotonic() - t0 < 0.5
        client.timeout = 5
        assert client.get_status().version == "fake"
        assert client.get_status().version == "fake"


def test_no_server_times_out(fake):
    with ArbiterClient("tcp://127.0.0.1:1", timeout=0.2) as client:
        with pytest.raises(ArbiterError) as info:
            client.get_status()
        assert info.value.code == ErrorCode.UNAVAILABLE


def test_pipelining_out_of_order(fake):
    held = []

    def handler(request):
        held.append(request)
        if len(held) < 10:
            return []
        answers = [r for req in reversed(held) for r in echo_ok(req)]
        held.clear()
        return answers

    server = fake(handler)
    with ArbiterClient(server.endpoint, timeout=5) as client:
        ids = [client.send(pb.Request(get_status=pb.GetStatusRequest())) for _ in range(10)]
        assert client.outstanding == 10
        got = [client.receive().request_id for _ in range(10)]
        assert sorted(got) == sorted(ids) and got == list(reversed(ids))
        assert client.outstanding == 0


def test_call_keeps_pipelined_answers_for_receive(fake):
    server = fake()
    with ArbiterClient(server.endpoint, timeout=5) as client:
        a = client.send(pb.Request(get_status=pb.GetStatusRequest()))
        b = client.send(pb.Request(get_status=pb.GetStatusRequest()))
        assert client.get_status().version == "fake"  # answers to a and b arrive first
        assert {client.receive().request_id, client.receive().request_id} == {a, b}


def test_reconnect_to_another_endpoint(fake):
    first, second = fake(), fake()
    with ArbiterClient(first.endpoint, timeout=5) as client:
        client.get_status()
        client.reconnect(second.endpoint)
        client.get_status()
    assert len(first.requests) == 1 and len(second.requests) == 1
