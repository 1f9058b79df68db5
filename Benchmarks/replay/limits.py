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
- the same three frontiers for the cascade that calls the cheap model first and the premium
  model only after the cheap one failed (which the router must observe: tests in Arbiter's
  domain), a subject or a task escalated in order of P(premium right | cheap wrong) per dollar
  of the premium call;
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


def moves(data, prices, cascade: bool = False):
    """Per task, as arrays: the correct answers a move off the cheap model gains, whether it calls
    the premium model, and what that call costs beyond the cheap one. The move answers with the
    premium model instead of the cheap one (it always calls it, for its extra cost), or, for the
    cascade, asks the premium model after the cheap one failed (it calls it, at its full cost,
    only then)."""
    premium, cheap = R.premium_and_cheap(prices, data.models)
    cheap_right = np.array([t.correct[cheap] for t in data.tasks])
    premium_right = np.array([t.correct[premium] for t in data.tasks])
    premium_cost = np.array([R.cost_of(t, premium, prices) for t in data.tasks])
    if cascade:
        return (premium_right & ~cheap_right).astype(float), (~cheap_right).astype(float), premium_cost
    cheap_cost = np.array([R.cost_of(t, cheap, prices) for t in data.tasks])
    return premium_right.astype(float) - cheap_right, np.ones(len(data.tasks)), premium_cost - cheap_cost


def _start(data, prices):
    """Cost and correct answers of always-cheap, where every frontier starts."""
    _, cheap = R.premium_and_cheap(prices, data.models)
    return sum(R.cost_of(t, cheap, prices) for t in data.tasks), sum(int(t.correct[cheap]) for t in data.tasks)


def frontier(data, prices, key, cascade: bool = False):
    """Whole groups move, in order of the answers they gain per dollar they add."""
    gain, calls, price = moves(data, prices, cascade)
    per = collections.defaultdict(lambda: [0.0, 0.0])
    for i, t in enumerate(data.tasks):
        per[key(t)][0] += gain[i]
        per[key(t)][1] += calls[i] * price[i]
    n = len(data.tasks)
    cost, correct = _start(data, prices)
    points = [(cost, correct / n)]
    for g, extra in sorted((d for d in per.values() if d[1] > 0), key=lambda d: -d[0] / d[1]):
        cost, correct = cost + extra, correct + g
        points.append((cost, correct / n))
    return R.upper_envelope(points)


def frontier_by_task_cost(data, prices, key, cascade: bool = False):
    """Each task moves on its own, ordered by its group's answers gained per premium call (known
    in hindsight) over what the task's own call costs."""
    gain, calls, price = moves(data, prices, cascade)
    totals = collections.defaultdict(lambda: [0.0, 0.0])
    for i, t in enumerate(data.tasks):
        totals[key(t)][0] += gain[i]
        totals[key(t)][1] += calls[i]
    rate = {k: g / c if c else 0.0 for k, (g, c) in totals.items()}
    n = len(data.tasks)
    cost, correct = _start(data, prices)
    points = [(cost, correct / n)]
    for i in sorted(range(n), key=lambda i: -rate[key(data.tasks[i])] / price[i]):
        cost, correct = cost + calls[i] * price[i], correct + gain[i]
        points.append((cost, correct / n))
    return R.upper_envelope(points)


def frontier_cross_validated(data, prices, key, cascade: bool = False, folds: int = 5, shrink: float = 10.0):
    """`frontier_by_task_cost` with each task's group rate estimated from the other folds only."""
    gain, calls, price = moves(data, prices, cascade)
    fold = np.random.default_rng(0).integers(0, folds, len(data.tasks))
    estimate = np.zeros(len(data.tasks))
    for f in range(folds):
        train = fold != f
        overall = gain[train].sum() / calls[train].sum()
        sums = collections.defaultdict(lambda: [0.0, 0.0])
        for i in np.flatnonzero(train):
            sums[key(data.tasks[i])][0] += gain[i]
            sums[key(data.tasks[i])][1] += calls[i]
        for i in np.flatnonzero(~train):
            total, count = sums[key(data.tasks[i])]
            estimate[i] = (total + shrink * overall) / (count + shrink)
    extra = calls * price
    order = np.argsort(-estimate / price, kind="stable")
    start_cost, start_correct = _start(data, prices)
    cost = start_cost + np.cumsum(extra[order])
    correct = start_correct + np.cumsum(gain[order])
    n = len(data.tasks)
    return R.upper_envelope([(start_cost, start_correct / n)] + list(zip(cost.tolist(), (correct / n).tolist())))


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
    gain, calls, price = moves(data, prices, cascade=True)
    c_correct = sum(t.correct[cheap] for t in data.tasks)
    print(f"\ncascade (cheap model, then the premium model after each failure, which must be observed): "
          f"always, {(c_correct + gain.sum()) / len(data.tasks) / p_acc:.3f} of premium's accuracy at "
          f"{(c_cost + (calls * price).sum()) / p_cost:.3f} of its cost; by cost budget:")
    for name, env in (("subjects escalated in order of P(premium right | cheap wrong) per extra dollar",
                       frontier(data, prices, lambda t: t.domain, cascade=True)),
                      ("each task by its subject's P(premium right | cheap wrong) per its own premium cost",
                       frontier_by_task_cost(data, prices, lambda t: t.domain, cascade=True)),
                      ("(not hindsight) that with each subject's rate cross-validated",
                       frontier_cross_validated(data, prices, lambda t: t.domain, cascade=True))):
        kept = ", ".join(f"{b:.0%}: {R.accuracy_at(env, b * p_cost) / p_acc:.3f}" for b in R.BUDGETS)
        print(f"  {name}: {kept}; 0.95 of premium's accuracy at {R.cost_to_reach(env, 0.95 * p_acc) / p_cost:.3f} of its cost")
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
