"""What any router that sees only the task descriptor can reach on a replay file.

    python Benchmarks/replay/limits.py ../shared/data/mmlu-routing-outcomes.jsonl [--seeds 3]

Tasks are built exactly as replay.py builds them (prices from arbiterd's built-in catalog).
Prints, computed offline with no server:

- the best global value per dollar (sum of value delivered / sum of cost) of a routing that
  fixes one model per task type, per domain, and per question (that is, of any routing at all,
  knowing every outcome), by Dinkelbach's method: repeatedly pick per
  group the model maximising value - lambda * cost, with lambda the ratio reached so far;
- the hindsight accuracy-vs-cost frontier when whole groups (domain, task type) move to the
  premium model in order of accuracy gained per dollar added, as shares of always-premium's
  accuracy at 20/40/60 % of its cost; and the same when each task moves on its own, in order of
  its group's accuracy gain over the task's own extra cost (what a quality price can do: a short
  prompt costs less to upgrade), still knowing each group's gain in hindsight but not which
  questions the premium model gets right; and that per-task frontier with each group's gain
  estimated by 5-fold cross-validation (from the other folds' questions, shrunk toward the
  overall gain), which is free of hindsight luck: what a router with unlimited data could do;
- an idealised online learner: a Beta(1, 1) posterior of each model's accuracy per domain,
  the premium model when its posterior mean leads by more than tau, over seeded stream orders.
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import replay as R  # noqa: E402


def best_ratio(data, prices, key) -> float:
    groups = collections.defaultdict(list)
    for t in data.tasks:
        groups[key(t)].append(t)
    lam = 0.0
    for _ in range(50):
        value = cost = 0.0
        for tasks in groups.values():
            options = [(sum(t.value for t in tasks if t.correct[m]), sum(R.cost_of(t, m, prices) for t in tasks))
                       for m in data.models]
            v, c = max(options, key=lambda vc: vc[0] - lam * vc[1])
            value, cost = value + v, cost + c
        if abs(value / cost - lam) < 1e-9 * max(lam, 1):
            break
        lam = value / cost
    return value / cost


def frontier(data, prices, key):
    premium, cheap = R.premium_and_cheap(prices, data.models)
    per = collections.defaultdict(lambda: [0.0, 0.0])
    for t in data.tasks:
        per[key(t)][0] += int(t.correct[premium]) - int(t.correct[cheap])
        per[key(t)][1] += R.cost_of(t, premium, prices) - R.cost_of(t, cheap, prices)
    n = len(data.tasks)
    cost = sum(R.cost_of(t, cheap, prices) for t in data.tasks)
    correct = sum(int(t.correct[cheap]) for t in data.tasks)
    points = [(cost, correct / n)]
    for gain, extra in sorted(per.values(), key=lambda d: -d[0] / d[1]):
        cost, correct = cost + extra, correct + gain
        points.append((cost, correct / n))
    return R.upper_envelope(points)


def frontier_by_task_cost(data, prices, key):
    """Each task moves to the premium model on its own, ordered by its group's mean accuracy gain
    (known in hindsight) over the task's own extra cost."""
    premium, cheap = R.premium_and_cheap(prices, data.models)
    gain = collections.defaultdict(list)
    for t in data.tasks:
        gain[key(t)].append(int(t.correct[premium]) - int(t.correct[cheap]))
    rate = {k: float(np.mean(v)) for k, v in gain.items()}
    extra = lambda t: R.cost_of(t, premium, prices) - R.cost_of(t, cheap, prices)
    n = len(data.tasks)
    cost = sum(R.cost_of(t, cheap, prices) for t in data.tasks)
    correct = sum(int(t.correct[cheap]) for t in data.tasks)
    points = [(cost, correct / n)]
    for t in sorted(data.tasks, key=lambda t: -rate[key(t)] / extra(t)):
        cost, correct = cost + extra(t), correct + int(t.correct[premium]) - int(t.correct[cheap])
        points.append((cost, correct / n))
    return R.upper_envelope(points)


def frontier_cross_validated(data, prices, key, folds: int = 5, shrink: float = 10.0):
    """`frontier_by_task_cost` with each task's group gain estimated from the other folds only."""
    premium, cheap = R.premium_and_cheap(prices, data.models)
    fold = np.random.default_rng(0).integers(0, folds, len(data.tasks))
    gain = np.array([int(t.correct[premium]) - int(t.correct[cheap]) for t in data.tasks], dtype=float)
    estimate = np.zeros(len(data.tasks))
    for f in range(folds):
        train = fold != f
        overall = gain[train].mean()
        sums = collections.defaultdict(lambda: [0.0, 0])
        for i in np.flatnonzero(train):
            sums[key(data.tasks[i])][0] += gain[i]
            sums[key(data.tasks[i])][1] += 1
        for i in np.flatnonzero(~train):
            total, count = sums[key(data.tasks[i])]
            estimate[i] = (total + shrink * overall) / (count + shrink)
    extra = np.array([R.cost_of(t, premium, prices) - R.cost_of(t, cheap, prices) for t in data.tasks])
    order = np.argsort(-estimate / extra, kind="stable")
    cost = sum(R.cost_of(t, cheap, prices) for t in data.tasks) + np.cumsum(extra[order])
    correct = sum(int(t.correct[cheap]) for t in data.tasks) + np.cumsum(gain[order])
    n = len(data.tasks)
    return R.upper_envelope([(cost[0] - extra[order[0]], (correct[0] - gain[order[0]]) / n)]
                            + list(zip(cost.tolist(), (correct / n).tolist())))


