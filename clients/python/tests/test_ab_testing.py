"""A/B tests as objects, assignment, and analysis, through the Python client and the real server."""
import math
import time

import numpy as np
import pytest
from scipy import stats

from ab_support import expected_variant, run_tasks, value_per_dollar
from arbiter_client import ArbiterError, ErrorCode, abpb, pb

MULTIPLIERS = {
    "control": {"name": "original_multipliers", "complexity_multipliers": [
        {"complexity": c, "multiplier": m} for c, m in [("simple", 0.5), ("medium", 1.0), ("complex", 1.5), ("very_complex", 2.0)]]},
    "treatment": {"name": "learned_multipliers", "complexity_multipliers": [
        {"complexity": c, "multiplier": m} for c, m in [("simple", 0.6), ("medium", 1.1), ("complex", 1.7), ("very_complex", 2.3)]]},
}


def multipliers_test(test_id="t-mult", **extra):
    test = {"test_id": test_id, "name": "multipliers", "control": MULTIPLIERS["control"], "treatment": MULTIPLIERS["treatment"],
            "assignment_ratio": 0.5, "min_samples": 10}
    test.update(extra)
    return test


def now_ms():
    return int(time.time() * 1000)


def test_create_get_list_stop(arbiter):
    client, _ = arbiter
    created = client.create_ab_test({"test_id": "t1", "control": MULTIPLIERS["control"], "treatment": MULTIPLIERS["treatment"],
                                     "assignment_ratio": 0.5})
    assert created.status == abpb.AB_TEST_ACTIVE
    assert created.min_samples == 30 and created.significance_level == 0.05
    assert created.primary_metric == "value_per_dollar" and created.stopping_rule == "sequential"
    assert abs(created.start_ms - now_ms()) < 60_000 and created.end_ms == 0
    assert client.get_ab_test("t1") == created
    client.create_ab_test(multipliers_test("t2"))
    assert [t.test_id for t in client.list_ab_tests()] == ["t1", "t2"]
    stopped = client.stop_ab_test("t1")
    assert stopped.status == abpb.AB_TEST_STOPPED and stopped.stopped_ms > 0
    with pytest.raises(ArbiterError) as error:
        client.get_ab_test("nope")
    assert error.value.code == ErrorCode.NOT_FOUND and error.value.field == "test_id"


@pytest.mark.parametrize("change,code,field", [
    ({"test_id": "dup"}, ErrorCode.ALREADY_EXISTS, "test.test_id"),
    ({"assignment_ratio": 0.0}, ErrorCode.INVALID_ARGUMENT, "test.assignment_ratio"),
    ({"assignment_ratio": 1.0}, ErrorCode.INVALID_ARGUMENT, "test.assignment_ratio"),
    ({"assignment_ratio": -0.2}, ErrorCode.INVALID_ARGUMENT, "test.assignment_ratio"),
    ({"min_samples": 1}, ErrorCode.INVALID_ARGUMENT, "test.min_samples"),
    ({"control": {}}, ErrorCode.INVALID_ARGUMENT, "test.control.name"),
    ({"treatment": {"name": "nothing_defined"}}, ErrorCode.INVALID_ARGUMENT, "test.treatment"),
    ({"treatment": {"name": "bad", "complexity_multipliers": [{"complexity": "simple", "multiplier": -1}]}},
     ErrorCode.INVALID_ARGUMENT, "test.treatment.complexity_multipliers.simple"),
    ({"treatment": {"name": "bad", "ranking_strategy": "random"}}, ErrorCode.INVALID_ARGUMENT, "test.treatment.ranking_strategy"),
    ({"treatment": MULTIPLIERS["control"]}, ErrorCode.INVALID_ARGUMENT, "test.treatment"),
    ({"primary_metric": "vibes"}, ErrorCode.INVALID_ARGUMENT, "test.primary_metric"),
    ({"treatment": {"name": "typo", "preferred_model": "deepsek-v3"}}, ErrorCode.INVALID_ARGUMENT, "test.treatment.preferred_model"),
    ({"stopping_rule": "whenever"}, ErrorCode.INVALID_ARGUMENT, "test.stopping_rule"),
    ({"treatment": {"name": "bad", "quality_price": -1}}, ErrorCode.INVALID_ARGUMENT, "test.treatment.quality_price"),
    ({"treatment": {"name": "bad", "quality_tolerance": 1, "quality_price": 0.1}}, ErrorCode.INVALID_ARGUMENT,
     "test.treatment.quality_price"),
    ({"significance_level": 0.7}, ErrorCode.INVALID_ARGUMENT, "test.significance_level"),
    ({"test_id": ""}, ErrorCode.INVALID_ARGUMENT, "test.test_id"),
    # Strings and lists are bounded as in executions and rank requests (257 bytes, 1,001 entries).
    ({"name": "n" * 257}, ErrorCode.INVALID_ARGUMENT, "test.name"),
    ({"description": "d" * 1025}, ErrorCode.INVALID_ARGUMENT, "test.description"),
    ({"criteria": {"domains": ["backend", "x" * 257]}}, ErrorCode.INVALID_ARGUMENT, "test.criteria.domains[1]"),
    ({"criteria": {"models": [f"m{i}" for i in range(1001)]}}, ErrorCode.RESOURCE_EXHAUSTED, "test.criteria.models"),
    ({"treatment": {"name": "s" * 257, "preferred_model": "deepseek-v3"}}, ErrorCode.INVALID_ARGUMENT, "test.treatment.name"),
    ({"treatment": {"name": "long", "description": "d" * 1025, "preferred_model": "deepseek-v3"}}, ErrorCode.INVALID_ARGUMENT,
     "test.treatment.description"),
    ({"treatment": {"name": "many", "complexity_multipliers": [{"complexity": f"c{i}", "multiplier": 1.5} for i in range(1001)]}},
     ErrorCode.RESOURCE_EXHAUSTED, "test.treatment.complexity_multipliers"),
])
def test_create_rejects_bad_tests_naming_the_field(arbiter, change, code, field):
    client, _ = arbiter
    client.create_ab_test(multipliers_test("dup"))
    with pytest.raises(ArbiterError) as error:
        client.create_ab_test(dict(multipliers_test("fresh"), **change))
    assert (error.value.code, error.value.field) == (code, field), error.value
    # The server keeps serving and lost nothing.
    assert [t.test_id for t in client.list_ab_tests()] == ["dup"]


