#!/usr/bin/env python3
"""Replay real routing outcomes through a real arbiterd and compare routing policies.

    python Benchmarks/replay/replay.py ../shared/data/mmlu-routing-outcomes.jsonl \
        [--arbiterd PATH] [--seeds 5] [--limit N] [--svg out.svg] [--json out.json]

Input: JSON lines with `source` (e.g. `mmlu/anatomy`), `index`, `prompt_chars`, and one boolean
column per model (whether that model answered correctly). Any column whose values are booleans
is a model; every model must be in arbiterd's built-in catalog (that is where the prices come
from). See README.md beside this file for how tasks, costs and policies are defined.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "clients" / "python"))

sys.path.insert(0, str(REPO_ROOT / "clients" / "python" / "tests"))  # the arbiterd launcher
from arbiter_client import ArbiterClient, pb  # noqa: E402
from arbiterd_process import ArbiterdProcess  # noqa: E402

# ------------------------------------------------------------------ task construction constants

#: Output tokens per answer: a multiple-choice answer is a letter plus a few tokens of framing.
OUTPUT_TOKENS = 5
#: Characters per input token (the usual rule of thumb for English text).
CHARS_PER_TOKEN = 4
#: Priority from crc32("source:index") % 100: P0 [0,10), P1 [10,40), P2 [40,80), P3 [80,100).
PRIORITY_SHARES = (("P0", 10), ("P1", 30), ("P2", 40), ("P3", 20))
#: Value score per priority: the catalog's default `estimation.priority_weights`.
PRIORITY_VALUE = {"P0": 100.0, "P1": 75.0, "P2": 50.0, "P3": 25.0}
COMPLEXITIES = ("simple", "medium", "complex", "very_complex")

SERVER_STRATEGIES = ("greedy", "thompson", "seed_compat")
FIXED_POLICIES = ("always-premium", "always-cheap", "random")
#: The offline cascade: the cheap model first, the premium model on each question it got wrong.
CASCADE = "cheap-then-premium"
REFERENCES = ("best-fixed-per-type", "oracle", CASCADE)
ALL_POLICIES = FIXED_POLICIES + SERVER_STRATEGIES + REFERENCES
BASELINE = "best-fixed-per-type"


#: Marks of the two cost-for-quality knobs in a policy name: "thompson~1.5" ranks with quality
#: tolerance 1.5, "greedy@0.001" with quality price $0.001 per quality point.
KNOBS = {"~": "quality_tolerance", "@": "quality_price"}
#: Suffix of a ranking strategy that retries a failed first attempt: "thompson@0.001+retry"
#: ranks again with the failed model excluded and runs the model ranked first if it is worth it.
ESCALATE = "+retry"


class Strategy(NamedTuple):
    name: str                # the server's strategy
    knobs: Dict[str, float]  # rank_models knob arguments
    escalate: bool           # retry a failed first attempt


def server_strategy(policy: str) -> Optional[Strategy]:
    """Strategy("greedy", {}, False) for "greedy", ("thompson", {"quality_tolerance": 1.5},
    False) for "thompson~1.5", ("greedy", {"quality_price": 0.001}, True) for
    "greedy@0.001+retry"; None for policies that are not ranking strategies."""
    escalate = policy.endswith(ESCALATE)
    policy = policy.removesuffix(ESCALATE)
    for mark, knob in KNOBS.items():
        name, found, value = policy.partition(mark)
        if found:
            return Strategy(name, {knob: float(value)}, escalate) if name in SERVER_STRATEGIES else None
    return Strategy(policy, {}, escalate) if policy in SERVER_STRATEGIES else None


def knob_curve(policy: str) -> Optional[Tuple[str, str]]:
    """("thompson~", "1.5") for "thompson~1.5", ("thompson@+retry", "0.001") for
    "thompson@0.001+retry": the curve a knob run belongs to and its label."""
    escalate = policy.endswith(ESCALATE)
    for mark in KNOBS:
        name, found, value = policy.removesuffix(ESCALATE).partition(mark)
        if found:
            return name + mark + (ESCALATE if escalate else ""), value
    return None


@dataclass
class Task:
    pos: int                 # line number in the (limited) file
    source: str
    index: int
    prompt_chars: int
    domain: str
    complexity: str
    priority: str
    value: float
    input_tokens: int
    output_tokens: int
    correct: Dict[str, bool]

    @property
    def task_id(self) -> str:
        return f"{self.source}#{self.index}"

    @property
    def task_type(self) -> str:
        return f"{self.priority}_{self.domain}_{self.complexity}"


@dataclass
class Dataset:
    tasks: List[Task]
    models: List[str]
    quartiles: List[float]


def priority_of(source: str, index: int) -> str:
    bucket = zlib.crc32(f"{source}:{index}".encode()) % 100
    edge = 0
    for name, share in PRIORITY_SHARES:
        edge += share
        if bucket < edge:
            return name
    raise AssertionError("shares must sum to 100")


def load(path: Path, limit: Optional[int] = None) -> Dataset:
    rows = []
    with open(path) as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    if not rows:
        raise SystemExit(f"{path}: no rows")
    models = [k for k, v in rows[0].items() if isinstance(v, bool)]
    if len(models) < 2:
        raise SystemExit(f"{path}: need at least two boolean model columns, found {models}")
    chars = np.array([r["prompt_chars"] for r in rows], dtype=float)
    q = [float(x) for x in np.percentile(chars, [25, 50, 75])]
    tasks = []
    for pos, r in enumerate(rows):
        c = r["prompt_chars"]
        complexity = COMPLEXITIES[sum(c > edge for edge in q)]
        priority = priority_of(r["source"], r["index"])
        tasks.append(Task(
            pos=pos, source=r["source"], index=int(r["index"]), prompt_chars=int(c),
            domain=r["source"].split("/")[-1], complexity=complexity, priority=priority,
            value=PRIORITY_VALUE[priority],
            input_tokens=max(1, int(round(c / CHARS_PER_TOKEN))), output_tokens=OUTPUT_TOKENS,
            correct={m: bool(r[m]) for m in models}))
    return Dataset(tasks, models, q)


# ------------------------------------------------------------------ server handling

class Server:
    """A fresh arbiterd on a temporary state dir and a free port (context manager), started by
    the launcher the tests and the fault tool share."""

    def __init__(self, binary: Path, catalog: Optional[Path] = None):
        self.dir = Path(tempfile.mkdtemp(prefix="arbiter-replay-"))
        extra = ["--log-level", "warning"] + (["--catalog", str(catalog)] if catalog is not None else [])
        self.process = ArbiterdProcess(binary, self.dir / "state", fsync="never", extra_args=extra)
        self.client: Optional[ArbiterClient] = None

    def __enter__(self) -> "Server":
        log = self.dir / "arbiterd.log"
        ready = self.process.launch([None] * 5, lambda port: self.process.spawn(port, log, append=True),
                                    timeout=20, probe_timeout=0.5)
        if ready:
            self.client = ArbiterClient(self.process.endpoint, timeout=30)
            return self
        if ready is None:
            self.process.signal_and_wait(signal.SIGKILL)
        raise RuntimeError(f"arbiterd did not start: {log.read_text(errors='replace')[-2000:]}")

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.process.proc is not None:
            self.process.signal_and_wait(signal.SIGTERM, timeout=20)
        shutil.rmtree(self.dir, ignore_errors=True)


def catalog_prices(binary: Path, models: Sequence[str]) -> Dict[str, dict]:
    """Tier and list prices of `models` from the server's built-in catalog (a throwaway server)."""
    with Server(binary) as server:
        catalog = {m.name: m for m in server.client.list_models().models}
    missing = [m for m in models if m not in catalog]
    if missing:
        raise SystemExit(f"models not in arbiterd's built-in catalog: {missing}")
    return {m: {"tier": pb.ModelTier.Name(catalog[m].tier).lower(),
                "input": catalog[m].input_price_per_million,
                "output": catalog[m].output_price_per_million} for m in models}


