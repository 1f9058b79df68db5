"""Independent reference for what the server must report: random executions,
exact aggregates recomputed with NumPy, running EMAs recomputed in plain Python,
and row comparison helpers.

Nothing here talks to the server; the tests feed it what they recorded.
"""

from __future__ import annotations

import math
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from arbiter_client import pb, to_dimensions

MODELS = ("model-a", "model-b", "model-c")
PRIORITIES = ("P0", "P1")
DOMAINS = ("backend", "frontend")
COMPLEXITIES = ("simple", "complex")

# Dimension name -> TaskExecution field holding its value.
DIM_FIELDS = {
    "model": "assigned_model",
    "priority": "priority",
    "domain": "domain",
    "complexity": "complexity",
}
DIMS = ("model", "priority", "domain", "complexity")
_DIM_BY_NUMBER = {pb.MODEL: "model", pb.PRIORITY: "priority", pb.DOMAIN: "domain", pb.COMPLEXITY: "complexity"}

BASE_TIMESTAMP_MS = 1_700_000_000_000
EMA_ALPHA = 0.1

Key = Tuple[str, str, str, str]


# ------------------------------------------------------------------ data


def random_executions(
    rng: np.random.Generator,
    n: int,
    *,
    id_prefix: str = "exec",
    models: Sequence[str] = MODELS,
    priorities: Sequence[str] = PRIORITIES,
    domains: Sequence[str] = DOMAINS,
    complexities: Sequence[str] = COMPLEXITIES,
) -> List[dict]:
    """`n` valid executions as dicts keyed by proto field names (plain Python values).

    Covers the awkward cases: predicted tokens 0 (skipped by token accuracy),
    actual_cost 0 and value_delivered None (skipped by value per dollar),
    value_delivered 0, quality at the bounds 0 and 10, timestamps out of order.
    """
    out = []
    for i in range(n):
        pred_in = 0 if rng.random() < 0.15 else int(rng.integers(1, 20_000))
        pred_out = 0 if rng.random() < 0.15 else int(rng.integers(1, 8_000))
        act_in = int(rng.integers(0, 25_000))
        act_out = int(rng.integers(0, 10_000))
        actual_cost = 0.0 if rng.random() < 0.1 else float(rng.uniform(0.0005, 3.0))
        r = rng.random()
        value: Optional[float] = None if r < 0.25 else (0.0 if r < 0.3 else float(rng.uniform(0.0, 10.0)))
        q = rng.random()
        quality = 0.0 if q < 0.03 else (10.0 if q < 0.06 else float(rng.uniform(0.0, 10.0)))
        satisfaction = None if rng.random() < 0.5 else float(rng.choice([1.0, 5.0, rng.uniform(1.0, 5.0)]))
        tests_passed = int(rng.integers(0, 50))
        out.append(
            {
                "execution_id": f"{id_prefix}-{i:05d}",
                "task_id": f"TASK-{int(rng.integers(1, 10_000))}",
                "task_title": f"task number {i}",
                "priority": str(rng.choice(list(priorities))),
                "domain": str(rng.choice(list(domains))),
                "complexity": str(rng.choice(list(complexities))),
                "predicted_value_score": float(rng.uniform(0.0, 10.0)),
                "predicted_input_tokens": pred_in,
                "predicted_output_tokens": pred_out,
                "predicted_cost": float(rng.uniform(0.0, 3.0)),
                "assigned_model": str(rng.choice(list(models))),
                "assignment_reason": str(rng.choice(["learned_best", "cold_start", "high_value_premium"])),
                "actual_input_tokens": act_in,
                "actual_output_tokens": act_out,
                "actual_cost": actual_cost,
                "execution_time_seconds": float(rng.uniform(0.1, 900.0)),
                "success": bool(rng.random() < 0.75),
                "quality_score": quality,
                "tests_passed": tests_passed,
                "tests_failed": int(rng.integers(0, 5)),
                "bugs_introduced": int(rng.integers(0, 3)),
                "revision_needed": bool(rng.random() < 0.2),
                "stakeholder_satisfaction": satisfaction,
                "value_delivered": value,
                "timestamp_ms": BASE_TIMESTAMP_MS + int(rng.integers(0, 30 * 86_400_000)),
                "worker_id": f"worker-{int(rng.integers(0, 4))}",
                "workspace": "/tmp/ws",
            }
        )
    return out


# ------------------------------------------------------------------ exact aggregates (NumPy)