def pipelined_assignments(client, ids):
    """assign_variant for every id, pipelined 64 deep; returns {task_id: (test_id, variant)}."""
    answers = {}
    pending = {}
    window = 64
    it = iter(ids)
    done = False
    while not done or pending:
        while not done and len(pending) < window:
            task_id = next(it, None)
            if task_id is None:
                done = True
                break
            request = pb.Request()
            request.assign_variant.task_id = task_id
            request.assign_variant.priority = "P1"
            request.assign_variant.domain = "backend"
            request.assign_variant.complexity = "medium"
            pending[client.send(request)] = task_id
        if pending:
            response = client.receive()
            task_id = pending.pop(response.request_id)
            assert response.error.code == 0, response.error
            answers[task_id] = (response.assign_variant.test_id, response.assign_variant.variant)
    return answers


def test_split_of_100000_task_ids_is_within_one_percent_and_sticky_across_restart(arbiter):
    client, server = arbiter
    ratio = 0.3
    client.create_ab_test(multipliers_test("split", assignment_ratio=ratio))
    ids = [f"task-{i}" for i in range(100_000)]
    first = pipelined_assignments(client, ids)
    control = sum(1 for _, variant in first.values() if variant == "control")
    share = control / len(ids)
    print(f"control share of 100,000 task ids at assignment_ratio {ratio}: {share:.5f}")
    assert abs(share - ratio) <= 0.01 * ratio
    # The documented hash, computed independently, predicts every assignment.
    assert all(first[t] == ("split", expected_variant("split", t, ratio)) for t in ids)
    # Sticky: asked again, and after a restart.
    sample = ids[::37]
    assert {t: client.assign_variant({"task_id": t, "priority": "P1", "domain": "backend", "complexity": "medium"}).variant
            for t in sample[:200]} == {t: first[t][1] for t in sample[:200]}
    server.restart()
    client = server.client()
    again = pipelined_assignments(client, sample)
    assert again == {t: first[t] for t in sample}
    assert client.get_ab_test("split").status == abpb.AB_TEST_ACTIVE