def write_catalog(prices: Dict[str, dict], path: Path, policy: Optional[Dict[str, str]] = None) -> Path:
    """Just these models, tier and list prices; capability priors are left to the fallback
    (quality 5, success 0.5 for every model), so ranking learns only from the replay.
    `policy` entries (YAML scalars) go to the catalog's `policy:` section, for ablations."""
    lines = ["policy:"] + [f"  {k}: {v}" for k, v in (policy or {}).items()] if policy else []
    lines += ["models:"]
    for name, p in prices.items():
        lines += [f"  - name: {json.dumps(name)}", f"    tier: {p['tier']}",
                  f"    input_price_per_million: {p['input']!r}",
                  f"    output_price_per_million: {p['output']!r}"]
    path.write_text("\n".join(lines) + "\n")
    return path


# ------------------------------------------------------------------ policies

def cost_of(task: Task, model: str, prices: Dict[str, dict]) -> float:
    p = prices[model]
    return (task.input_tokens * p["input"] + task.output_tokens * p["output"]) / 1e6


def premium_and_cheap(prices: Dict[str, dict], models: Sequence[str]):
    unit = {m: prices[m]["input"] + prices[m]["output"] for m in models}
    return max(models, key=lambda m: unit[m]), min(models, key=lambda m: unit[m])