def dims_of(group_by) -> Tuple[str, ...]:
    """Dimension names in canonical order; empty or None means all four."""
    numbers = to_dimensions(group_by)
    names = {_DIM_BY_NUMBER[n] for n in numbers}
    return DIMS if not names else tuple(d for d in DIMS if d in names)


class _Arrays:
    def __init__(self, executions: Sequence[dict]):
        def col(name, dtype, default=0):
            return np.array([e.get(name, default) for e in executions], dtype=dtype)

        self.keys = {d: np.array([e.get(f, "") for e in executions], dtype=object) for d, f in DIM_FIELDS.items()}
        self.success = col("success", bool, False)
        self.quality = col("quality_score", np.float64)
        self.time = col("execution_time_seconds", np.float64)
        self.pred_in = col("predicted_input_tokens", np.int64)
        self.pred_out = col("predicted_output_tokens", np.int64)
        self.act_in = col("actual_input_tokens", np.int64)
        self.act_out = col("actual_output_tokens", np.int64)
        self.cost = col("actual_cost", np.float64)
        self.has_value = np.array([e.get("value_delivered") is not None for e in executions], dtype=bool)
        self.value = np.array(
            [e["value_delivered"] if e.get("value_delivered") is not None else np.nan for e in executions],
            dtype=np.float64,
        )
        self.ts = col("timestamp_ms", np.int64)
        self.n = len(executions)


def _ratio_mean(num: np.ndarray, den: np.ndarray, sel: np.ndarray) -> Tuple[float, int]:
    k = int(sel.sum())
    if k == 0:
        return 0.0, 0
    return float(np.mean(num[sel].astype(np.float64) / den[sel].astype(np.float64))), k


def expected_rows(
    executions: Sequence[dict],
    group_by=None,
    model: str = "",
    priority: str = "",
    domain: str = "",
    complexity: str = "",
) -> Dict[Key, dict]:
    """Rows the server must return for this query, keyed by (model, priority, domain, complexity).

    ``executions`` must be in recording order (it matters for `running`).
    """
    a = _Arrays(executions)
    dims = dims_of(group_by)
    all_four = len(dims) == 4
    mask = np.ones(a.n, dtype=bool)
    for d, value in (("model", model), ("priority", priority), ("domain", domain), ("complexity", complexity)):
        if value:
            mask &= a.keys[d] == value

    groups: Dict[Key, np.ndarray] = {}
    for i in np.flatnonzero(mask):
        key = tuple(a.keys[d][i] if d in dims else "" for d in DIMS)
        groups.setdefault(key, []).append(i)

    rows: Dict[Key, dict] = {}
    for key, members in groups.items():
        idx = np.array(members, dtype=np.int64)
        sel = np.zeros(a.n, dtype=bool)
        sel[idx] = True
        n = int(sel.sum())
        q = a.quality[sel]
        in_acc, in_k = _ratio_mean(a.act_in, a.pred_in, sel & (a.pred_in > 0))
        out_acc, out_k = _ratio_mean(a.act_out, a.pred_out, sel & (a.pred_out > 0))
        vpd, vpd_k = _ratio_mean(np.nan_to_num(a.value), a.cost, sel & a.has_value & (a.cost > 0))
        row = {
            "model": key[0],
            "priority": key[1],
            "domain": key[2],
            "complexity": key[3],
            "total_tasks": n,
            "success_rate": float(np.mean(a.success[sel].astype(np.float64))),
            "avg_quality_score": float(np.mean(q)),
            "quality_stddev": float(np.std(q, ddof=1)) if n >= 2 else 0.0,
            "avg_execution_time": float(np.mean(a.time[sel])),
            "input_token_accuracy": in_acc,
            "output_token_accuracy": out_acc,
            "value_per_dollar": vpd,
            "last_updated_ms": int(np.max(a.ts[sel])),
            "input_token_samples": in_k,
            "output_token_samples": out_k,
            "value_per_dollar_samples": vpd_k,
            "running": running_estimates([executions[i] for i in sorted(members)]) if all_four else None,
        }
        rows[key] = row
    return rows


# ------------------------------------------------------------------ running EMAs (plain Python)


