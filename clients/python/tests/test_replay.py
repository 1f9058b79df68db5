"""A short replay of real MMLU routing outcomes through the real server (Benchmarks/replay).

Keeps the replay tool working: 300 questions, one seed, greedy against the two fixed policies
and the hindsight references. The full run (every question, 5 seeds) is the benchmark.
"""
import importlib.util
import math
import sys

import pytest

from conftest import REPO_ROOT, require_arbiterd

DATA = REPO_ROOT.parent / "shared" / "data" / "mmlu-routing-outcomes.jsonl"
LIMIT = 300
POLICIES = ("always-premium", "always-cheap", "greedy", "best-fixed-per-type", "oracle")


def _load_tool():
    spec = importlib.util.spec_from_file_location("replay", REPO_ROOT / "Benchmarks" / "replay" / "replay.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    if not DATA.is_file():
        pytest.skip(f"replay data not found at {DATA} (it lives outside the repository)")
    binary = require_arbiterd()
    tool = _load_tool()
    data = tool.load(DATA, LIMIT)
    prices = tool.catalog_prices(binary, data.models)
    runs = tool.replay(data, binary, [0], POLICIES, prices)
    return tool, data, prices, {p: rs[0] for p, rs in runs.items()}, runs


def test_tasks_are_built_as_documented(replayed):
    tool, data, prices, _, _ = replayed
    assert len(data.tasks) == LIMIT
    assert set(data.models) == {"gpt-4-1106", "mixtral-8x7b"}
    assert tool.premium_and_cheap(prices, data.models) == ("gpt-4-1106", "mixtral-8x7b")
    counts = {c: sum(t.complexity == c for t in data.tasks) for c in tool.COMPLEXITIES}
    assert all(LIMIT * 0.15 <= n <= LIMIT * 0.35 for n in counts.values()), counts  # quartiles
    for t in data.tasks:
        assert t.value == {"P0": 100, "P1": 75, "P2": 50, "P3": 25}[t.priority]
        assert t.input_tokens == max(1, round(t.prompt_chars / 4))


def test_every_task_recorded_exactly_once(replayed):
    _, data, _, runs, _ = replayed
    for policy in ("always-premium", "always-cheap", "greedy"):
        assert runs[policy].executions_stored == len(data.tasks), policy
        assert len(runs[policy].choices) == len(data.tasks)


def test_always_premium_costs_the_list_price_of_every_task(replayed):
    tool, data, prices, runs, _ = replayed
    p = prices["gpt-4-1106"]
    expected = math.fsum((t.input_tokens * p["input"] + t.output_tokens * p["output"]) / 1e6 for t in data.tasks)
    assert runs["always-premium"].premium_fraction == 1.0
    assert math.isclose(runs["always-premium"].total_cost, expected, rel_tol=1e-9)
    assert runs["always-cheap"].premium_fraction == 0.0
    assert runs["always-cheap"].total_cost < expected / 10


def test_accuracies_match_recounts_and_oracle_bounds_them(replayed):
    _, data, _, runs, _ = replayed
    lines = data.tasks
    assert runs["always-premium"].accuracy == sum(t.correct["gpt-4-1106"] for t in lines) / len(lines)
    assert runs["always-cheap"].accuracy == sum(t.correct["mixtral-8x7b"] for t in lines) / len(lines)
    assert runs["oracle"].accuracy == sum(any(t.correct.values()) for t in lines) / len(lines)
    for policy, run in runs.items():
        assert run.accuracy <= runs["oracle"].accuracy, policy
        # value delivered is the value score exactly when the chosen model was right
        assert sum(v > 0 for v in run.value) == sum(run.correct)


def test_report_and_svg(replayed, tmp_path):
    tool, _, _, _, runs = replayed
    summary = tool.summarize(runs)
    assert summary["best-fixed-per-type"]["regret_vpd"]["mean"] == 0
    text = tool.table(summary)
    out = tmp_path / "replay.svg"
    out.write_text(tool.svg(runs, summary))
    drawing = out.read_text()
    assert drawing.startswith("<svg") and drawing.rstrip().endswith("</svg>")
    for policy in POLICIES:
        assert policy in text
        assert f">{policy}<" in drawing
