"""Benchmarks/replay/limits.py's offline bounds, checked by brute force on a few subjects."""
import importlib.util
import itertools
import math
import sys

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


@pytest.mark.parametrize("frontier", ["frontier", "frontier_by_task_cost", "frontier_cross_validated"])
def test_frontiers_run_from_always_cheap_toward_always_premium(bounds, frontier):
    replay, limits, data, prices = bounds
    premium, cheap = replay.premium_and_cheap(prices, data.models)
    points = getattr(limits, frontier)(data, prices, lambda t: t.domain)
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
