"""A short replay of real MMLU routing outcomes through the real server (Benchmarks/replay).

Keeps the replay tool working: 300 questions, one seed, greedy (with and without a quality
tolerance) and thompson with a quality price, each also escalating after a failed first attempt,
against the two fixed policies and the offline references. The full run (every question, 5
seeds) is the benchmark.
"""
import collections
import importlib.util
import math
import sys

import pytest

from conftest import REPO_ROOT, require_arbiterd

DATA = REPO_ROOT.parent / "shared" / "data" / "mmlu-routing-outcomes.jsonl"
LIMIT = 300
LEARN_EVERY = 100
POLICIES = ("always-premium", "always-cheap", "greedy", "greedy~0", "thompson@0.0007", "greedy+retry",
            "thompson@0.0007+retry", "greedy@0+retry", "best-fixed-per-type", "oracle", "cheap-then-premium")
ESCALATING = ("greedy+retry", "thompson@0.0007+retry", "greedy@0+retry")


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
    runs = tool.replay(data, binary, [0], POLICIES, prices, learn_every=LEARN_EVERY)
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
    for policy in ("always-premium", "always-cheap", "greedy", "greedy~0", "thompson@0.0007") + ESCALATING:
        retries = sum(bool(m) for m in runs[policy].retried)
        assert runs[policy].executions_stored == len(data.tasks) + retries, policy
        assert len(runs[policy].choices) == len(runs[policy].retried) == len(data.tasks)


def test_ranking_strategies_run_the_learning_batch_at_the_cadence(replayed):
    _, _, _, runs, _ = replayed
    for policy in ("greedy", "greedy~0", "thompson@0.0007") + ESCALATING:
        assert runs[policy].learning_runs == LIMIT // LEARN_EVERY
    assert runs["always-cheap"].learning_runs == 0


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
    # Regret recounted from the runs' own values and costs.
    best, greedy = runs["best-fixed-per-type"][0], runs["greedy"][0]
    expected = math.fsum(best.value) / math.fsum(best.cost) - math.fsum(greedy.value) / math.fsum(greedy.cost)
    assert math.isclose(summary["greedy"]["regret_vpd"]["mean"], expected, rel_tol=1e-9)
    text = tool.table(summary)
    out = tmp_path / "replay.svg"
    out.write_text(tool.svg(runs, summary))
    drawing = out.read_text()
    assert drawing.startswith("<svg") and drawing.rstrip().endswith("</svg>")
    for policy in POLICIES:
        assert policy in text
        # Runs with a knob are points on their strategy's curve (small open circles, squares when
        # escalating), the rest named points.
        if not tool.knob_curve(policy):
            assert f">{policy}<" in drawing
    knob_runs = [p for p in POLICIES if tool.knob_curve(p)]
    assert drawing.count(' r="3" fill="white"') == sum(p not in ESCALATING for p in knob_runs)
    assert drawing.count('width="6" height="6" fill="white"') == sum(p in ESCALATING for p in knob_runs)
    # The named escalating run is a filled square, in the plot and in the legend.
    assert drawing.count('width="10" height="10" fill="#') == 2 * sum(p in ESCALATING and not tool.knob_curve(p) for p in POLICIES)
    assert ">quality tolerance ~T<" in drawing and ">quality price @P<" in drawing and ">escalating (+retry)<" in drawing


def test_a_zero_tolerance_buys_accuracy_with_the_premium_model(replayed):
    _, _, _, runs, _ = replayed
    # Without a tolerance greedy is nearly always-cheap; asking for the best expected quality
    # sends a real share to the premium model and gains accuracy for it.
    assert runs["greedy"].premium_fraction < 0.05
    assert runs["greedy~0"].premium_fraction > 0.1
    assert runs["greedy~0"].accuracy > runs["greedy"].accuracy
    assert runs["greedy~0"].total_cost > runs["greedy"].total_cost