@dataclass
class Run:
    policy: str
    seed: int
    choices: List[str]           # model of the first attempt per stream position
    correct: List[bool]          # the task's outcome: its retry's, if one ran
    cost: List[float]            # both attempts'
    value: List[float]
    executions_stored: Optional[int] = None  # from the server; None for offline references
    premium: str = ""
    learning_runs: int = 0       # run_learning calls made during the stream
    adjustments_logged: int = 0  # adjustments those runs logged (proposed or applied)
    retried: List[str] = field(default_factory=list)  # model of the retry per position, "" for none
    # Tasks per model in the server's performance rows, of first attempts and of retries.
    learned_first: Dict[str, int] = field(default_factory=dict)
    learned_retries: Dict[str, int] = field(default_factory=dict)

    def append(self, first: dict, retry: Optional[dict] = None) -> None:
        """One task from the execution of its first attempt and of its retry, if one ran; value
        delivered counts once (a retry follows only a failure, which delivers none)."""
        final = retry or first
        self.choices.append(first["assigned_model"])
        self.retried.append(retry["assigned_model"] if retry else "")
        self.correct.append(final["success"])
        self.cost.append(first["actual_cost"] + (retry["actual_cost"] if retry else 0.0))
        self.value.append(final["value_delivered"])

    def calls(self) -> List[Tuple[str, ...]]:
        """The models called per stream position: the first attempt's, then the retry's."""
        return [(m, r) if r else (m,) for m, r in zip(self.choices, self.retried)]

    @property
    def accuracy(self) -> float:
        return sum(self.correct) / len(self.correct)

    @property
    def total_cost(self) -> float:
        return math.fsum(self.cost)

    @property
    def value_per_dollar(self) -> float:
        return math.fsum(self.value) / self.total_cost

    @property
    def premium_fraction(self) -> float:
        """Share of the calls (first attempts and retries) that went to the premium model."""
        calls = [m for task in self.calls() for m in task]
        return sum(m == self.premium for m in calls) / len(calls)

    @property
    def retry_rate(self) -> float:
        return sum(bool(r) for r in self.retried) / len(self.retried)

    def cumulative_vpd(self) -> np.ndarray:
        return np.cumsum(self.value) / np.cumsum(self.cost)


def stream_order(n: int, seed: int) -> List[int]:
    return [int(i) for i in np.random.default_rng(seed).permutation(n)]


def execution(task: Task, model: str, prices, policy: str, seed: int, reason: str, attempt: int = 1) -> dict:
    ok = task.correct[model]
    cost = cost_of(task, model, prices)
    suffix = f"/attempt{attempt}" if attempt > 1 else ""  # first attempts keep the ids they always had
    return {
        "execution_id": f"{policy}/{seed}/{task.task_id}{suffix}", "task_id": task.task_id, "attempt": attempt,
        "priority": task.priority, "domain": task.domain, "complexity": task.complexity,
        "predicted_value_score": task.value, "predicted_input_tokens": task.input_tokens,
        "predicted_output_tokens": task.output_tokens, "predicted_cost": cost,
        "assigned_model": model, "assignment_reason": reason or policy,
        "actual_input_tokens": task.input_tokens, "actual_output_tokens": task.output_tokens,
        "actual_cost": cost, "success": ok, "quality_score": 10.0 if ok else 0.0,
        "value_delivered": task.value if ok else 0.0, "worker_id": "replay",
    }


def thompson_seed(run_seed: int, step: int, attempt: int = 1) -> int:
    suffix = f":{attempt}" if attempt > 1 else ""
    return zlib.crc32(f"{run_seed}:{step}{suffix}".encode()) | (run_seed << 32)


def run_policy(policy: str, data: Dataset, prices, order: Sequence[int], seed: int,
               binary: Path, catalog: Path, learn_every: int = 0) -> Run:
    """One policy on one stream order through a fresh arbiterd (fixed policies record in batches).

    Ranking strategies also run the learning batch every `learn_every` tasks (0: never), as a
    fleet's scheduler would, so what it calibrates is in force for the tasks after it. An
    escalating one ranks again after a failed first attempt, with that model failed, and runs
    the model ranked first as attempt 2: always, or with a quality price only when its score
    (the price times its expected quality less its cost, in dollars) is positive."""
    premium, cheap = premium_and_cheap(prices, data.models)
    rng = np.random.default_rng([seed, 7])
    strategy = server_strategy(policy)
    run = Run(policy, seed, [], [], [], [], premium=premium)

    with Server(binary, catalog) as server:
        client = server.client

        def rank(task: Task, step: int, failed: Sequence[str] = ()) -> Optional[pb.RankedModel]:
            descriptor = {"task_id": task.task_id, "priority": task.priority, "domain": task.domain,
                          "complexity": task.complexity, "predicted_input_tokens": task.input_tokens,
                          "predicted_output_tokens": task.output_tokens, "predicted_value_score": task.value}
            draw = thompson_seed(seed, step, attempt=len(failed) + 1) if strategy.name == "thompson" else None
            answer = client.rank_models(descriptor, candidates=data.models, strategy=strategy.name, top_k=1,
                                        seed=draw, failed_models=failed, **strategy.knobs)
            return answer.models[0] if answer.models else None

        pending: List[dict] = []
        for step, i in enumerate(order):
            task = data.tasks[i]
            reason = ""
            retry = None
            if policy == "always-premium":
                model = premium
            elif policy == "always-cheap":
                model = cheap
            elif policy == "random":
                model = data.models[int(rng.integers(len(data.models)))]
            elif strategy:
                top = rank(task, step)
                model, reason = top.model, top.assignment_reason
            else:
                raise ValueError(f"unknown policy {policy!r}")
            ex = execution(task, model, prices, policy, seed, reason)
            if strategy:
                client.record_execution(ex)  # before the next ranking: it learns from this one
                if strategy.escalate and not ex["success"]:
                    top = rank(task, step, failed=[model])
                    if top and ("quality_price" not in strategy.knobs or top.score > 0):
                        retry = execution(task, top.model, prices, policy, seed, top.assignment_reason, attempt=2)
                        client.record_execution(retry)
                if learn_every and (step + 1) % learn_every == 0:
                    report = client.run_learning()
                    run.learning_runs += 1
                    run.adjustments_logged += len(report.adjustments)
            else:
                pending.append(ex)
                if len(pending) >= 1000:
                    _flush(client, pending)
            run.append(ex, retry)
        _flush(client, pending)
        run.executions_stored = int(client.get_status().executions_stored)
        run.learned_first, run.learned_retries = ({row.model: int(row.total_tasks)
                                                   for row in client.get_performance(group_by="model", retries=retries)}
                                                  for retries in (False, True))
    return run


