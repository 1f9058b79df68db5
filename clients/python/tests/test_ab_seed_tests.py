"""The seed's three A/B tests, end to end through the Python client and the real server:
create, rank with variants, run on the top model, record with the test and variant, analyze
(checked against SciPy), graduate, and see production follow the winner.

Outcomes are simulated per model and variant (seeded), so every verdict is the data's.
"""
import math

import numpy as np
import pytest
from scipy import stats

from ab_support import run_tasks, value_per_dollar
from arbiter_client import ArbiterError, ErrorCode, abpb, learning_pb


def assert_primary_matches_scipy(analysis, control, treatment):
    assert analysis.misassigned == 0 and not analysis.sample_ratio_mismatch
    expected = stats.ttest_ind(treatment, control, equal_var=False)
    assert math.isclose(analysis.primary.t, expected.statistic, rel_tol=1e-9)
    assert math.isclose(analysis.primary.p_value, expected.pvalue, rel_tol=1e-9, abs_tol=1e-300)
    assert math.isclose(analysis.primary.degrees_of_freedom, expected.df, rel_tol=1e-9)


def test_seed_test_1_learned_complexity_multipliers(arbiter):
    client, _ = arbiter
    client.create_ab_test({
        "test_id": "test-001", "name": "Adjusted Complexity Multipliers",
        "description": "Test if learned complexity adjustments improve value delivery",
        "control": {"name": "original_multipliers", "complexity_multipliers": [
            {"complexity": c, "multiplier": m} for c, m in [("simple", 0.5), ("medium", 1.0), ("complex", 1.5), ("very_complex", 2.0)]]},
        "treatment": {"name": "learned_multipliers", "complexity_multipliers": [
            {"complexity": c, "multiplier": m} for c, m in [("simple", 0.6), ("medium", 1.1), ("complex", 1.7), ("very_complex", 2.3)]]},
        "assignment_ratio": 0.5, "min_samples": 50,
    })
    task = {"priority": "P1", "domain": "backend", "complexity": "medium"}

    def outcome(variant, top, rng):
        # The learned multipliers budget tokens closer to what medium tasks take: fewer retries, more value per dollar.
        assert top.estimate.predicted_input_tokens == (4000 if variant == "control" else 4400)
        cost = float(rng.uniform(0.01, 0.03))
        vpd = rng.normal(2000 if variant == "control" else 2300, 400)
        return dict(actual_cost=cost, value_delivered=float(max(vpd, 0) * cost), quality_score=float(np.clip(rng.normal(7.5, 1), 0, 10)),
                    success=bool(rng.random() < 0.9), execution_time_seconds=float(rng.uniform(20, 90)))

    rng = np.random.default_rng(1)
    recorded = run_tasks(client, task, 240, outcome, rng, "t1")
    analysis = client.analyze_ab_test("test-001")
    assert_primary_matches_scipy(analysis, value_per_dollar(recorded, "control"), value_per_dollar(recorded, "treatment"))
    assert analysis.stopping_rule == "sequential" and analysis.sequential.significant
    assert (analysis.verdict, analysis.winner) == ("winner", "treatment"), analysis.notes
    # The learning batch analyses running tests too, and reports their verdicts.
    report = client.run_learning()
    section = next(s for s in report.sections if s.title == "A/B tests")
    assert any("test-001" in line and "winner" in line for line in section.lines)
    graduated = client.graduate_ab_test("test-001")
    assert graduated.test.status == abpb.AB_TEST_GRADUATED and graduated.test.graduated_variant == "treatment"
    # Graduation is logged as an applied adjustment of type ab_graduation.
    [adjustment] = client.list_adjustments(parameter_type="ab_graduation")
    assert adjustment.parameter_name == "ab_test_test-001" and "learned_multipliers" in adjustment.adjustment_reason
    assert math.isclose(adjustment.original_value, np.mean(value_per_dollar(recorded, "control")), rel_tol=1e-12)
    assert math.isclose(adjustment.adjusted_value, np.mean(value_per_dollar(recorded, "treatment")), rel_tol=1e-12)
    assert adjustment.status == learning_pb.ADJUSTMENT_STATUS_APPLIED
    # Production now estimates with the learned multipliers, and names no test.
    estimate = client.estimate_task(dict(task, task_id="after-1"))
    assert (estimate.ab_test_id, estimate.ab_variant) == ("", "production")
    assert all(e.predicted_input_tokens == 4400 for e in estimate.estimates)
    assert client.estimate_task(dict(task, complexity="very_complex", task_id="after-2")).estimates[0].predicted_input_tokens == 9200


P2_INFRA = {"priority": "P2", "domain": "infrastructure", "complexity": "medium"}


def create_infra_test(client, test_id):
    client.create_ab_test({
        "test_id": test_id, "name": "Infrastructure Model Preference",
        "description": "Test if DeepSeek can handle P2 infrastructure tasks vs Sonnet",
        "control": {"name": "sonnet_for_p2_infra", "preferred_model": "sonnet-4.5"},
        "treatment": {"name": "deepseek_for_p2_infra", "preferred_model": "deepseek-v3"},
        "criteria": {"priorities": ["P2"], "domains": ["infrastructure"]},
        "assignment_ratio": 0.5, "min_samples": 30,
    })


