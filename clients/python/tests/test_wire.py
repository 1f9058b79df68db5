"""The raw ZeroMQ contract: DEALER and REQ framing, garbage, pipelining."""

import time

import numpy as np
import pytest
import zmq

from arbiter_client import ErrorCode, pb, to_task_execution
from reference_model import random_executions
from support import raw_request

TIMEOUT_MS = 10_000


@pytest.fixture
def zctx():
    ctx = zmq.Context()
    yield ctx
    ctx.destroy(linger=0)


def _socket(ctx, kind, endpoint):
    s = ctx.socket(kind)
    s.setsockopt(zmq.LINGER, 0)
    s.connect(endpoint)
    return s


def _recv_response(sock, timeout_ms=TIMEOUT_MS):
    assert sock.poll(timeout_ms, zmq.POLLIN), f"no answer within {timeout_ms} ms"
    frames = sock.recv_multipart()
    assert len(frames) == 1, f"a DEALER/REQ client must get exactly one frame, got {len(frames)}: {frames!r}"
    return pb.Response.FromString(frames[0])


GARBAGE = [
    b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",  # a varint that never ends
    b"\x0a\xff\x01abc",  # length-delimited field longer than the data
    b"this is not protobuf at all",
    bytes(range(256)),
]


@pytest.mark.parametrize("payload", GARBAGE, ids=["varint", "truncated", "text", "bytes"])
def test_garbage_gets_malformed_request(arbiter, zctx, payload):
    client, server = arbiter
    dealer = _socket(zctx, zmq.DEALER, server.endpoint)
    dealer.send(payload)
    resp = _recv_response(dealer)
    assert resp.request_id == 0
    assert resp.error.code == ErrorCode.MALFORMED_REQUEST, resp
    assert resp.WhichOneof("result") is None

    # the server keeps serving, on this socket and others
    dealer.send(raw_request("get_status", 41).SerializeToString())
    resp = _recv_response(dealer)
    assert resp.request_id == 41 and resp.error.code == 0 and resp.HasField("get_status")
    assert client.get_status().version


def test_many_bad_frames_then_normal_service(arbiter, zctx):
    client, server = arbiter
    dealer = _socket(zctx, zmq.DEALER, server.endpoint)
    for i in range(200):
        dealer.send(GARBAGE[i % len(GARBAGE)] + bytes([i]))
    codes = [_recv_response(dealer).error.code for _ in range(200)]
    assert set(codes) == {ErrorCode.MALFORMED_REQUEST}
    e = random_executions(np.random.default_rng(1), 1)[0]
    assert client.record_execution(e).duplicate is False
    assert client.get_status().executions_stored == 1
    assert server.running


def test_req_socket_with_delimiter_frame(arbiter, zctx):
    client, server = arbiter
    req = _socket(zctx, zmq.REQ, server.endpoint)  # REQ adds the empty delimiter frame
    for request_id in (1, 2, 99):
        req.send(raw_request("get_status", request_id).SerializeToString())
        resp = _recv_response(req)
        assert resp.request_id == request_id
        assert resp.error.code == 0, resp.error
        assert resp.HasField("get_status") and resp.get_status.version

    # a write through REQ as well
    e = random_executions(np.random.default_rng(2), 1)[0]
    request = pb.Request(request_id=7)
    request.record_execution.execution.CopyFrom(to_task_execution(e))
    req.send(request.SerializeToString())
    resp = _recv_response(req)
    assert resp.request_id == 7 and resp.error.code == 0
    assert resp.record_execution.execution_id == e["execution_id"]
    assert client.get_status().executions_stored == 1


def test_req_socket_garbage(arbiter, zctx):
    client, server = arbiter
    req = _socket(zctx, zmq.REQ, server.endpoint)
    req.send(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")
    resp = _recv_response(req)
    assert resp.request_id == 0 and resp.error.code == ErrorCode.MALFORMED_REQUEST
    req.send(raw_request("get_status", 5).SerializeToString())
    assert _recv_response(req).request_id == 5


def test_pipelining_100_on_one_dealer(arbiter, zctx):
    client, server = arbiter
    dealer = _socket(zctx, zmq.DEALER, server.endpoint)
    data = random_executions(np.random.default_rng(3), 60, id_prefix="pipe")
    sent = {}
    for i in range(100):
        request_id = 1000 + i
        if i % 5 == 0:
            req = raw_request("get_status", request_id)
        elif i % 5 == 1:
            req = raw_request("get_performance", request_id)
            req.get_performance.group_by.append(pb.MODEL)
        else:
            req = pb.Request(request_id=request_id)
            req.record_execution.execution.CopyFrom(to_task_execution(data.pop()))
        sent[request_id] = req.WhichOneof("method")
        dealer.send(req.SerializeToString())

    got = {}
    deadline = time.monotonic() + 30
    while len(got) < len(sent):
        assert time.monotonic() < deadline, f"only {len(got)} of {len(sent)} answers"
        resp = _recv_response(dealer)
        assert resp.request_id not in got, f"two answers to {resp.request_id}"
        got[resp.request_id] = resp
    assert set(got) == set(sent)
    for request_id, method in sent.items():
        resp = got[request_id]
        assert resp.error.code == 0, (request_id, resp.error)
        assert resp.WhichOneof("result") == method, (request_id, method, resp)
    assert client.get_status().executions_stored == 60


def test_client_pipelining_helpers(arbiter):
    client, _ = arbiter
    data = random_executions(np.random.default_rng(4), 100, id_prefix="helper")
    ids = {}
    for e in data:
        req = pb.Request()
        req.record_execution.execution.CopyFrom(to_task_execution(e))
        ids[client.send(req)] = e["execution_id"]
    assert len(ids) == 100 and 0 not in ids
    for _ in range(100):
        resp = client.receive()
        assert resp.error.code == 0, resp.error
        assert resp.record_execution.execution_id == ids.pop(resp.request_id)
    assert not ids
    assert client.get_status().executions_stored == 100


def test_request_ids_are_echoed_including_large_ones(arbiter):
    client, _ = arbiter
    for request_id in (1, 2**32 + 5, 2**64 - 1):
        resp = client.call(raw_request("get_status", request_id))
        assert resp.request_id == request_id and resp.error.code == 0
