#!/usr/bin/env python3
"""Writes Fuzz/corpus: one valid request per file, each method and its edge cases.

Encoded with the Python client's generated protobuf code (independent of the
server's protobuf-c codec). Files named `gen-*` are rewritten each run; others
(crash inputs kept as regressions) are left alone.

    .venv/bin/python scripts/generate-fuzz-corpus.py
"""
import hashlib
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "clients" / "python" / "tests"))

from arbiter_client import pb, to_task_descriptor, to_task_execution  # noqa: E402
from reference_model import random_executions  # noqa: E402

TASK = {"task_id": "fz-1", "priority": "P1", "domain": "infrastructure", "complexity": "complex"}


def requests():
    executions = random_executions(np.random.default_rng(1), 12, id_prefix="fz")
    for i, e in enumerate(executions[:6]):
        r = pb.Request(request_id=i + 1)
        r.record_execution.execution.CopyFrom(to_task_execution(e))
        yield f"record-{i}", r
    r = pb.Request(request_id=7)
    r.record_execution.execution.CopyFrom(to_task_execution(dict(executions[6], attempt=2)))
    yield "record-retry", r
    r = pb.Request(request_id=10)
    r.record_executions.executions.extend(to_task_execution(e) for e in executions)
    yield "record-batch", r
    for i, group_by in enumerate(([], [pb.MODEL], [pb.MODEL, pb.DOMAIN], [pb.PRIORITY, pb.COMPLEXITY])):
        r = pb.Request(request_id=20 + i)
        r.get_performance.SetInParent()
        r.get_performance.group_by.extend(group_by)
        yield f"performance-{i}", r
    r = pb.Request(request_id=30)
    r.get_performance.model = "model-a"
    r.get_performance.domain = "backend"
    yield "performance-filter", r
    r = pb.Request(request_id=31)
    r.get_performance.retries = True
    yield "performance-retries", r
    for name in ("get_status", "list_models", "get_subscription_usage", "reload_catalog"):
        r = pb.Request(request_id=40)
        getattr(r, name).SetInParent()
        yield name, r
    for i, (strategy, candidates, top_k, seed, failed) in enumerate((
            ("", [], 0, None, []), ("greedy", [], 2, None, []), ("thompson", [], 0, 42, []),
            ("seed_compat", [], 0, None, []), ("greedy", ["claude-opus", "nonexistent"], 1, None, []),
            ("greedy", [], 0, None, ["deepseek-v3", "nonexistent"]))):
        r = pb.Request(request_id=50 + i)
        r.rank_models.task.CopyFrom(to_task_descriptor(TASK))
        r.rank_models.strategy = strategy
        r.rank_models.candidates.extend(candidates)
        r.rank_models.failed_models.extend(failed)
        r.rank_models.top_k = top_k
        if seed is not None:
            r.rank_models.seed = seed
        yield f"rank-{i}", r
    r = pb.Request(request_id=60)
    r.estimate_task.task.CopyFrom(to_task_descriptor(TASK))
    yield "estimate", r
    # Answered on the I/O thread from the caller's numbers alone: a trap there stops the server.
    r = pb.Request(request_id=70)
    r.ab_statistics.control.extend([1.0, 2.5, 3.0])
    r.ab_statistics.treatment.extend([2.0, 4.5, 5.0, 6.0])
    r.ab_statistics.alpha = 0.05
    r.ab_statistics.observed.extend([480, 520])
    r.ab_statistics.expected_shares.extend([0.5, 0.5])
    yield "ab_statistics", r
    r = pb.Request(request_id=71)
    r.list_alerts.kinds.append(1)
    r.list_alerts.since_id = 0
    r.list_alerts.limit = 10
    yield "list_alerts", r


def main() -> None:
    corpus = REPO / "Fuzz" / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for old in corpus.glob("gen-*"):
        old.unlink()
    count = 0
    for name, request in requests():
        data = request.SerializeToString()
        digest = hashlib.sha1(data).hexdigest()[:8]
        (corpus / f"gen-{name}-{digest}").write_bytes(data)
        count += 1
    print(f"wrote {count} requests to {corpus}")


if __name__ == "__main__":
    main()
