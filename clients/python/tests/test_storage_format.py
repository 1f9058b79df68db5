"""The state directory's files, read back by an independent implementation.

Every write-ahead-log and snapshot record is framed as
`length (u32 LE) | CRC-32C (u32 LE) of kind+payload | kind (u8) | payload`,
with the payload a protobuf `TaskExecution`. This test parses the files the
real server wrote, recomputes every checksum with a bitwise CRC-32C written
here, and decodes every payload with the Python protobuf runtime.
"""
import struct

import numpy as np

from arbiter_client import pb
from reference_model import random_executions


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def read_records(data: bytes, offset: int):
    records = []
    while offset < len(data):
        length, stored = struct.unpack_from("<II", data, offset)
        body = data[offset + 8: offset + 8 + length]
        assert len(body) == length, f"record at {offset} is cut short"
        assert crc32c(body) == stored, f"record at {offset}: stored CRC {stored:#x}, computed {crc32c(body):#x}"
        records.append((body[0], body[1:]))
        offset += 8 + length
    return records


def test_crc32c_reference_is_right():
    assert crc32c(b"123456789") == 0xE3069283  # RFC 3720 check value


def test_log_and_snapshot_records_carry_true_checksums(start_arbiter):
    client, server = start_arbiter(fsync="always")
    executions = random_executions(np.random.default_rng(5), 60, id_prefix="fmt")
    for index, execution in enumerate(executions):
        execution["execution_id"] = f"fmt-{index}"
    client.record_executions(executions[:40])
    for execution in executions[40:]:
        client.record_execution(execution)

    server.kill()  # the log alone holds everything
    logs = sorted(server.state_dir.glob("wal-*.log"))
    assert logs
    ids = []
    for path in logs:
        data = path.read_bytes()
        assert data[:8] == b"ARBWAL01"
        assert struct.unpack_from("<Q", data, 8)[0] == int(path.stem.split("-")[1])
        for kind, payload in read_records(data, 16):
            assert kind == 1
            ids.append(pb.TaskExecution.FromString(payload).execution_id)
    assert ids == [f"fmt-{index}" for index in range(60)]

    server.start()
    server.stop()  # a graceful stop writes a snapshot
    snapshots = sorted(server.state_dir.glob("snapshot-*.snap"))
    assert snapshots
    data = snapshots[-1].read_bytes()
    assert data[:8] == b"ARBSNP01"
    records = read_records(data, 24)
    assert records[-1][0] == 0xFF and struct.unpack("<Q", records[-1][1])[0] == 60
    decoded = [pb.TaskExecution.FromString(payload) for kind, payload in records[:-1]]
    assert [e.execution_id for e in decoded] == [f"fmt-{index}" for index in range(60)]
    assert [e.quality_score for e in decoded] == [e["quality_score"] for e in executions]
