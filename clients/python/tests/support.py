"""Client-side helpers shared by the tests."""

from __future__ import annotations

from typing import List, Sequence

import numpy as np

from arbiter_client import ArbiterClient, ErrorCode, pb

ALL_GROUPINGS = (None, ["model"], ["model", "domain"], ["priority", "complexity"])


def record_mixed(client: ArbiterClient, executions: Sequence[dict], rng: np.random.Generator) -> List[str]:
    """Record `executions` in order, alternating single calls and batches of random size.

    Asserts each is accepted as new; returns the execution ids the server reported.
    """
    ids: List[str] = []
    i = 0
    while i < len(executions):
        if rng.random() < 0.4:
            ack = client.record_execution(executions[i])
            assert not ack.duplicate, f"fresh execution {i} reported as duplicate"
            ids.append(ack.execution_id)
            i += 1
        else:
            chunk = executions[i : i + int(rng.integers(1, 80))]
            res = client.record_executions(chunk)
            assert list(res.rejected) == [], f"batch at {i} rejected items: {res.rejected}"
            assert (res.accepted, res.duplicates) == (len(chunk), 0), f"batch at {i}: {res}"
            assert len(res.execution_ids) == len(chunk)
            ids.extend(res.execution_ids)
            i += len(chunk)
    for e, got in zip(executions, ids):
        if e.get("execution_id"):
            assert got == e["execution_id"], f"server changed execution id {e['execution_id']!r} to {got!r}"
    return ids


def snapshot(client: ArbiterClient, groupings=ALL_GROUPINGS) -> dict:
    """Everything observable about the stored state, for before/after comparisons."""
    status = client.get_status()
    rows = {}
    for g in groupings:
        got = client.get_performance(group_by=g)
        rows[str(g)] = sorted((r.SerializeToString(deterministic=True) for r in got))
    return {
        "executions_stored": status.executions_stored,
        "models": status.models,
        "task_types": status.task_types,
        "rows": rows,
    }


def raw_request(method: str, request_id: int = 0, **fields) -> pb.Request:
    """A Request with `method` set (e.g. raw_request("get_status", 7))."""
    req = pb.Request(request_id=request_id)
    getattr(req, method).SetInParent()
    for k, v in fields.items():
        setattr(getattr(req, method), k, v)
    return req


def error_code(response: pb.Response) -> ErrorCode:
    return ErrorCode(response.error.code)