def _flush(client: ArbiterClient, pending: List[dict]) -> None:
    if pending:
        result = client.record_executions(pending)
        if result.rejected:
            raise RuntimeError(f"server rejected executions: {list(result.rejected)[:3]}")
        pending.clear()


def reference_choices(policy: str, data: Dataset, prices) -> List[str]:
    """Hindsight choice per task (indexed like data.tasks).

    best-fixed-per-type: per task type, the one model with the highest value per dollar
    (sum value delivered / sum cost) over all that type's tasks; ties go to the cheaper model.
    oracle: per question, the cheapest model that answered correctly, else the cheapest model.
    cheap-then-premium: the cheap model (its retries are in `run_reference`).
    """
    _, cheap = premium_and_cheap(prices, data.models)
    by_price = sorted(data.models, key=lambda m: (prices[m]["input"] + prices[m]["output"], m))
    if policy == CASCADE:
        return [cheap] * len(data.tasks)
    if policy == "oracle":
        return [next((m for m in by_price if t.correct[m]), by_price[0]) for t in data.tasks]
    if policy == "best-fixed-per-type":
        totals: Dict[str, Dict[str, List[float]]] = {}
        for t in data.tasks:
            per = totals.setdefault(t.task_type, {m: [0.0, 0.0] for m in data.models})
            for m in data.models:
                per[m][0] += t.value if t.correct[m] else 0.0
                per[m][1] += cost_of(t, m, prices)
        best = {tt: max(by_price, key=lambda m: (per[m][0] / per[m][1], -by_price.index(m)))
                for tt, per in totals.items()}
        return [best[t.task_type] for t in data.tasks]
    raise ValueError(policy)


def run_reference(policy: str, data: Dataset, prices, order: Sequence[int], seed: int) -> Run:
    """A reference's run, computed offline; the cascade retries each failure on the premium model."""
    premium, _ = premium_and_cheap(prices, data.models)
    choice = reference_choices(policy, data, prices)
    run = Run(policy, seed, [], [], [], [], premium=premium)
    for i in order:
        first = execution(data.tasks[i], choice[i], prices, policy, seed, "")
        escalate = policy == CASCADE and not first["success"]
        run.append(first, execution(data.tasks[i], premium, prices, policy, seed, "", attempt=2) if escalate else None)
    return run


def replay(data: Dataset, binary: Path, seeds: Sequence[int], policies: Sequence[str] = ALL_POLICIES,
           prices: Optional[Dict[str, dict]] = None, progress=None,
           catalog_policy: Optional[Dict[str, str]] = None, learn_every: int = 0) -> Dict[str, List[Run]]:
    """{policy: [Run per seed]}; every policy sees the same stream order for a given seed."""
    prices = prices or catalog_prices(binary, data.models)
    workdir = Path(tempfile.mkdtemp(prefix="arbiter-replay-catalog-"))
    try:
        catalog = write_catalog(prices, workdir / "catalog.yaml", catalog_policy)
        runs: Dict[str, List[Run]] = {p: [] for p in policies}
        for seed in seeds:
            order = stream_order(len(data.tasks), seed)
            for policy in policies:
                started = time.monotonic()
                if policy in REFERENCES:
                    run = run_reference(policy, data, prices, order, seed)
                else:
                    run = run_policy(policy, data, prices, order, seed, binary, catalog, learn_every)
                runs[policy].append(run)
                if progress:
                    progress(f"seed {seed} {policy:<20} acc {run.accuracy:.3f} cost ${run.total_cost:.4f} "
                             f"({time.monotonic() - started:.1f} s)")
        return runs
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# ------------------------------------------------------------------ report

def summarize(runs: Dict[str, List[Run]]) -> Dict[str, dict]:
    """Per policy: mean and std (over seeds, ddof=1; 0 for one seed) of each metric."""
    base = runs.get(BASELINE)
    out = {}
    for policy, rs in runs.items():
        metrics = {"accuracy": [r.accuracy for r in rs], "total_cost": [r.total_cost for r in rs],
                   "value_per_dollar": [r.value_per_dollar for r in rs],
                   "premium_fraction": [r.premium_fraction for r in rs], "retry_rate": [r.retry_rate for r in rs]}
        if base:
            metrics["regret_vpd"] = [b.value_per_dollar - r.value_per_dollar for r, b in zip(rs, base)]
            metrics["vpd_ratio"] = [r.value_per_dollar / b.value_per_dollar for r, b in zip(rs, base)]
        out[policy] = {k: {"mean": float(np.mean(v)), "std": float(np.std(v, ddof=1)) if len(v) > 1 else 0.0,
                           "values": [float(x) for x in v]} for k, v in metrics.items()}
    return out


