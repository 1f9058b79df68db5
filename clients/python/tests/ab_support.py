"""Helpers for the A/B testing tests: the assignment hash re-implemented, and executions recorded
as a worker would (rank, take the top model, run, record with the test and variant)."""

from __future__ import annotations

from typing import Callable, Dict, List

import numpy as np

from arbiter_client import ArbiterClient

MASK = (1 << 64) - 1


def unit_hash(test_id: str, task_id: str) -> float:
    """The documented assignment hash: FNV-1a 64 of test_id, a 0 byte, task_id; a SplitMix64 finish;
    the top 53 bits as a fraction of 2**53."""
    h = 0xCBF29CE484222325
    for byte in test_id.encode() + b"\x00" + task_id.encode():
        h ^= byte
        h = (h * 0x100000001B3) & MASK
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & MASK
    h ^= h >> 31
    return (h >> 11) / float(1 << 53)


def expected_variant(test_id: str, task_id: str, ratio: float) -> str:
    return "control" if unit_hash(test_id, task_id) < ratio else "treatment"


def run_tasks(
    client: ArbiterClient,
    task: Dict,
    count: int,
    outcome: Callable[[str, str, np.random.Generator], Dict],
    rng: np.random.Generator,
    prefix: str,
) -> List[Dict]:
    """Ranks `count` tasks like `task`, runs each on the top model, and records it with the test and
    variant the ranking named; `outcome(variant, top, rng)` (top: the ranked model run) gives what happened. Returns the
    recorded executions."""
    recorded = []
    for i in range(count):
        descriptor = dict(task, task_id=f"{prefix}-{i}")
        ranking = client.rank_models(descriptor)
        top = ranking.models[0]
        execution = dict(
            task_id=descriptor["task_id"], priority=task["priority"], domain=task["domain"], complexity=task["complexity"],
            assigned_model=top.model, assignment_reason=top.assignment_reason,
            predicted_input_tokens=top.estimate.predicted_input_tokens, predicted_output_tokens=top.estimate.predicted_output_tokens,
            predicted_cost=top.estimated_cost, predicted_value_score=top.estimate.predicted_value_score,
            ab_test_id=ranking.ab_test_id, ab_variant=ranking.ab_variant,
        )
        execution.update(outcome(ranking.ab_variant, top, rng))
        recorded.append(execution)
    for start in range(0, len(recorded), 200):
        response = client.record_executions(recorded[start : start + 200])
        assert list(response.rejected) == []
    return recorded


def value_per_dollar(executions: List[Dict], variant: str) -> List[float]:
    return [
        e["value_delivered"] / e["actual_cost"]
        for e in executions
        if e["ab_variant"] == variant and e.get("value_delivered") is not None and e["actual_cost"] > 0
    ]
