"""run_learning reports each running A/B test's verdict as data (LearningReport.ab_tests), not only as
Markdown lines: checked against analyze_ab_test and SciPy through a real server and the Python client."""
import math

import numpy as np
from scipy import stats

from ab_support import run_tasks, value_per_dollar
from arbiter_client import abpb

TASK = {"priority": "P1", "domain": "backend", "complexity": "medium"}
SMALL = {"priority": "P3", "domain": "docs", "complexity": "simple"}


def outcome(vpd_means):
    def run(variant, top, rng):
        cost = float(rng.uniform(0.01, 0.03))
        vpd = rng.normal(vpd_means[variant], 200)
        return dict(actual_cost=cost, value_delivered=float(max(vpd, 0) * cost), quality_score=float(rng.uniform(7, 8)),
                    success=True, execution_time_seconds=30.0)
    return run


def test_run_learning_reports_each_running_tests_verdict_as_data(arbiter):
    client, _ = arbiter
    client.create_ab_test({"test_id": "win", "name": "multipliers", "control": {"name": "original_multipliers"},
                           "treatment": {"name": "learned_multipliers"}, "assignment_ratio": 0.5, "min_samples": 20,
                           "criteria": {"priorities": ["P1"]}})
    client.create_ab_test({"test_id": "young", "control": {"name": "conservative_subscription_usage"},
                           "treatment": {"name": "aggressive_subscription_filling"}, "assignment_ratio": 0.5, "min_samples": 50,
                           "stopping_rule": "fixed_horizon", "criteria": {"priorities": ["P3"]}})
    client.create_ab_test({"test_id": "done", "control": {"name": "sonnet_for_p2_infra"},
                           "treatment": {"name": "deepseek_for_p2_infra"}, "assignment_ratio": 0.5, "criteria": {"priorities": ["P0"]}})
    client.stop_ab_test("done")
    rng = np.random.default_rng(11)
    recorded = run_tasks(client, TASK, 120, outcome({"control": 2000, "treatment": 2600}), rng, "win")
    small = run_tasks(client, SMALL, 12, outcome({"control": 2000, "treatment": 2000}), rng, "young")

    report = client.run_learning()
    # Running tests only, in creation order.
    assert [s.test_id for s in report.ab_tests] == ["win", "young"]
    win, young = report.ab_tests

    analysis = client.analyze_ab_test("win")
    assert (win.name, win.status, win.verdict, win.winner) == ("multipliers", abpb.AB_TEST_ACTIVE, "winner", "treatment")
    assert (win.primary_metric, win.stopping_rule) == ("value_per_dollar", "sequential")
    assert (win.control_strategy, win.treatment_strategy) == ("original_multipliers", "learned_multipliers")
    assert win.HasField("sequential_p_value") and win.sequential_p_value == analysis.sequential.always_valid_p_value
    assert win.sequential_p_value < 0.05
    control, treatment = value_per_dollar(recorded, "control"), value_per_dollar(recorded, "treatment")
    expected = stats.ttest_ind(treatment, control, equal_var=False)
    assert math.isclose(win.fixed_horizon_p_value, expected.pvalue, rel_tol=1e-9, abs_tol=1e-300)
    assert (win.control_samples, win.treatment_samples) == (len(control), len(treatment))
    assert math.isclose(win.control_mean, np.mean(control), rel_tol=1e-12)
    assert math.isclose(win.treatment_mean, np.mean(treatment), rel_tol=1e-12)
    assert (win.control_samples_needed, win.treatment_samples_needed) == (0, 0)
    assert not win.verdict_withheld and not win.guardrail_failed

    # Too few samples: no sequential p yet, a fixed-horizon p beside it, and how many more each group needs.
    assert (young.verdict, young.winner, young.stopping_rule) == ("insufficient_data", "", "fixed_horizon")
    assert not young.HasField("sequential_p_value")
    young_control, young_treatment = value_per_dollar(small, "control"), value_per_dollar(small, "treatment")
    assert (young.control_samples, young.treatment_samples) == (len(young_control), len(young_treatment))
    assert (young.control_samples_needed, young.treatment_samples_needed) == (50 - len(young_control), 50 - len(young_treatment))
    assert young.HasField("fixed_horizon_p_value")
    assert math.isclose(young.fixed_horizon_p_value, stats.ttest_ind(young_treatment, young_control, equal_var=False).pvalue,
                        rel_tol=1e-9)

    # The Markdown section stays, and get_report hands back the same data.
    assert any("`win`" in line for s in report.sections if s.title == "A/B tests" for line in s.lines)
    assert list(client.get_report().report.ab_tests) == list(report.ab_tests)
    assert [s.test_id for s in client.run_learning(dry_run=True).ab_tests] == ["win", "young"]


def test_withheld_and_guardrail_flags(arbiter):
    client, _ = arbiter
    # Quality much worse for the cheaper-per-value treatment: a guardrail failure.
    client.create_ab_test({"test_id": "guard", "control": {"name": "original_multipliers"},
                           "treatment": {"name": "learned_multipliers"}, "assignment_ratio": 0.5, "min_samples": 20})
    rng = np.random.default_rng(3)

    def worse_quality(variant, top, rng):
        cost = float(rng.uniform(0.01, 0.03))
        vpd = rng.normal(2000 if variant == "control" else 2600, 200)
        quality = rng.normal(8.5 if variant == "control" else 5.0, 0.5)
        return dict(actual_cost=cost, value_delivered=float(max(vpd, 0) * cost), quality_score=float(np.clip(quality, 0, 10)),
                    success=True, execution_time_seconds=30.0)

    run_tasks(client, TASK, 120, worse_quality, rng, "guard")
    [guard] = client.run_learning(dry_run=True).ab_tests
    assert (guard.verdict, guard.winner, guard.guardrail_failed, guard.verdict_withheld) == ("guardrail_failed", "treatment", True, False)

    # Every execution recorded with the other variant than its task id hashes to: the assignment
    # is broken and the verdict withheld.
    client.stop_ab_test("guard")
    client.create_ab_test({"test_id": "srm", "control": {"name": "original_multipliers"},
                           "treatment": {"name": "learned_multipliers"}, "assignment_ratio": 0.5, "min_samples": 5})
    executions = []
    for i in range(60):
        ranking = client.rank_models(dict(TASK, task_id=f"srm-{i}"))
        top = ranking.models[0]
        executions.append(dict(task_id=f"srm-{i}", assigned_model=top.model, actual_cost=0.02, value_delivered=40.0 + i,
                               quality_score=7.0, success=True, ab_test_id="srm",
                               ab_variant="treatment" if ranking.ab_variant == "control" else "control", **TASK))
    assert list(client.record_executions(executions).rejected) == []
    [srm] = client.run_learning(dry_run=True).ab_tests
    assert srm.test_id == "srm" and srm.verdict == "sample_ratio_mismatch" and srm.verdict_withheld and srm.winner == ""