def table(summary: Dict[str, dict]) -> str:
    cols = [("accuracy", "accuracy", "{:.4f}"), ("total_cost", "cost $", "{:.4f}"),
            ("value_per_dollar", "value/$", "{:,.0f}"), ("regret_vpd", "regret (value/$)", "{:,.0f}"),
            ("vpd_ratio", "vs best-fixed", "{:.3f}"), ("premium_fraction", "premium share", "{:.3f}"),
            ("retry_rate", "retry rate", "{:.3f}")]
    header = ["policy"] + [c[1] for c in cols]
    rows = []
    for policy, s in summary.items():
        row = [policy]
        for key, _, fmt in cols:
            if key not in s:
                row.append("-")
                continue
            m, sd = s[key]["mean"], s[key]["std"]
            row.append(f"{fmt.format(m)} ± {fmt.format(sd)}")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    fmt_row = lambda r: "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt_row(header), sep] + [fmt_row(r) for r in rows])


# ------------------------------------------------------------------ accuracy vs cost

BUDGETS = (0.2, 0.4, 0.6)
#: The share of always-premium's accuracy the report finds the least cost of (issue 8's aim: 0.95).
REACH = 0.95


def upper_envelope(points: Sequence[Tuple[float, float]]) -> List[Tuple[float, float]]:
    """The concave upper hull of (cost, accuracy) points: the best accuracy for each cost that a
    seeded random mix of two of the policies reaches (a mix's cost and accuracy are linear in
    its share), so a budget between two points is read off the segment joining them."""
    hull: List[Tuple[float, float]] = []
    for x, y in sorted(set(points)):
        while len(hull) >= 2 and (hull[-1][0] - hull[-2][0]) * (y - hull[-2][1]) >= (hull[-1][1] - hull[-2][1]) * (x - hull[-2][0]):
            hull.pop()
        hull.append((x, y))
    # Only the rising part: paying more for less accuracy is never on the frontier.
    best = []
    for x, y in hull:
        if not best or y > best[-1][1]:
            best.append((x, y))
    return best


def accuracy_at(envelope: Sequence[Tuple[float, float]], cost: float) -> float:
    """The envelope's accuracy at `cost` (its cheapest point's accuracy below it)."""
    if cost <= envelope[0][0]:
        return envelope[0][1]
    for (x0, y0), (x1, y1) in zip(envelope, envelope[1:]):
        if cost <= x1:
            return y0 + (y1 - y0) * (cost - x0) / (x1 - x0)
    return envelope[-1][1]


def cost_to_reach(envelope: Sequence[Tuple[float, float]], accuracy: float) -> float:
    """The least cost at which an envelope (rising, as `upper_envelope` makes them) reaches
    `accuracy`, read off linearly like `accuracy_at`, its inverse; infinite if it never does."""
    if accuracy <= envelope[0][1]:
        return envelope[0][0]
    for (x0, y0), (x1, y1) in zip(envelope, envelope[1:]):
        if accuracy <= y1:
            return x0 + (x1 - x0) * (accuracy - y0) / (y1 - y0)
    return math.inf


def hindsight_frontier(data: Dataset, prices) -> List[Tuple[float, float]]:
    """(cost, accuracy) of the best routing by task type known in hindsight: start from the
    cheap model everywhere, then move whole task types to the premium model in order of accuracy
    gained per dollar added. An upper bound for any router that sees only the task type and
    must learn nothing (no exploration cost)."""
    premium, cheap = premium_and_cheap(prices, data.models)
    per: Dict[str, List[float]] = {}
    for t in data.tasks:
        d = per.setdefault(t.task_type, [0.0, 0.0])
        d[0] += int(t.correct[premium]) - int(t.correct[cheap])
        d[1] += cost_of(t, premium, prices) - cost_of(t, cheap, prices)
    n = len(data.tasks)
    cost = sum(cost_of(t, cheap, prices) for t in data.tasks)
    correct = sum(int(t.correct[cheap]) for t in data.tasks)
    points = [(cost, correct / n)]
    for gain, extra in sorted(per.values(), key=lambda d: -d[0] / d[1]):
        cost += extra
        correct += gain
        points.append((cost, correct / n))
    return upper_envelope(points)