def infra_outcome(quality):
    def outcome(variant, top, rng):
        assert top.model == ("sonnet-4.5" if variant == "control" else "deepseek-v3")
        assert top.assignment_reason == "strategy_preference"
        q = float(np.clip(rng.normal(quality[top.model], 1.0), 0, 10))
        cost = top.estimated_cost * float(rng.uniform(0.8, 1.25))
        return dict(actual_cost=cost, value_delivered=5 * q, quality_score=q, success=bool(rng.random() < 0.85),
                    execution_time_seconds=float(rng.uniform(30, 200)))
    return outcome


def test_seed_test_2_deepseek_vs_sonnet_for_p2_infrastructure(arbiter):
    client, _ = arbiter
    create_infra_test(client, "test-002")
    # Tasks outside the criteria are not in the test.
    other = client.rank_models({"task_id": "o-1", "priority": "P1", "domain": "infrastructure", "complexity": "medium"})
    assert (other.ab_test_id, other.ab_variant) == ("", "production")
    rng = np.random.default_rng(2)
    recorded = run_tasks(client, P2_INFRA, 120, infra_outcome({"sonnet-4.5": 8.0, "deepseek-v3": 7.9}), rng, "t2")
    analysis = client.analyze_ab_test("test-002")
    assert_primary_matches_scipy(analysis, value_per_dollar(recorded, "control"), value_per_dollar(recorded, "treatment"))
    assert analysis.treatment.avg_cost < analysis.control.avg_cost / 5
    assert analysis.quality.computed and analysis.quality.p_value >= 0.05  # quality holds
    assert (analysis.verdict, analysis.winner) == ("winner", "treatment"), analysis.notes
    client.graduate_ab_test("test-002")
    after = client.rank_models(dict(P2_INFRA, task_id="after"))
    assert (after.ab_variant, after.models[0].model, after.models[0].assignment_reason) == ("production", "deepseek-v3", "strategy_preference")
    # The graduated preference applies to the test's criteria only.
    backend = client.rank_models({"task_id": "b", "priority": "P2", "domain": "backend", "complexity": "medium"})
    assert backend.models[0].assignment_reason != "strategy_preference"


def test_seed_test_2_guardrail_flags_a_cheaper_but_worse_winner(arbiter):
    client, _ = arbiter
    create_infra_test(client, "test-002b")
    rng = np.random.default_rng(22)
    run_tasks(client, P2_INFRA, 120, infra_outcome({"sonnet-4.5": 8.5, "deepseek-v3": 6.0}), rng, "t2b")
    analysis = client.analyze_ab_test("test-002b")
    assert analysis.sequential.significant and analysis.sequential.decided_direction == 1  # deepseek wins on value per dollar
    assert analysis.quality.p_value < 0.05 and analysis.quality.difference < 0
    assert (analysis.verdict, analysis.winner) == ("guardrail_failed", "treatment")
    assert any("quality_score" in note and "not graduated" in note for note in analysis.notes)
    with pytest.raises(ArbiterError) as error:
        client.graduate_ab_test("test-002b")
    assert error.value.code == ErrorCode.FAILED_PRECONDITION
    assert client.get_ab_test("test-002b").status == abpb.AB_TEST_ACTIVE


def test_seed_test_3_subscription_threshold_70_vs_50(arbiter):
    client, server = arbiter
    client.create_ab_test({
        "test_id": "test-003", "name": "Maximize Subscription ROI", "description": "Test aggressive subscription filling strategy",
        "control": {"name": "conservative_subscription_usage", "subscription_threshold": 70},
        "treatment": {"name": "aggressive_subscription_filling", "subscription_threshold": 50},
        "assignment_ratio": 0.5, "min_samples": 100,
        # The seed measures total value delivered: the quota is paid for whether it is used or not.
        "primary_metric": "value_delivered",
    })
    task = {"priority": "P2", "domain": "backend", "complexity": "medium"}  # valued 50

    def outcome(variant, top, rng):
        if variant == "treatment":
            assert (top.model, top.assignment_reason) == ("claude-max", "subscription_quota")
        else:
            assert top.model != "claude-max"
        q = float(np.clip(rng.normal(8.6 if top.model == "claude-max" else 7.6, 1.0), 0, 10))
        return dict(actual_cost=top.estimated_cost, value_delivered=50 * q / 10, quality_score=q, success=bool(rng.random() < 0.9),
                    execution_time_seconds=float(rng.uniform(30, 120)))

    rng = np.random.default_rng(3)
    recorded = run_tasks(client, task, 300, outcome, rng, "t3")
    analysis = client.analyze_ab_test("test-003")
    values = {v: [e["value_delivered"] for e in recorded if e["ab_variant"] == v] for v in ("control", "treatment")}
    assert_primary_matches_scipy(analysis, values["control"], values["treatment"])
    assert analysis.primary_metric == "value_delivered"
    assert (analysis.verdict, analysis.winner) == ("winner", "treatment"), analysis.notes
    client.graduate_ab_test("test-003")
    after = client.rank_models(dict(task, task_id="after"))
    assert (after.ab_variant, after.models[0].model, after.models[0].assignment_reason) == ("production", "claude-max", "subscription_quota")
    assert [t.status for t in client.list_ab_tests()] == [abpb.AB_TEST_GRADUATED]
    # The graduated default survives a restart.
    server.restart()
    client = server.client()
    again = client.rank_models(dict(task, task_id="after-restart"))
    assert (again.ab_variant, again.models[0].model, again.models[0].assignment_reason) == ("production", "claude-max", "subscription_quota")
    assert len(client.list_adjustments(parameter_type="ab_graduation")) == 1