def running_estimates(executions_in_order: Iterable[dict], alpha: float = EMA_ALPHA) -> dict:
    """The seed's exponential moving averages; each EMA starts at its first observation."""

    def ema(previous: Optional[float], x: float) -> float:
        return x if previous is None else alpha * x + (1.0 - alpha) * previous

    success = quality = time_ = tokens = cost_eff = None
    total = 0
    for e in executions_in_order:
        total += 1
        success = ema(success, 1.0 if e.get("success") else 0.0)
        quality = ema(quality, float(e.get("quality_score", 0.0)))
        time_ = ema(time_, float(e.get("execution_time_seconds", 0.0)))
        eff_in = e.get("actual_input_tokens", 0) / max(e.get("predicted_input_tokens", 0), 1)
        eff_out = e.get("actual_output_tokens", 0) / max(e.get("predicted_output_tokens", 0), 1)
        tokens = ema(tokens, (eff_in + eff_out) / 2.0)
        value = e.get("value_delivered")
        cost = float(e.get("actual_cost", 0.0))
        if value is not None and cost > 0:
            cost_eff = ema(cost_eff, float(value) / cost)
    return {
        "success_rate": success or 0.0,
        "avg_quality_score": quality or 0.0,
        "avg_execution_time": time_ or 0.0,
        "avg_token_efficiency": tokens or 0.0,
        "avg_cost_efficiency": cost_eff or 0.0,
        "total_tasks": total,
        "confidence": min(0.95, 0.5 + total / 100 * 0.45),
    }


# ------------------------------------------------------------------ comparison

ROW_INT_FIELDS = (
    "total_tasks",
    "last_updated_ms",
    "input_token_samples",
    "output_token_samples",
    "value_per_dollar_samples",
)
ROW_FLOAT_FIELDS = (
    "success_rate",
    "avg_quality_score",
    "quality_stddev",
    "avg_execution_time",
    "input_token_accuracy",
    "output_token_accuracy",
    "value_per_dollar",
)
RUNNING_FLOAT_FIELDS = (
    "success_rate",
    "avg_quality_score",
    "avg_execution_time",
    "avg_token_efficiency",
    "avg_cost_efficiency",
    "confidence",
)


def row_key(row) -> Key:
    return (row.model, row.priority, row.domain, row.complexity)


def _close(actual: float, expected: float, rel: float) -> bool:
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-12)


def row_mismatches(rows, expected: Dict[Key, dict], rel: float = 1e-9, label: str = "") -> List[str]:
    """Every difference between the server's rows and the expected ones, as readable lines."""
    problems: List[str] = []
    got: Dict[Key, object] = {}
    for row in rows:
        key = row_key(row)
        if key in got:
            problems.append(f"{label}duplicate row {key}")
        got[key] = row
    for key in sorted(set(expected) - set(got)):
        problems.append(f"{label}missing row {key} (expected {expected[key]['total_tasks']} tasks)")
    for key in sorted(set(got) - set(expected)):
        problems.append(f"{label}unexpected row {key} with {got[key].total_tasks} tasks")
    for key in sorted(set(got) & set(expected)):
        row, want = got[key], expected[key]
        for name in ROW_INT_FIELDS:
            if getattr(row, name) != want[name]:
                problems.append(f"{label}{key}.{name}: got {getattr(row, name)}, expected {want[name]}")
        for name in ROW_FLOAT_FIELDS:
            if not _close(getattr(row, name), want[name], rel):
                problems.append(f"{label}{key}.{name}: got {getattr(row, name)!r}, expected {want[name]!r}")
        running = want["running"]
        if running is None:
            if row.HasField("running"):
                problems.append(f"{label}{key}: `running` present but rows are not grouped by all four dimensions")
            continue
        if not row.HasField("running"):
            problems.append(f"{label}{key}: `running` missing although rows are grouped by all four dimensions")
            continue
        r = row.running
        if r.total_tasks != running["total_tasks"]:
            problems.append(f"{label}{key}.running.total_tasks: got {r.total_tasks}, expected {running['total_tasks']}")
        for name in RUNNING_FLOAT_FIELDS:
            if not _close(getattr(r, name), running[name], rel):
                problems.append(f"{label}{key}.running.{name}: got {getattr(r, name)!r}, expected {running[name]!r}")
        if r.last_updated_ms <= 0:
            problems.append(f"{label}{key}.running.last_updated_ms not set: {r.last_updated_ms}")
    return problems


def assert_rows_match(rows, expected: Dict[Key, dict], rel: float = 1e-9, label: str = "") -> None:
    problems = row_mismatches(rows, expected, rel=rel, label=label)
    if problems:
        shown = "\n  ".join(problems[:40])
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        raise AssertionError(f"{len(problems)} difference(s) from the NumPy reference:\n  {shown}{more}")


def rows_by_key(rows) -> Dict[Key, object]:
    return {row_key(r): r for r in rows}