def curve_report(summary: Dict[str, dict], data: Dataset, prices) -> Tuple[str, dict]:
    """How much of always-premium's accuracy each cost budget keeps: on the envelope of the
    fixed policies and the one-shot ranking strategy runs (with and without a knob), of the fixed
    policies and the escalating runs, of the fixed policies and each knob's one-shot or escalating
    runs, and on the hindsight task-type frontier."""
    premium = summary.get("always-premium")
    if not premium:
        return "", {}
    p_cost, p_acc = premium["total_cost"]["mean"], premium["accuracy"]["mean"]
    columns: Dict[str, Tuple[str, List[str]]] = {"arbiter": ("one-shot runs", [])}  # key: (heading, runs)
    for policy in summary:
        strategy = server_strategy(policy)
        if strategy:
            mode, suffix = ("escalating", "_escalating") if strategy.escalate else ("one-shot", "")
            columns.setdefault("arbiter" + suffix, (f"{mode} runs", []))[1].append(policy)
            for knob in strategy.knobs:
                name = knob.removeprefix("quality_")
                columns.setdefault(name + suffix, (f"{mode} {name}", []))[1].append(policy)
    columns = dict(sorted(columns.items(), key=lambda kv: (not kv[0].startswith("arbiter"), kv[0])))
    fixed = [p for p in FIXED_POLICIES if p in summary and p != "random"]
    envelopes = {key: upper_envelope([(summary[p]["total_cost"]["mean"], summary[p]["accuracy"]["mean"]) for p in fixed + runs])
                 for key, (_, runs) in columns.items()}
    frontier = hindsight_frontier(data, prices)
    rows = [f"Accuracy kept at a share of always-premium's cost ${p_cost:.2f} (accuracy {p_acc:.4f}), on the "
            "envelope of the fixed policies and Arbiter's:", "",
            "| budget | " + " | ".join(label for label, _ in columns.values()) + " | hindsight best routing by task type |",
            "| --- " * (len(columns) + 2) + "|"]
    figures = {}
    for b in BUDGETS:
        figures[b] = {key: accuracy_at(env, b * p_cost) / p_acc for key, env in envelopes.items()}
        figures[b]["hindsight_task_type"] = accuracy_at(frontier, b * p_cost) / p_acc
        rows.append(f"| {b:.0%} | " + " | ".join(f"{kept:.3f}" for kept in figures[b].values()) + " |")
    reach = {key: cost_to_reach(env, REACH * p_acc) / p_cost for key, env in envelopes.items()}
    reach["hindsight_task_type"] = cost_to_reach(frontier, REACH * p_acc) / p_cost
    rows.append(f"| cost share reaching {REACH} | " + " | ".join(f"{share:.3f}" for share in reach.values()) + " |")
    return "\n".join(rows), {"envelope": envelopes["arbiter"], "envelopes": envelopes,
                             "hindsight_frontier": frontier, "budgets": figures, "reach": reach}