def test_criteria_first_by_start_date_and_expired_or_stopped_tests_assign_production(arbiter):
    client, _ = arbiter
    task = {"task_id": "x-1", "priority": "P2", "domain": "infrastructure", "complexity": "medium"}
    now = now_ms()
    client.create_ab_test(multipliers_test("late", start_ms=now - 1000, criteria={"priorities": ["P2"]}))
    client.create_ab_test(multipliers_test("early", start_ms=now - 5000, criteria={"domains": ["infrastructure"]}))
    client.create_ab_test(multipliers_test("other", criteria={"priorities": ["P0"]}))
    client.create_ab_test(multipliers_test("models", criteria={"models": ["no-such-model"]}))
    assert client.assign_variant(task).test_id == "early"
    client.stop_ab_test("early")
    assert client.assign_variant(task).test_id == "late"
    client.stop_ab_test("late")
    assigned = client.assign_variant(task)
    assert (assigned.test_id, assigned.variant, assigned.strategy) == ("", "production", "")
    client.create_ab_test(multipliers_test("expired", start_ms=now - 7_200_000, end_ms=now - 3_600_000))
    client.create_ab_test(multipliers_test("future", start_ms=now + 3_600_000))
    assert client.assign_variant(task).variant == "production"
    ranking = client.rank_models(task)
    assert (ranking.ab_test_id, ranking.ab_variant) == ("", "production")
    # A models criterion matches when a candidate is among them.
    assert client.assign_variant(task, candidates=["no-such-model", "gpt-5"]).test_id == "models"


def test_rank_and_estimate_apply_the_variant_strategy(arbiter):
    client, _ = arbiter
    client.create_ab_test(multipliers_test("mult"))
    seen = set()
    for i in range(40):
        task = {"task_id": f"m-{i}", "priority": "P1", "domain": "backend", "complexity": "complex"}
        variant = expected_variant("mult", task["task_id"], 0.5)
        multiplier = 1.5 if variant == "control" else 1.7
        estimate = client.estimate_task(task)
        ranking = client.rank_models(task)
        assert (estimate.ab_test_id, estimate.ab_variant) == ("mult", variant)
        assert (ranking.ab_test_id, ranking.ab_variant) == ("mult", variant)
        assert all(e.predicted_input_tokens == round(4000 * multiplier) for e in estimate.estimates)
        assert all(m.estimate.predicted_output_tokens == round(2000 * multiplier) for m in ranking.models)
        seen.add(variant)
    assert seen == {"control", "treatment"}


def test_a_variants_quality_price_replaces_the_requests_trade_off(arbiter):
    client, _ = arbiter
    candidates = [m.name for m in client.list_models().models if m.enabled and not m.HasField("subscription")]
    client.create_ab_test({"test_id": "price", "name": "cheapest vs best", "assignment_ratio": 0.5, "min_samples": 10,
                           "control": {"name": "cheapest", "quality_price": 0},
                           "treatment": {"name": "best", "quality_price": 1000}})
    stored = client.get_ab_test("price")
    assert stored.control.quality_price == 0 and stored.control.HasField("quality_price")
    assert stored.treatment.quality_price == 1000 and not stored.treatment.HasField("quality_tolerance")
    seen = set()
    for i in range(30):
        task = {"task_id": f"p-{i}", "priority": "P2", "domain": "backend", "complexity": "medium"}
        variant = expected_variant("price", task["task_id"], 0.5)
        # The request asks for value per dollar among models within 10 points (no constraint); the variant's price wins.
        ranked = client.rank_models(task, candidates=candidates, quality_tolerance=10)
        assert (ranked.ab_test_id, ranked.ab_variant) == ("price", variant)
        top = ranked.models[0]
        if variant == "control":
            assert top.estimated_cost == min(m.estimated_cost for m in ranked.models)
        else:
            effect = lambda m: m.expected_quality * m.expected_success_rate
            assert effect(top) == max(effect(m) for m in ranked.models)
        assert [m.score for m in ranked.models] == sorted((m.score for m in ranked.models), reverse=True)
        seen.add(variant)
    assert seen == {"control", "treatment"}


def outcome_with(vpd_means, quality_means):
    def outcome(variant, top, rng):
        cost = float(rng.uniform(0.05, 0.2))
        return dict(actual_cost=cost, value_delivered=float(max(0.0, rng.normal(vpd_means[variant], 10)) * cost),
                    quality_score=float(np.clip(rng.normal(quality_means[variant], 0.8), 0, 10)), success=bool(rng.random() < 0.9),
                    execution_time_seconds=float(rng.uniform(10, 100)))
    return outcome