def test_curve_report_reads_budgets_off_the_envelope(replayed):
    tool, data, prices, _, runs = replayed
    summary = tool.summarize(runs)
    text, figures = tool.curve_report(summary, data, prices)
    assert "| 40% |" in text
    envelope = figures["envelope"]
    # The envelope rises, and starts at always-cheap: no run is cheaper.
    assert all(b[0] > a[0] and b[1] > a[1] for a, b in zip(envelope, envelope[1:]))
    assert envelope[0] == (summary["always-cheap"]["total_cost"]["mean"], summary["always-cheap"]["accuracy"]["mean"])
    premium = summary["always-premium"]
    for budget, kept in figures["budgets"].items():
        cost = budget * premium["total_cost"]["mean"]
        # Read off by linear interpolation between the two envelope points around the budget.
        (x0, y0), (x1, y1) = next((a, b) for a, b in zip(envelope, envelope[1:]) if a[0] <= cost <= b[0])
        expected = (y0 + (y1 - y0) * (cost - x0) / (x1 - x0)) / premium["accuracy"]["mean"]
        assert math.isclose(kept["arbiter"], expected, rel_tol=1e-12)
    # The escalating column reads the envelope of the fixed policies and the escalating runs alone.
    point = lambda p: (summary[p]["total_cost"]["mean"], summary[p]["accuracy"]["mean"])
    escalating = figures["envelopes"]["arbiter_escalating"]
    assert set(escalating) <= {point(p) for p in ("always-premium", "always-cheap") + ESCALATING}
    assert set(escalating) & {point(p) for p in ESCALATING}
    for budget, kept in figures["budgets"].items():
        expected = tool.accuracy_at(escalating, budget * premium["total_cost"]["mean"]) / premium["accuracy"]["mean"]
        assert kept["arbiter_escalating"] == expected
    assert "| escalating runs |" in text and "| escalating price |" in text
    # The least cost reaching 0.95 of premium's accuracy: where the envelope reads that accuracy.
    assert "| cost share reaching 0.95 |" in text
    assert figures["reach"]["arbiter_escalating"] != math.inf
    for key, share in figures["reach"].items():
        env = figures["hindsight_frontier"] if key == "hindsight_task_type" else figures["envelopes"][key]
        if share != math.inf:
            got = tool.accuracy_at(env, share * premium["total_cost"]["mean"])
            assert math.isclose(got, 0.95 * premium["accuracy"]["mean"], rel_tol=1e-9), key
    # Hindsight routing by task type with the whole premium budget reaches always-premium's accuracy or more.
    frontier = figures["hindsight_frontier"]
    assert tool.accuracy_at(frontier, premium["total_cost"]["mean"]) >= premium["accuracy"]["mean"] - 1e-12
    assert tool.accuracy_at([(1.0, 0.5), (3.0, 0.9)], 2.0) == 0.7