def premium_share_by_length(run: Run, data: Dataset) -> Tuple[float, float]:
    """Share of calls (first attempts and retries) that went to the premium model among prompts
    up to the median input length, and among the longer ones, over the run's stream order."""
    streamed = [data.tasks[i] for i in stream_order(len(data.tasks), run.seed)]
    median = sorted(t.input_tokens for t in streamed)[len(streamed) // 2]
    short = [m == run.premium for t, calls in zip(streamed, run.calls()) if t.input_tokens <= median for m in calls]
    long = [m == run.premium for t, calls in zip(streamed, run.calls()) if t.input_tokens > median for m in calls]
    return sum(short) / max(1, len(short)), sum(long) / max(1, len(long))


PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf"]


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ticks(lo: float, hi: float, n: int = 5) -> List[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    start = math.ceil(lo / step) * step
    return [start + k * step for k in range(int((hi - start) / step + 1e-9) + 1)]


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:g}"


def svg(runs: Dict[str, List[Run]], summary: Dict[str, dict], title: str = "",
        frontier: Optional[Sequence[Tuple[float, float]]] = None) -> str:
    """Two panels: cumulative value per dollar over the stream (first seed) and accuracy vs cost
    (mean over seeds, one point per policy; runs with a quality tolerance or price joined into one
    curve per strategy and knob, labelled with the knob's setting; the hindsight frontier dashed).
    Escalating runs take their strategy's colour and are drawn as squares (dashed in the first panel)."""
    W, H, m = 900, 430, dict(l=80, r=190, t=40, b=50)
    pw, ph = W - m["l"] - m["r"], H - m["t"] - m["b"]
    knob_runs = {p: knob_curve(p) for p in runs if knob_curve(p)}
    escalating = {p for p in runs if server_strategy(p) and server_strategy(p).escalate}
    plain = {p: rs for p, rs in runs.items() if p not in knob_runs}
    colors = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(p for p in plain if p not in escalating)}
    for p in knob_runs.keys() | escalating:
        colors[p] = colors.get(server_strategy(p).name, "#444")

    def marker(x: float, y: float, r: int, p: str, hollow: bool = False) -> str:
        paint = f'fill="white" stroke="{colors[p]}" stroke-width="1.5"' if hollow else f'fill="{colors[p]}"'
        if p in escalating:
            return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" {paint}/>'
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {paint}/>'

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{2 * H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{2 * H}" fill="white"/>']

    def frame(y0, xlo, xhi, ylo, yhi, xlabel, ylabel, heading):
        sx = lambda x: m["l"] + (x - xlo) / (xhi - xlo) * pw
        sy = lambda y: y0 + m["t"] + ph - (y - ylo) / (yhi - ylo) * ph
        out.append(f'<text x="{m["l"]}" y="{y0 + 22}" font-size="14" font-weight="bold">{_esc(heading)}</text>')
        out.append(f'<rect x="{m["l"]}" y="{y0 + m["t"]}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
        for t in _ticks(xlo, xhi):
            out.append(f'<line x1="{sx(t):.1f}" y1="{y0 + m["t"]}" x2="{sx(t):.1f}" y2="{y0 + m["t"] + ph}" stroke="#eee"/>')
            out.append(f'<text x="{sx(t):.1f}" y="{y0 + m["t"] + ph + 16}" text-anchor="middle">{_fmt(t)}</text>')
        for t in _ticks(ylo, yhi):
            out.append(f'<line x1="{m["l"]}" y1="{sy(t):.1f}" x2="{m["l"] + pw}" y2="{sy(t):.1f}" stroke="#eee"/>')
            out.append(f'<text x="{m["l"] - 6}" y="{sy(t) + 4:.1f}" text-anchor="end">{_fmt(t)}</text>')
        out.append(f'<text x="{m["l"] + pw / 2}" y="{y0 + H - 12}" text-anchor="middle">{_esc(xlabel)}</text>')
        out.append(f'<text transform="translate(16,{y0 + m["t"] + ph / 2}) rotate(-90)" text-anchor="middle">{_esc(ylabel)}</text>')
        return sx, sy

    # Panel 1: cumulative value per dollar, first seed.
    curves = {p: rs[0].cumulative_vpd() for p, rs in plain.items()}
    n = len(next(iter(curves.values())))
    skip = min(n - 1, max(10, n // 50))  # the first few tasks swing wildly; start the axis later
    finite = np.concatenate([c[skip:][np.isfinite(c[skip:])] for c in curves.values()])
    ylo, yhi = 0.0, float(finite.max()) * 1.05 if finite.size else 1.0
    seed0 = next(iter(plain.values()))[0].seed
    sx, sy = frame(0, 0, n, ylo, yhi, "tasks streamed", "cumulative value per dollar",
                   f"{title}Cumulative value per dollar over the stream (seed {seed0})")
    stride = max(1, n // 600)
    for k, (p, c) in enumerate(curves.items()):
        pts = " ".join(f"{sx(i + 1):.1f},{sy(min(max(float(c[i]), ylo), yhi)):.1f}"
                       for i in range(skip, n, stride) if np.isfinite(c[i]))
        dash = ' stroke-dasharray="6,3"' if p in escalating else ""
        out.append(f'<polyline fill="none" stroke="{colors[p]}" stroke-width="1.6"{dash} points="{pts}"/>')
        ly = m["t"] + 10 + k * 18
        out.append(f'<line x1="{W - m["r"] + 12}" y1="{ly}" x2="{W - m["r"] + 32}" y2="{ly}" stroke="{colors[p]}" stroke-width="3"{dash}/>')
        out.append(f'<text x="{W - m["r"] + 38}" y="{ly + 4}">{_esc(p)}</text>')

    # Panel 2: accuracy vs total cost (mean over seeds).
    xs = [s["total_cost"]["mean"] for s in summary.values()]
    ys = [s["accuracy"]["mean"] for s in summary.values()]
    xpad, ypad = (max(xs) - min(xs)) * 0.08 or 0.01, (max(ys) - min(ys)) * 0.1 or 0.01
    sx, sy = frame(H, max(0.0, min(xs) - xpad), max(xs) + xpad, min(ys) - ypad, max(ys) + ypad,
                   "total cost (US dollars)", "accuracy", f"{title}Accuracy vs cost, mean over {len(next(iter(runs.values())))} seed(s)")
    if frontier:
        pts = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in frontier
                       if min(xs) - xpad <= x <= max(xs) + xpad and min(ys) - ypad <= y <= max(ys) + ypad)
        out.append(f'<polyline fill="none" stroke="#999" stroke-dasharray="5,4" stroke-width="1.4" points="{pts}"/>')
        ly = H + m["t"] + 10 + len(plain) * 18
        out.append(f'<line x1="{W - m["r"] + 12}" y1="{ly}" x2="{W - m["r"] + 32}" y2="{ly}" stroke="#999" stroke-dasharray="5,4"/>')
        out.append(f'<text x="{W - m["r"] + 38}" y="{ly + 4}">hindsight by task type</text>')
    if knob_runs:
        ly = H + m["t"] + 10 + (len(plain) + 1) * 18
        for k, (mark, name) in enumerate((("~", "tolerance ~T"), ("@", "price @P"))):
            dash = ' stroke-dasharray="2,3"' if mark == "@" else ""
            out.append(f'<line x1="{W - m["r"] + 12}" y1="{ly + k * 18}" x2="{W - m["r"] + 32}" y2="{ly + k * 18}" stroke="#444" stroke-width="1.6"{dash}/>')
            out.append(f'<text x="{W - m["r"] + 38}" y="{ly + k * 18 + 4}">quality {name}</text>')
    if escalating:
        ly = H + m["t"] + 10 + (len(plain) + 3) * 18
        out.append(f'<rect x="{W - m["r"] + 17}" y="{ly - 5}" width="10" height="10" fill="white" stroke="#444" stroke-width="1.5"/>')
        out.append(f'<text x="{W - m["r"] + 38}" y="{ly + 4}">escalating ({ESCALATE})</text>')
    labelled: List[Tuple[float, float]] = []  # knob labels closer than this to one drawn are left out
    for curve in sorted({c for c, _ in knob_runs.values()}):
        members = sorted((summary[p]["total_cost"]["mean"], summary[p]["accuracy"]["mean"], p)
                         for p, (c, _) in knob_runs.items() if c == curve)
        dash = ' stroke-dasharray="2,3"' if "@" in curve else ""
        pts = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y, _ in members)
        out.append(f'<polyline fill="none" stroke="{colors[members[0][2]]}" stroke-width="1.6"{dash} points="{pts}"/>')
        for x, y, p in members:
            label = p.removesuffix(ESCALATE).removeprefix(server_strategy(p).name)
            out.append(marker(sx(x), sy(y), 3, p, hollow=True))
            if all(abs(sx(x) - a) > 30 or abs(sy(y) - b) > 11 for a, b in labelled):
                labelled.append((sx(x), sy(y)))
                out.append(f'<text x="{sx(x) + 5:.1f}" y="{sy(y) + 14:.1f}" font-size="10" fill="{colors[p]}">{_esc(label)}</text>')
    for k, (p, s) in enumerate((p, s) for p, s in summary.items() if p not in knob_runs):
        x, y = sx(s["total_cost"]["mean"]), sy(s["accuracy"]["mean"])
        out.append(marker(x, y, 5, p))
        out.append(f'<text x="{x + 8:.1f}" y="{y - 6 + (k % 3) * 8:.1f}" fill="{colors[p]}">{_esc(p)}</text>')
        ly = H + m["t"] + 10 + k * 18
        out.append(marker(W - m["r"] + 22, ly, 5, p))
        out.append(f'<text x="{W - m["r"] + 38}" y="{ly + 4}">{_esc(p)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--arbiterd", type=Path,
                    default=Path(os.environ.get("ARBITERD", REPO_ROOT / ".build" / "release" / "arbiterd")))
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N lines")
    ap.add_argument("--policies", default=",".join(ALL_POLICIES), help="comma-separated subset; a ranking strategy may carry a quality tolerance (thompson~1.5) "
                         f"or a quality price in dollars per point (greedy@0.001), and {ESCALATE} to retry a failed first attempt (greedy@0.001{ESCALATE})")
    ap.add_argument("--tolerances", default="",
                    help="comma-separated quality tolerances: adds STRATEGY~T for greedy and thompson, tracing the accuracy-vs-cost curve")
    ap.add_argument("--prices", default="",
                    help="comma-separated quality prices (dollars per quality point): adds STRATEGY@P for greedy and thompson")
    ap.add_argument("--escalate", action="store_true",
                    help=f"adds an escalating run (POLICY{ESCALATE}) beside every greedy and thompson run, with or without a knob")
    ap.add_argument("--catalog-policy", action="append", default=[], metavar="KEY=VALUE",
                    help="a catalog policy setting for every server, e.g. pool_domains=false (repeatable)")
    ap.add_argument("--learn-every", type=int, default=500, metavar="N",
                    help="ranking strategies run the learning batch every N tasks (0: never)")
    ap.add_argument("--svg", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    data = load(args.file, args.limit)
    policies = [p for p in args.policies.split(",") if p]
    policies += [f"{s}~{t}" for s in ("greedy", "thompson") for t in args.tolerances.split(",") if t]
    policies += [f"{s}@{p}" for s in ("greedy", "thompson") for p in args.prices.split(",") if p]
    if args.escalate:
        policies += [p + ESCALATE for p in policies
                     if (s := server_strategy(p)) and s.name in ("greedy", "thompson") and not s.escalate]
    unknown = {p for p in policies if p not in ALL_POLICIES and not server_strategy(p)}
    if unknown:
        ap.error(f"unknown policies {sorted(unknown)}; choose from {', '.join(ALL_POLICIES)}")
    if BASELINE not in policies:
        policies.append(BASELINE)
    prices = catalog_prices(args.arbiterd, data.models)
    premium, cheap = premium_and_cheap(prices, data.models)
    print(f"{len(data.tasks)} tasks from {args.file}; models {data.models} (premium {premium}, cheap {cheap}); "
          f"prompt-length quartiles {data.quartiles}; {len({t.task_type for t in data.tasks})} task types",
          file=sys.stderr)
    started = time.monotonic()
    catalog_policy = dict(item.split("=", 1) for item in args.catalog_policy)
    runs = replay(data, args.arbiterd, range(args.seeds), policies, prices,
                  progress=lambda s: print(s, file=sys.stderr, flush=True), catalog_policy=catalog_policy,
                  learn_every=args.learn_every)
    summary = summarize(runs)
    print(f"\n{len(data.tasks)} tasks × {args.seeds} seeds (mean ± std over seeds), "
          f"{time.monotonic() - started:.0f} s; regret = best-fixed-per-type value/$ − policy value/$\n")
    print(table(summary))
    curve, curve_figures = curve_report(summary, data, prices)
    if curve:
        print("\n" + curve)
    knob_runs = [p for p in policies if knob_curve(p)]
    if knob_runs:
        print("\nPremium share by prompt length, first seed (prompts up to the median input length | longer):\n")
        for p in knob_runs:
            short, long = premium_share_by_length(runs[p][0], data)
            print(f"  {p:<20} {short:.3f} | {long:.3f}")
    if args.svg:
        args.svg.write_text(svg(runs, summary, frontier=curve_figures.get("hindsight_frontier")))
    if args.json:
        args.json.write_text(json.dumps({"file": str(args.file), "tasks": len(data.tasks), "models": data.models,
                                         "prices": prices, "quartiles": data.quartiles, "seeds": args.seeds,
                                         "summary": summary, "curve": curve_figures}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