def test_analysis_matches_scipy_and_reports_samples_needed(arbiter):
    client, _ = arbiter
    client.create_ab_test(multipliers_test("an", min_samples=40, stopping_rule="fixed_horizon"))
    rng = np.random.default_rng(3)
    task = {"priority": "P1", "domain": "backend", "complexity": "medium"}
    recorded = run_tasks(client, task, 30, outcome_with({"control": 100, "treatment": 112}, {"control": 7, "treatment": 7}), rng, "an")
    analysis = client.analyze_ab_test("an")
    n_control = sum(1 for e in recorded if e["ab_variant"] == "control")
    assert analysis.verdict == "insufficient_data"
    assert analysis.control_samples_needed == 40 - n_control
    assert analysis.treatment_samples_needed == 40 - (30 - n_control)
    assert any("more control" in note for note in analysis.notes)
    recorded += run_tasks(client, task, 170, outcome_with({"control": 100, "treatment": 112}, {"control": 7, "treatment": 7}), rng, "an2")
    analysis = client.analyze_ab_test("an")
    control, treatment = value_per_dollar(recorded, "control"), value_per_dollar(recorded, "treatment")
    expected = stats.ttest_ind(treatment, control, equal_var=False)
    assert math.isclose(analysis.primary.t, expected.statistic, rel_tol=1e-9)
    assert math.isclose(analysis.primary.p_value, expected.pvalue, rel_tol=1e-9)
    assert math.isclose(analysis.primary.degrees_of_freedom, expected.df, rel_tol=1e-9)
    assert analysis.control.total_tasks == len(control) and analysis.treatment.total_tasks == len(treatment)
    assert math.isclose(analysis.control.value_per_dollar, np.mean(control), rel_tol=1e-12)
    qualities = [e["quality_score"] for e in recorded if e["ab_variant"] == "treatment"]
    assert math.isclose(analysis.treatment.avg_quality_score, np.mean(qualities), rel_tol=1e-12)
    assert analysis.sample_ratio.computed and not analysis.sample_ratio_mismatch
    assert math.isclose(analysis.sample_ratio.p_value, stats.chisquare([len(control), len(treatment)]).pvalue, rel_tol=1e-9)
    # Fixed horizon decides by Welch; the sequential test is reported beside it.
    assert analysis.stopping_rule == "fixed_horizon" and analysis.sequential.computed
    assert analysis.verdict == ("winner" if expected.pvalue < 0.05 else "no_difference")


def test_sample_ratio_mismatch_withholds_the_verdict(arbiter):
    client, _ = arbiter
    client.create_ab_test(multipliers_test("srm", min_samples=10))
    rng = np.random.default_rng(8)
    executions = []
    # A broken worker records most tasks as control, whatever the ranking said.
    for i in range(300):
        variant = "control" if i % 10 else "treatment"
        cost = 0.1
        executions.append(dict(task_id=f"srm-{i}", priority="P1", domain="backend", complexity="medium", assigned_model="gpt-5",
                               actual_cost=cost, value_delivered=(50.0 if variant == "control" else 200.0) * cost + rng.normal(0, 0.1),
                               quality_score=7.0, success=True, ab_test_id="srm", ab_variant=variant))
    client.record_executions(executions)
    analysis = client.analyze_ab_test("srm")
    assert analysis.sample_ratio_mismatch and analysis.sample_ratio.p_value < 0.001
    assert analysis.verdict == "sample_ratio_mismatch" and analysis.winner == ""
    assert analysis.misassigned == sum(1 for e in executions if e["ab_variant"] != expected_variant("srm", e["task_id"], 0.5))
    with pytest.raises(ArbiterError) as error:
        client.graduate_ab_test("srm")
    assert error.value.code == ErrorCode.FAILED_PRECONDITION


def test_variants_recorded_against_the_hash_withhold_the_verdict(arbiter):
    """A worker that swaps variants keeps the split (chi-square sees nothing) but breaks the assignment."""
    client, _ = arbiter
    client.create_ab_test(multipliers_test("swap", min_samples=10))
    rng = np.random.default_rng(9)
    executions = []
    for i in range(400):
        task_id = f"swap-{i}"
        variant = expected_variant("swap", task_id, 0.5)
        # Every tenth task of each variant is recorded as the other one, and the better outcomes follow the label.
        if i % 10 == 0:
            variant = "treatment" if variant == "control" else "control"
        cost = 0.1
        executions.append(dict(task_id=task_id, priority="P1", domain="backend", complexity="medium", assigned_model="gpt-5",
                               actual_cost=cost, value_delivered=(50.0 if variant == "control" else 80.0) * cost * rng.uniform(0.9, 1.1),
                               quality_score=7.0, success=True, ab_test_id="swap", ab_variant=variant))
    client.record_executions(executions)
    analysis = client.analyze_ab_test("swap")
    assert analysis.sample_ratio.p_value > 0.001
    assert analysis.misassigned == 40
    assert analysis.sample_ratio_mismatch and analysis.verdict == "sample_ratio_mismatch" and analysis.winner == ""


