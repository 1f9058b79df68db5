"""Benchmarks/replay/limits.py's offline bounds, checked by brute force on a few subjects."""
import importlib.util
import itertools
import math
import sys

import numpy as np
import pytest

from conftest import REPO_ROOT, require_arbiterd

DATA = REPO_ROOT.parent / "shared" / "data" / "mmlu-routing-outcomes.jsonl"
LIMIT = 400  # the file is ordered by subject: the first four subjects


def _load(name):
    path = REPO_ROOT / "Benchmarks" / "replay" / f"{name}.py"
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bounds():
    if not DATA.is_file():
        pytest.skip(f"replay data not found at {DATA} (it lives outside the repository)")
    replay, limits = _load("replay"), _load("limits")
    data = replay.load(DATA, LIMIT)
    prices = replay.catalog_prices(require_arbiterd(), data.models)
    return replay, limits, data, prices


def test_dinkelbach_finds_the_best_ratio_of_any_model_per_domain(bounds):
    replay, limits, data, prices = bounds
    domains = sorted({t.domain for t in data.tasks})
    assert 3 <= len(domains) <= 5
    best = 0.0
    for choice in itertools.product(data.models, repeat=len(domains)):
        model = dict(zip(domains, choice))
        value = math.fsum(t.value for t in data.tasks if t.correct[model[t.domain]])
        cost = math.fsum(replay.cost_of(t, model[t.domain], prices) for t in data.tasks)
        best = max(best, value / cost)
    assert math.isclose(limits.best_ratio(data, prices, lambda t: t.domain), best, rel_tol=1e-9)


@pytest.mark.parametrize("cascade", [False, True])
@pytest.mark.parametrize("frontier", ["frontier", "frontier_by_task_cost", "frontier_cross_validated"])
def test_frontiers_run_from_always_cheap_toward_always_premium(bounds, frontier, cascade):
    replay, limits, data, prices = bounds
    premium, cheap = replay.premium_and_cheap(prices, data.models)
    points = getattr(limits, frontier)(data, prices, lambda t: t.domain, cascade=cascade)
    n = len(data.tasks)
    first, last = points[0], points[-1]
    assert math.isclose(first[0], math.fsum(replay.cost_of(t, cheap, prices) for t in data.tasks), rel_tol=1e-9)
    assert math.isclose(first[1], sum(t.correct[cheap] for t in data.tasks) / n, rel_tol=1e-9)
    # It ends at always-premium, or earlier where the moves left lose accuracy (the envelope keeps the rising part).
    assert last[0] <= math.fsum(replay.cost_of(t, premium, prices) for t in data.tasks) * (1 + 1e-9)
    assert last[1] >= sum(t.correct[premium] for t in data.tasks) / n - 1e-12
    # An upper envelope: cost rises and accuracy never falls along it.
    assert all(a[0] < b[0] and a[1] <= b[1] for a, b in zip(points, points[1:]))


def test_moving_each_task_on_its_own_is_never_worse_than_whole_domains(bounds):
    replay, limits, data, prices = bounds
    premium, _ = replay.premium_and_cheap(prices, data.models)
    budget = 0.4 * math.fsum(replay.cost_of(t, premium, prices) for t in data.tasks)
    whole = replay.accuracy_at(limits.frontier(data, prices, lambda t: t.domain), budget)
    each = replay.accuracy_at(limits.frontier_by_task_cost(data, prices, lambda t: t.domain), budget)
    assert each >= whole - 1e-12


def _cascade_point(replay, data, prices, escalated):
    """(cost, accuracy) of the cascade that asks the premium model after the cheap one failed on
    the tasks `escalated` accepts, counted task by task."""
    premium, cheap = replay.premium_and_cheap(prices, data.models)
    cost, right = 0.0, 0
    for t in data.tasks:
        cost += replay.cost_of(t, cheap, prices)
        if t.correct[cheap]:
            right += 1
        elif escalated(t):
            cost += replay.cost_of(t, premium, prices)
            right += t.correct[premium]
    return cost, right / len(data.tasks)


def _same_points(a, b):
    return len(a) == len(b) and all(math.isclose(x[0], y[0], rel_tol=1e-9) and math.isclose(x[1], y[1], rel_tol=1e-9)
                                    for x, y in zip(a, b))


def test_the_cascade_frontier_by_subject_is_the_envelope_of_every_set_of_subjects_escalated(bounds):
    replay, limits, data, prices = bounds
    domains = sorted({t.domain for t in data.tasks})
    points = [_cascade_point(replay, data, prices, lambda t, chosen=set(chosen): t.domain in chosen)
              for k in range(len(domains) + 1) for chosen in itertools.combinations(domains, k)]
    frontier = limits.frontier(data, prices, lambda t: t.domain, cascade=True)
    assert _same_points(frontier, replay.upper_envelope(points))
    # Escalating every subject is the full cascade: the oracle's accuracy (either model right).
    full = _cascade_point(replay, data, prices, lambda t: True)
    assert math.isclose(frontier[-1][0], full[0], rel_tol=1e-9)
    assert frontier[-1][1] == sum(any(t.correct.values()) for t in data.tasks) / len(data.tasks) == full[1]


def test_the_cross_validated_cascade_frontier_matches_a_direct_count(bounds):
    replay, limits, data, prices = bounds
    premium, cheap = replay.premium_and_cheap(prices, data.models)
    folds, shrink = 5, 10.0
    fold = [int(f) for f in np.random.default_rng(0).integers(0, folds, len(data.tasks))]
    rate = []  # each task's subject's P(premium right | cheap wrong), from the other folds, shrunk
    for i, t in enumerate(data.tasks):
        failed = [u for j, u in enumerate(data.tasks) if fold[j] != fold[i] and not u.correct[cheap]]
        overall = sum(u.correct[premium] for u in failed) / len(failed)
        mine = [u for u in failed if u.domain == t.domain]
        rate.append((sum(u.correct[premium] for u in mine) + shrink * overall) / (len(mine) + shrink))
    order = sorted(range(len(data.tasks)), key=lambda i: -rate[i] / replay.cost_of(data.tasks[i], premium, prices))
    points = [_cascade_point(replay, data, prices, lambda t, first=set(order[:k]): t.pos in first)
              for k in range(len(order) + 1)]
    frontier = limits.frontier_cross_validated(data, prices, lambda t: t.domain, cascade=True)
    assert _same_points(frontier, replay.upper_envelope(points))


def test_cost_to_reach_inverts_accuracy_at(bounds):
    replay, limits, data, prices = bounds
    envelope = limits.frontier(data, prices, lambda t: t.domain, cascade=True)
    for x, y in envelope:
        assert math.isclose(replay.cost_to_reach(envelope, y), x, rel_tol=1e-9)
    (x0, y0), (x1, y1) = envelope[1], envelope[2]
    middle = replay.cost_to_reach(envelope, (y0 + y1) / 2)
    assert math.isclose(middle, (x0 + x1) / 2, rel_tol=1e-9)
    assert math.isclose(replay.accuracy_at(envelope, middle), (y0 + y1) / 2, rel_tol=1e-9)
    assert replay.cost_to_reach(envelope, envelope[-1][1] + 0.01) == math.inf
