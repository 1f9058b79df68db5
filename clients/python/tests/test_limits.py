"""Input limits on the real server: each gets a clear error naming the field or
the limit, the server keeps serving, and its memory stays bounded.

(Batch size, field bounds and invalid UTF-8 are in test_batch.py and
test_validation.py; garbage frames in test_wire.py.)
"""

import pytest
import zmq

from arbiter_client import ArbiterError, ErrorCode, pb, to_task_descriptor

TASK = {"task_id": "lim-1", "priority": "P1", "domain": "infrastructure", "complexity": "complex"}
MAX_REQUEST_BYTES = 16 << 20
MAX_CANDIDATES = 1_000


@pytest.fixture
def dealer(arbiter):
    client, server = arbiter
    context = zmq.Context()
    sock = context.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(server.endpoint)
    yield sock, client, server
    sock.close()
    context.term()


def _answer(sock, timeout_ms=10_000) -> pb.Response:
    assert sock.poll(timeout_ms), "no answer"
    frames = sock.recv_multipart()
    return pb.Response.FromString(frames[-1])


def _rss_kib(server) -> int:
    for line in open(f"/proc/{server.proc.pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


@pytest.mark.parametrize("method", ["rank_models", "estimate_task"])
def test_too_many_candidates_names_the_field(arbiter, method):
    client, _ = arbiter
    call = client.rank_models if method == "rank_models" else client.estimate_task
    with pytest.raises(ArbiterError) as refused:
        call(TASK, candidates=["m"] * (MAX_CANDIDATES + 1))
    assert refused.value.code == ErrorCode.RESOURCE_EXHAUSTED
    assert refused.value.field == "candidates" and str(MAX_CANDIDATES) in refused.value.message
    # At the limit it is an ordinary request: names not in the catalog are excluded.
    with pytest.raises(ArbiterError) as unknown:
        call(TASK, candidates=["m"] * MAX_CANDIDATES)
    assert unknown.value.code == ErrorCode.FAILED_PRECONDITION


@pytest.mark.parametrize("field", ["task_id", "domain", "priority", "complexity"])
def test_over_long_task_strings_name_the_field(arbiter, field):
    client, _ = arbiter
    with pytest.raises(ArbiterError) as refused:
        client.rank_models(dict(TASK, **{field: "x" * 100_000}))
    assert refused.value.code == ErrorCode.INVALID_ARGUMENT
    assert refused.value.field == f"task.{field}"


def test_frame_over_the_size_limit_is_refused_and_memory_stays_bounded(dealer):
    sock, client, server = dealer
    request = pb.Request(request_id=77)
    request.get_status.SetInParent()
    # A valid request padded with an unknown field to just over the limit.
    padding = MAX_REQUEST_BYTES + 16 - len(request.SerializeToString())
    frame = request.SerializeToString() + bytes([0xFA, 0x07]) + _varint(padding) + b"\0" * padding
    assert len(frame) > MAX_REQUEST_BYTES
    before = _rss_kib(server)
    for _ in range(8):
        sock.send(frame)
        answer = _answer(sock)
        assert answer.request_id == 77
        assert answer.error.code == ErrorCode.RESOURCE_EXHAUSTED
        assert "over the limit" in answer.error.message
    # Eight 16 MiB frames came and went; the server keeps none of them.
    assert _rss_kib(server) - before < 64 * 1024
    assert client.get_status().executions_stored == 0


def test_deeply_nested_unknown_field_is_skipped(dealer):
    sock, _, _ = dealer
    nested = b""
    for _ in range(10_000):
        nested = bytes([0x7A]) + _varint(len(nested)) + nested  # field 15, length-delimited, inside the last
    request = pb.Request(request_id=5)
    request.get_status.SetInParent()
    sock.send(request.SerializeToString() + bytes([0xFA, 0x07]) + _varint(len(nested)) + nested)
    answer = _answer(sock)
    assert answer.request_id == 5 and answer.HasField("get_status")


@pytest.mark.parametrize("frames, says", [
    ([b""], "frame"),                      # a delimiter and no payload
    ([b"", b""], "no method"),             # a delimiter and an empty payload
    ([b"", b"", b"x"], "frame"),           # two delimiters
    ([b"a", b"b"], "frame"),               # an extra payload frame
    ([b"a"] * 300, "frame"),               # many frames (more than the server keeps)
], ids=["delimiter-only", "empty-payload", "two-delimiters", "extra-frame", "300-frames"])
def test_wrong_frame_counts_are_malformed(dealer, frames, says):
    sock, client, _ = dealer
    sock.send_multipart(frames)
    answer = _answer(sock)
    assert answer.error.code == ErrorCode.MALFORMED_REQUEST
    assert says in answer.error.message
    assert client.get_status().version  # still serving


def test_observed_counts_too_large_to_add_up_are_refused(arbiter):
    # Their total overflowed an Int: one ab_statistics call, which a read-only key may make, killed the server.
    client, server = arbiter
    with pytest.raises(ArbiterError) as refused:
        client.ab_statistics(observed=[2**64 - 1, 2**64 - 1], expected_shares=[0.5, 0.5])
    assert refused.value.code == ErrorCode.INVALID_ARGUMENT
    assert refused.value.field == "observed[0]" and str(2**53) in refused.value.message
    with pytest.raises(ArbiterError) as refused:
        client.ab_statistics(observed=[2**53, 1], expected_shares=[0.5, 0.5])
    assert refused.value.field == "observed[1]"
    # At the limit it is an ordinary test.
    assert client.ab_statistics(observed=[2**52, 2**52], expected_shares=[0.5, 0.5]).chi_square.computed
    assert server.running