def test_recorded_variant_must_be_a_variant(arbiter):
    client, _ = arbiter
    base = dict(task_id="v-1", priority="P1", domain="backend", complexity="medium", assigned_model="gpt-5", quality_score=5)
    with pytest.raises(ArbiterError) as error:
        client.record_execution(dict(base, ab_test_id="t", ab_variant="blue"))
    assert (error.value.code, error.value.field) == (ErrorCode.INVALID_ARGUMENT, "execution.ab_variant")
    client.record_execution(dict(base, ab_variant="production"))


def test_tests_survive_restart(arbiter):
    client, server = arbiter
    client.create_ab_test(multipliers_test("keep"))
    client.create_ab_test(multipliers_test("gone"))
    client.stop_ab_test("gone")
    server.restart()
    client = server.client()
    assert [(t.test_id, t.status) for t in client.list_ab_tests()] == [("keep", abpb.AB_TEST_ACTIVE), ("gone", abpb.AB_TEST_STOPPED)]
    assert client.rank_models({"task_id": "k", "priority": "P1", "domain": "d", "complexity": "simple"}).ab_test_id == "keep"


def test_strategies_named_in_the_catalog(start_arbiter, tmp_path):
    client, _ = start_arbiter(extra_args=["--catalog-dir", str(tmp_path)])
    # The built-in catalog defines the seed's six strategies: a name is enough.
    created = client.create_ab_test({"test_id": "by-name", "control": {"name": "conservative_subscription_usage"},
                                     "treatment": {"name": "aggressive_subscription_filling"}, "assignment_ratio": 0.5})
    assert created.control.subscription_threshold == 70 and created.treatment.subscription_threshold == 50
    # A catalog file of one's own, loaded by reload_catalog.
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "models:\n"
        "  - {name: a, tier: premium, input_price_per_million: 3, output_price_per_million: 15}\n"
        "  - {name: b, tier: cheap, input_price_per_million: 0.1, output_price_per_million: 0.2}\n"
        "strategies:\n"
        "  prefer_b: {preferred_model: b, ranking_strategy: thompson}\n"
        "  prefer_a: {preferred_model: a}\n"
        "  priced: {quality_price: 0.25, description: best quality at a quarter-dollar a point}\n")
    client.reload_catalog(str(catalog))
    client.stop_ab_test("by-name")
    created = client.create_ab_test({"test_id": "file", "control": {"name": "prefer_a"}, "treatment": {"name": "prefer_b"},
                                     "assignment_ratio": 0.5})
    assert created.treatment.preferred_model == "b" and created.treatment.ranking_strategy == "thompson"
    for i in range(20):
        ranking = client.rank_models({"task_id": f"f-{i}", "priority": "P1", "domain": "d", "complexity": "simple"})
        expected = "a" if ranking.ab_variant == "control" else "b"
        assert ranking.models[0].model == expected and ranking.models[0].assignment_reason == "strategy_preference"
        assert ranking.strategy == ("thompson" if expected == "b" else "greedy")
    client.stop_ab_test("file")
    priced = client.create_ab_test({"test_id": "priced", "control": {"name": "prefer_a"}, "treatment": {"name": "priced"},
                                    "assignment_ratio": 0.5})
    assert priced.treatment.quality_price == 0.25 and priced.treatment.HasField("quality_price")
    with pytest.raises(ArbiterError) as error:
        client.create_ab_test({"test_id": "gone", "control": {"name": "learned_multipliers"}, "treatment": {"name": "prefer_b"},
                               "assignment_ratio": 0.5})
    assert (error.value.code, error.value.field) == (ErrorCode.INVALID_ARGUMENT, "test.control")
    # A bad strategy in a file is refused with its line; the old catalog stays.
    catalog.write_text(catalog.read_text() + "  broken: {subscription_threshold: .nan}\n")
    with pytest.raises(ArbiterError) as error:
        client.reload_catalog(str(catalog))
    assert "strategies.broken" in str(error.value)