def idealised_learner(data, prices, tau: float, seeds: int):
    premium, cheap = R.premium_and_cheap(prices, data.models)
    accuracy, cost = [], []
    for seed in range(seeds):
        counts = collections.defaultdict(lambda: np.ones((2, 2)))  # [premium, cheap] x [right, wrong]
        right = spent = 0.0
        for i in R.stream_order(len(data.tasks), seed):
            t = data.tasks[i]
            c = counts[t.domain]
            mean = c[:, 0] / c.sum(axis=1)
            m = 0 if mean[0] - mean[1] > tau else 1
            model = premium if m == 0 else cheap
            ok = t.correct[model]
            c[m, 0 if ok else 1] += 1
            right += ok
            spent += R.cost_of(t, model, prices)
        accuracy.append(right / len(data.tasks))
        cost.append(spent)
    return float(np.mean(accuracy)), float(np.mean(cost))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--arbiterd", type=Path,
                    default=Path(os.environ.get("ARBITERD", R.REPO_ROOT / ".build" / "release" / "arbiterd")))
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args()
    data = R.load(args.file)
    prices = R.catalog_prices(args.arbiterd, data.models)
    premium, cheap = R.premium_and_cheap(prices, data.models)
    p_cost = sum(R.cost_of(t, premium, prices) for t in data.tasks)
    p_acc = sum(t.correct[premium] for t in data.tasks) / len(data.tasks)
    c_cost = sum(R.cost_of(t, cheap, prices) for t in data.tasks)
    c_value = sum(t.value for t in data.tasks if t.correct[cheap])
    print(f"always-cheap value per dollar: {c_value / c_cost:,.0f}")
    p10, p50, p90 = np.percentile([t.prompt_chars for t in data.tasks], [10, 50, 90])
    print(f"prompt length (characters): 10th percentile {p10:.0f}, median {p50:.0f}, 90th {p90:.0f} "
          f"({p90 / p10:.1f}x the 10th)")
    for name, key in (("task type", lambda t: t.task_type), ("domain", lambda t: t.domain),
                      ("question, in hindsight (any routing at all)", lambda t: t.pos)):
        print(f"best value per dollar with one model per {name}: {best_ratio(data, prices, key):,.0f}")
    print(f"\nshare of always-premium's accuracy ({p_acc:.4f}) kept in hindsight, by cost budget:")
    for name, key in (("domain", lambda t: t.domain), ("task type", lambda t: t.task_type)):
        env = frontier(data, prices, key)
        kept = ", ".join(f"{b:.0%}: {R.accuracy_at(env, b * p_cost) / p_acc:.3f}" for b in R.BUDGETS)
        print(f"  by {name}: {kept}")
    for name, key in (("domain", lambda t: t.domain), ("task type", lambda t: t.task_type)):
        env = frontier_by_task_cost(data, prices, key)
        kept = ", ".join(f"{b:.0%}: {R.accuracy_at(env, b * p_cost) / p_acc:.3f}" for b in R.BUDGETS)
        print(f"  each task by its {name}'s gain per its own extra cost: {kept}")
    for name, key in (("domain", lambda t: t.domain), ("domain and complexity", lambda t: (t.domain, t.complexity))):
        env = frontier_cross_validated(data, prices, key)
        kept = ", ".join(f"{b:.0%}: {R.accuracy_at(env, b * p_cost) / p_acc:.3f}" for b in R.BUDGETS)
        print(f"  (not hindsight) each task by its {name}'s gain cross-validated, per its own extra cost: {kept}")
    mix = lambda share: (1 - share) * sum(t.correct[cheap] for t in data.tasks) / len(data.tasks) + share * p_acc
    print(f"\nidealised learner (Beta posterior per domain), {args.seeds} seeds:")
    for tau in (0.0, 0.05, 0.1):
        acc, cost = idealised_learner(data, prices, tau, args.seeds)
        share = (cost - c_cost) / (p_cost - c_cost)
        print(f"  tau {tau:.2f}: accuracy {acc / p_acc:.3f} of premium at {cost / p_cost:.1%} of its cost "
              f"(a random mix at that cost: {mix(share) / p_acc:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