def test_a_quality_price_spends_where_an_upgrade_costs_least(replayed):
    tool, data, _, runs, _ = replayed
    priced = runs["thompson@0.0007"]
    assert 0.05 < priced.premium_fraction < 0.95
    # The premium model's extra cost grows with the prompt: at one price per quality point it
    # is bought for short prompts more often than for long ones.
    streamed = [data.tasks[i] for i in tool.stream_order(len(data.tasks), priced.seed)]
    median = sorted(t.input_tokens for t in streamed)[len(streamed) // 2]
    short = [m == "gpt-4-1106" for t, m in zip(streamed, priced.choices) if t.input_tokens <= median]
    long = [m == "gpt-4-1106" for t, m in zip(streamed, priced.choices) if t.input_tokens > median]
    print(f"premium share: short prompts {sum(short) / len(short):.3f}, long {sum(long) / len(long):.3f}")
    assert sum(short) / len(short) > sum(long) / len(long)


def _streamed(tool, data, run):
    return [data.tasks[i] for i in tool.stream_order(len(data.tasks), run.seed)]


def test_escalating_runs_retry_failures_on_another_model(replayed):
    tool, data, _, runs, _ = replayed
    for policy in ESCALATING:
        run = runs[policy]
        for t, first, retry, ok in zip(_streamed(tool, data, run), run.choices, run.retried, run.correct):
            if retry:  # only after a failure, on another model, and the task's outcome is the retry's
                assert not t.correct[first] and retry != first, policy
                assert ok == t.correct[retry]
            else:
                assert ok == t.correct[first]
    # Without a quality price every failed first attempt is retried.
    run = runs["greedy+retry"]
    failed = [not t.correct[m] for t, m in zip(_streamed(tool, data, run), run.choices)]
    assert any(failed) and [bool(r) for r in run.retried] == failed


def test_the_server_learns_retries_apart_from_first_attempts(replayed):
    _, _, _, runs, _ = replayed
    for policy in ESCALATING:
        run = runs[policy]
        assert run.learned_first == dict(collections.Counter(run.choices)), policy
        assert run.learned_retries == dict(collections.Counter(m for m in run.retried if m)), policy
    assert runs["greedy+retry"].learned_retries["gpt-4-1106"] > 0
    # What retries show leaves first attempts alone: on the same order an escalating run makes the
    # first choices its one-shot twin makes.
    assert runs["greedy+retry"].choices == runs["greedy"].choices
    assert runs["thompson@0.0007+retry"].choices == runs["thompson@0.0007"].choices


def test_escalation_buys_accuracy_the_one_shot_run_lacks(replayed):
    _, _, _, runs, _ = replayed
    for policy in ("greedy", "thompson@0.0007"):
        one_shot, escalating = runs[policy], runs[policy + "+retry"]
        print(f"{policy}: accuracy {one_shot.accuracy:.3f} -> {escalating.accuracy:.3f}, cost "
              f"${one_shot.total_cost:.4f} -> ${escalating.total_cost:.4f}, retry rate {escalating.retry_rate:.3f}")
        assert escalating.accuracy > one_shot.accuracy
        assert escalating.total_cost > one_shot.total_cost


def test_a_quality_price_runs_only_the_retries_worth_their_cost(replayed):
    tool, data, _, runs, _ = replayed
    run = runs["greedy@0+retry"]
    assert run.accuracy < 1  # first attempts failed, and were ranked again
    assert run.retry_rate == 0 and run.learned_retries == {}  # at price 0 no retry is worth anything
    assert run.premium_fraction == 0  # price 0 picks the cheapest model first
    # At a middle price some failures are worth a retry and some (long prompts) are not.
    run = runs["thompson@0.0007+retry"]
    failed = sum(not t.correct[m] for t, m in zip(_streamed(tool, data, run), run.choices))
    retried = sum(bool(m) for m in run.retried)
    print(f"thompson@0.0007+retry: {retried} of {failed} failures retried")
    assert 0 < retried < failed


def test_the_cascade_reference_retries_every_cheap_failure_on_the_premium_model(replayed):
    tool, data, prices, runs, _ = replayed
    run = runs["cheap-then-premium"]
    premium, cheap = tool.premium_and_cheap(prices, data.models)
    streamed = _streamed(tool, data, run)
    assert run.choices == [cheap] * len(data.tasks)
    assert run.retried == [premium if not t.correct[cheap] else "" for t in streamed]
    assert run.accuracy == runs["oracle"].accuracy  # right when either model is
    expected = math.fsum(tool.cost_of(t, cheap, prices) + (0 if t.correct[cheap] else tool.cost_of(t, premium, prices))
                         for t in streamed)
    assert math.isclose(run.total_cost, expected, rel_tol=1e-9)
    retries = sum(not t.correct[cheap] for t in data.tasks)
    assert run.premium_fraction == retries / (len(data.tasks) + retries)  # a share of calls, not of tasks
    assert run.retry_rate == retries / len(data.tasks)
