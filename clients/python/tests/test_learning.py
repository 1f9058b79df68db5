"""The learning batch against a real server: each calibration rule on both sides of its
threshold, the figures against NumPy (learning_reference.py), graduation, the adjustment
log across restarts, dry runs and request errors."""
import math
import re
from pathlib import Path

import numpy as np
import pytest

from arbiter_client import ArbiterError, ErrorCode, learning_pb, pb

import learning_reference as ref

DAY = ref.DAY_MS
AS_OF = 1_790_000_000_000  # a fixed "now" for every run, so windows are exact
MODEL = "test-model"  # not in the catalog: no cost analysis interferes


def execution(i, prefix="e", **fields):
    e = {
        "execution_id": f"{prefix}-{i}", "task_id": f"t-{i}", "priority": "P2", "domain": "backend", "complexity": "medium",
        "predicted_value_score": 50.0, "predicted_input_tokens": 1000, "predicted_output_tokens": 500,
        "assigned_model": MODEL, "actual_input_tokens": 1000, "actual_output_tokens": 500, "actual_cost": 0.5,
        "success": True, "quality_score": 7.0, "timestamp_ms": AS_OF - DAY - i * 60_000,
    }
    e.update(fields)
    return e


def record(client, executions):
    for start in range(0, len(executions), 1000):
        outcome = client.record_executions(executions[start:start + 1000])
        assert outcome.accepted == len(executions[start:start + 1000]), outcome
    return executions


def ratios_with_mean(rng, n, mean, spread=0.05):
    """n ratios whose mean is `mean` to within rounding of the tokens."""
    r = rng.uniform(-spread, spread, n)
    return mean + r - r.mean()


def names(adjustments):
    return {a.parameter_name for a in adjustments}


def by_name(adjustments):
    return {a.parameter_name: a for a in adjustments}


def assert_groups_match(groups, expected, fields):
    """Each reported group's count and `fields` equal the reference's (n, *means) for it."""
    for group in groups:
        n, *means = expected[group.dimension][group.label]
        assert group.executions == n, group.label
        for field, mean in zip(fields, means):
            assert math.isclose(getattr(group, field), mean, rel_tol=1e-12), (group.label, field)


# ---------------------------------------------------------------- token calibration


def test_token_ratio_15_percent_line_and_numpy_means(arbiter):
    client, _ = arbiter
    rng = np.random.default_rng(1)
    executions = []

    def add(complexity, domain, mean):
        for ratio in ratios_with_mean(rng, 60, mean):
            predicted = int(rng.integers(2000, 9000))
            executions.append(execution(
                len(executions), complexity=complexity, domain=domain, predicted_input_tokens=predicted,
                actual_input_tokens=int(round(predicted * ratio)), predicted_output_tokens=400, actual_output_tokens=400))

    # Complexity lines: each complexity alone in its domain, 14% and 16% over, 14% and 16% under.
    for complexity, domain, mean in [("c114", "d114", 1.14), ("c116", "d116", 1.16), ("c086", "d086", 0.86), ("c084", "d084", 0.84)]:
        add(complexity, domain, mean)
    # Domain lines: four domains sharing complexity "cd", whose mean (1.0) is on target.
    for domain, mean in [("e114", 1.14), ("e116", 1.16), ("e086", 0.86), ("e084", 0.84)]:
        add("cd", domain, mean)
    record(client, executions)
    expected = ref.token_calibration(ref.columns(executions), AS_OF)
    report = client.run_learning(AS_OF, dry_run=True)

    assert report.tokens.executions == expected["executions"] == len(executions)
    assert_groups_match(report.tokens.groups, expected, ["mean_input_ratio", "mean_output_ratio"])
    assert {g.label for g in report.tokens.groups} == {
        "c114", "c116", "c086", "c084", "cd", "d114", "d116", "d086", "d084", "e114", "e116", "e086", "e084"}
    # The measured means sit on the intended side of the 15% line.
    for label, (n, mean_in, _) in expected["complexity"].items():
        assert (abs(mean_in - 1) > 0.15) == (label in ("c116", "c084"))
    for label, (mean_in, _) in expected["domain_residual"].items():
        assert (abs(mean_in - 1) > 0.15) == (label in ("e116", "e084"))

    proposed = by_name(report.adjustments)
    # d116 and d084 are as far off as their complexities, whose factors correct them: residual 1.0, no second correction.
    assert set(proposed) == {
        "token_estimate_input_c116", "token_estimate_input_c084",
        "token_estimate_input_domain_e116", "token_estimate_input_domain_e084",
    }
    assert math.isclose(expected["domain_residual"]["d116"][0], 1.0, rel_tol=1e-12)
    adjustment = proposed["token_estimate_input_c116"]
    assert adjustment.parameter_type == "token_estimation"
    assert adjustment.original_value == 1.0
    assert math.isclose(adjustment.adjusted_value, expected["complexity"]["c116"][1], rel_tol=1e-12)
    assert adjustment.confidence_score == 1.0  # min(60 / 50, 1)
    assert "1.160" in adjustment.adjustment_reason
    domain = proposed["token_estimate_input_domain_e116"]
    assert math.isclose(domain.adjusted_value, expected["domain_residual"]["e116"][0], rel_tol=1e-12)
    assert "1.160 after this run's complexity factors" in domain.adjustment_reason


def test_executions_without_token_counts_are_not_read_as_a_ratio_of_zero(arbiter):
    """A worker that does not count tokens sends 0. Read as actual / predicted that is a ratio of 0,
    which would drive the factor to 0 (applied at full confidence, raising drift alerts, while
    estimation ignores it); such rows are not read."""
    client, _ = arbiter
    uncounted = [execution(i, prefix="none", complexity="nt", domain="dn", actual_input_tokens=0, actual_output_tokens=0)
                 for i in range(60)]
    input_only = [execution(i, prefix="half", complexity="nt", domain="dn", actual_output_tokens=0) for i in range(10)]
    counted = [execution(i, prefix="some", complexity="nt", domain="dn", actual_input_tokens=1300) for i in range(20)]
    executions = record(client, uncounted + input_only + counted)
    expected = ref.token_calibration(ref.columns(executions), AS_OF)
    report = client.run_learning(AS_OF)
    assert report.tokens.executions == expected["executions"] == 20
    assert_groups_match(report.tokens.groups, expected, ["mean_input_ratio", "mean_output_ratio"])
    [nt] = [g for g in report.tokens.groups if g.label == "nt"]
    assert nt.executions == 20 and math.isclose(nt.mean_input_ratio, 1.3) and nt.mean_output_ratio == 1.0
    logged = by_name(report.adjustments)
    assert set(logged) == {"token_estimate_input_nt"}
    assert math.isclose(logged["token_estimate_input_nt"].adjusted_value, 1.3)
    assert logged["token_estimate_input_nt"].confidence_score == 0.4


def test_token_confidence_and_window(arbiter):
    client, _ = arbiter
    # 20 executions 40% over inside the 30-day window, 30 more outside it.
    inside = [execution(i, complexity="c", actual_input_tokens=1400) for i in range(20)]
    outside = [execution(100 + i, complexity="c", actual_input_tokens=3000, timestamp_ms=AS_OF - 31 * DAY) for i in range(30)]
    record(client, inside + outside)
    report = client.run_learning(AS_OF, dry_run=True)
    adjustment = by_name(report.adjustments)["token_estimate_input_c"]
    assert math.isclose(adjustment.adjusted_value, 1.4, rel_tol=1e-12)
    assert math.isclose(adjustment.confidence_score, 20 / 50, rel_tol=1e-12)
    assert adjustment.status == learning_pb.ADJUSTMENT_STATUS_PROPOSED
    # A 60-day token window takes the old executions in as well.
    wide = client.run_learning(AS_OF, token_window_days=60, dry_run=True)
    adjustment = by_name(wide.adjustments)["token_estimate_input_c"]
    assert math.isclose(adjustment.adjusted_value, (20 * 1.4 + 30 * 3.0) / 50, rel_tol=1e-12)
    assert adjustment.confidence_score == 1.0


# ---------------------------------------------------------------- value calibration


def test_value_needs_20_executions_with_a_value(arbiter):
    client, _ = arbiter
    rng = np.random.default_rng(2)
    # Values far from the predictions, so a calibrated run would certainly adjust something.
    with_value = [execution(i, priority="P1", predicted_value_score=float(rng.uniform(20, 80)), value_delivered=float(rng.uniform(0, 10)),
                            timestamp_ms=AS_OF - 10 * DAY + i * 3_600_000) for i in range(20)]
    without_value = [execution(100 + i, priority="P1") for i in range(30)]
    record(client, with_value + without_value)
    cols = ref.columns(with_value + without_value)

    nineteen = client.run_learning(with_value[19]["timestamp_ms"] - 1, dry_run=True)  # the 20th is after as_of
    assert ref.value_calibration(cols, with_value[19]["timestamp_ms"] - 1)["executions"] == 19
    assert nineteen.values.executions == 19
    assert not nineteen.values.enough_data
    assert not nineteen.values.HasField("correlation") and len(nineteen.values.groups) == 0
    assert not any(a.parameter_type == "value_scoring" for a in nineteen.adjustments)
    markdown = client.get_report("markdown", as_of_ms=with_value[19]["timestamp_ms"] - 1).document
    assert "Not enough data" in markdown

    twenty = client.run_learning(with_value[19]["timestamp_ms"], dry_run=True)
    assert twenty.values.executions == 20 and twenty.values.enough_data
    assert any(a.parameter_type == "value_scoring" for a in twenty.adjustments)


def correlated(rng, n, r):
    """Predicted and delivered values with Pearson correlation exactly `r` (to rounding), both positive."""
    x = rng.normal(0, 1, n)
    x = (x - x.mean()) / x.std()
    noise = rng.normal(0, 1, n)
    noise -= noise.mean()
    noise -= (noise @ x) / (x @ x) * x  # orthogonal to x
    noise /= noise.std()
    y = r * x + math.sqrt(1 - r * r) * noise
    return 50 + 10 * x, 90 + 10 * y  # delivered 1.8x predicted on average: every ratio is far off


@pytest.mark.parametrize("r, examined", [(0.59, True), (0.61, False)])
def test_priority_weights_only_below_correlation_0_6(arbiter, r, examined):
    client, _ = arbiter
    rng = np.random.default_rng(3)
    predicted, delivered = correlated(rng, 200, r)
    executions = [execution(i, priority=["P0", "P1"][i % 2], domain=["web", "ml"][(i // 2) % 2],
                            predicted_value_score=float(p), value_delivered=float(d))
                  for i, (p, d) in enumerate(zip(predicted, delivered))]
    record(client, executions)
    expected = ref.value_calibration(ref.columns(executions), AS_OF)
    report = client.run_learning(AS_OF, dry_run=True)

    assert report.values.enough_data and report.values.executions == 200
    assert math.isclose(report.values.correlation, expected["correlation"], rel_tol=1e-9, abs_tol=1e-12)
    assert abs(report.values.correlation - r) < 1e-9
    assert report.values.priorities_examined == examined
    for group in report.values.groups:
        n, mean_predicted, mean_delivered = expected[group.dimension][group.label]
        assert group.executions == n
        assert math.isclose(group.mean_predicted, mean_predicted, rel_tol=1e-12)
        assert math.isclose(group.mean_delivered, mean_delivered, rel_tol=1e-12)
        assert math.isclose(group.ratio, mean_delivered / mean_predicted, rel_tol=1e-12)

    for label, residual in expected["domain_residual"].items():
        assert (abs(residual - 1) > 0.2) == (not examined), label

    proposed = by_name(report.adjustments)
    priority_names = {name for name in proposed if name.startswith("priority_weight_")}
    assert priority_names == ({"priority_weight_P0", "priority_weight_P1"} if examined else set())
    # Domain modifiers are judged whatever the correlation, on what this run's priority weights
    # leave: every priority is 1.8x off, so with weights the domains are on target; without, 1.8x off.
    domain_names = {name for name in proposed if name.startswith("domain_modifier_")}
    assert domain_names == (set() if examined else {"domain_modifier_web", "domain_modifier_ml"})
    if not examined:
        _, mean_predicted, mean_delivered = expected["domain"]["web"]
        assert math.isclose(proposed["domain_modifier_web"].adjusted_value, mean_delivered / mean_predicted, rel_tol=1e-12)
    if examined:
        weight = proposed["priority_weight_P0"]
        _, mean_predicted, mean_delivered = expected["priority"]["P0"]
        assert math.isclose(weight.adjusted_value, mean_delivered / mean_predicted, rel_tol=1e-12)
        assert weight.confidence_score == 1.0  # 100 executions / 30


def test_domain_needs_5_executions_and_20_percent(arbiter):
    client, _ = arbiter
    rng = np.random.default_rng(4)
    executions = []

    def add(n, domain, ratio, priority="P2", predicted=None):
        for _ in range(n):
            p = float(rng.uniform(40, 60)) if predicted is None else predicted
            executions.append(execution(len(executions), domain=domain, priority=priority, predicted_value_score=p,
                                        value_delivered=p * ratio))

    add(20, "calibrated", 1.0)
    add(4, "four", 2.0)
    add(5, "five", 2.0)
    add(10, "d119", 1.19)
    add(10, "d121", 1.21)
    add(10, "d081", 0.81)
    add(10, "d079", 0.79)
    add(6, "calibrated", 1.0, priority="PZ", predicted=0.0)  # mean predicted 0: a ratio cannot be formed
    record(client, executions)
    report = client.run_learning(AS_OF, dry_run=True)
    assert report.values.enough_data

    proposed = by_name(report.adjustments)
    domains = {name for name in proposed if name.startswith("domain_modifier_")}
    assert domains == {"domain_modifier_five", "domain_modifier_d121", "domain_modifier_d079"}
    assert math.isclose(proposed["domain_modifier_five"].confidence_score, 5 / 20)
    assert math.isclose(proposed["domain_modifier_d121"].adjusted_value, 1.21, rel_tol=1e-9)
    assert math.isclose(proposed["domain_modifier_d121"].confidence_score, 10 / 20)
    # The zero-prediction priority is reported without a ratio and never adjusted.
    pz = next(g for g in report.values.groups if g.dimension == "priority" and g.label == "PZ")
    assert pz.mean_predicted == 0 and not pz.HasField("ratio")
    assert "priority_weight_PZ" not in proposed
    assert "undefined (mean predicted 0)" in client.get_report("markdown", as_of_ms=AS_OF).document


# ---------------------------------------------------------------- cost effectiveness


def catalog_models(client):
    tiers = {pb.PREMIUM: "premium", pb.MID: "mid", pb.CHEAP: "cheap"}
    return [{"name": m.name, "tier": tiers[m.tier], "input_price_per_million": m.input_price_per_million,
             "output_price_per_million": m.output_price_per_million, "enabled": m.enabled} for m in client.list_models().models]


def test_cost_effectiveness_thresholds_and_numpy(arbiter):
    client, _ = arbiter
    models = {m["name"]: m for m in catalog_models(client)}
    premium = next(name for name, m in models.items() if m["tier"] == "premium" and m["enabled"])
    tokens = (20_000, 10_000)

    def price(name):
        m = models[name]
        return (tokens[0] * m["input_price_per_million"] + tokens[1] * m["output_price_per_million"]) / 1e6

    cheaper = sorted((name for name, m in models.items() if m["tier"] == "cheap" and m["enabled"]), key=price)
    few, close, far = cheaper[0], cheaper[1], cheaper[2]
    assert price(few) < price(close) < price(far) < price(premium)

    executions = []

    def add(n, model, quality, cost=None, complexity="complex", day=2):
        for _ in range(n):
            executions.append(execution(len(executions), priority="P1", domain="api", complexity=complexity, assigned_model=model,
                                        quality_score=quality, actual_input_tokens=tokens[0], actual_output_tokens=tokens[1],
                                        actual_cost=price(model) if cost is None else cost, timestamp_ms=AS_OF - day * DAY))

    # Premium quality 8.0; `close` 7.51 (difference 0.49) with 10 tasks; `far` 7.49 (0.51); `few`, the cheapest, 8.0 with 4 tasks.
    add(10, close, 7.51)
    add(10, far, 7.49)
    add(4, few, 8.0)
    # Premium executions: savings just above and just below $1.00 against `close`.
    base = price(close)
    add(6, premium, 8.0, cost=base + 1.01)
    add(3, premium, 8.0, cost=base + 0.99)
    add(5, premium, 8.0, cost=base + 5.0, day=61)  # outside the 60-day window
    record(client, executions)

    report = client.run_learning(AS_OF, dry_run=True)
    expected = ref.cost_effectiveness(ref.columns(executions), list(models.values()), AS_OF)
    assert report.costs.premium_executions == expected["premium"] == 9
    assert report.costs.executions_with_saving == expected["with_saving"]
    assert math.isclose(report.costs.best_saving, expected["best_saving"], rel_tol=1e-12)
    found = {(o.task_type, o.current_model, o.suggested_model): o for o in report.costs.opportunities}
    assert set(found) == set(expected["opportunities"])
    for key, (n, total, difference, confidence) in expected["opportunities"].items():
        o = found[key]
        assert o.executions == n and math.isclose(o.total_saving, total, rel_tol=1e-12)
        assert math.isclose(o.mean_saving, total / n, rel_tol=1e-12)
        assert math.isclose(o.quality_difference, difference, rel_tol=1e-12) and o.confidence == confidence

    task_type = "P1_api_complex"
    assert (task_type, premium, far) not in found  # quality difference 0.51
    close_opportunity = found[(task_type, premium, close)]
    assert close_opportunity.executions == 6  # the $0.99 savings are not opportunities
    assert math.isclose(close_opportunity.quality_difference, 0.49, abs_tol=1e-9)
    assert close_opportunity.confidence == 1.0
    few_opportunity = found[(task_type, premium, few)]  # reported, but never logged: confidence 0.4
    assert few_opportunity.confidence == 0.4 and few_opportunity.executions >= 6
    logged = [a for a in report.adjustments if a.parameter_type == "cost_optimization"]
    assert [(a.parameter_name, a.confidence_score) for a in logged] == [(f"model_preference_{task_type}", 1.0)]
    assert close in logged[0].adjustment_reason and premium in logged[0].adjustment_reason
    assert math.isclose(logged[0].adjusted_value, base, rel_tol=1e-12)
    assert math.isclose(logged[0].original_value, base + 1.01, rel_tol=1e-12)


# ---------------------------------------------------------------- graduation, log, parameters


def graduation_data():
    """Token groups 30% over with 50, 40 and 39 executions: confidence 1.0, 0.8 and 0.78."""
    executions = []
    for complexity, n in [("g50", 50), ("g40", 40), ("g39", 39)]:
        for _ in range(n):
            executions.append(execution(len(executions), complexity=complexity, domain=f"dom_{complexity}",
                                        actual_input_tokens=1300))
    return executions


def estimated_input_tokens(client, complexity, domain="other"):
    response = client.estimate_task({"task_id": "x", "priority": "P2", "domain": domain, "complexity": complexity})
    return response.estimates[0].predicted_input_tokens, list(response.applied_adjustments)


def test_graduation_applies_exactly_those_at_the_threshold_and_changes_estimates(arbiter):
    client, _ = arbiter
    record(client, graduation_data())
    before = {c: estimated_input_tokens(client, c) for c in ("g50", "g40", "g39")}
    assert all(tokens == 4000 and not applied for tokens, applied in before.values())
    ranked_before = client.rank_models({"task_id": "x", "priority": "P2", "domain": "other", "complexity": "g50"}, strategy="greedy")

    report = client.run_learning(AS_OF)
    statuses = {a.parameter_name: (a.confidence_score, a.status) for a in report.adjustments}
    for name, (confidence, status) in statuses.items():
        assert status == (learning_pb.ADJUSTMENT_STATUS_APPLIED if confidence >= 0.8 else learning_pb.ADJUSTMENT_STATUS_PROPOSED), name
    assert statuses["token_estimate_input_g50"] == (1.0, learning_pb.ADJUSTMENT_STATUS_APPLIED)
    assert statuses["token_estimate_input_g40"] == (0.8, learning_pb.ADJUSTMENT_STATUS_APPLIED)
    assert statuses["token_estimate_input_g39"][1] == learning_pb.ADJUSTMENT_STATUS_PROPOSED
    assert all(a.id for a in report.adjustments)

    # Applied ones change estimates and rankings at once; the proposed one does not.
    assert estimated_input_tokens(client, "g50") == (5200, ["token_estimate_input_g50"])
    assert estimated_input_tokens(client, "g40") == (5200, ["token_estimate_input_g40"])
    assert estimated_input_tokens(client, "g39") == (4000, [])
    ranked = client.rank_models({"task_id": "x", "priority": "P2", "domain": "other", "complexity": "g50"}, strategy="greedy")
    assert ranked.models[0].estimate.predicted_input_tokens == 5200
    assert ranked_before.models[0].estimate.predicted_input_tokens == 4000
    # Each domain is exactly as far off as its complexity, whose factor corrects it: the domains
    # get no factor of their own, so the shortfall is corrected once, not 1.3 x 1.3.
    assert not any("_domain_" in a.parameter_name for a in report.adjustments)
    assert estimated_input_tokens(client, "g50", domain="dom_g50") == (5200, ["token_estimate_input_g50"])

    # Applying the proposed one by hand, then rejecting it.
    proposed = by_name(report.adjustments)["token_estimate_input_g39"]
    applied = client.apply_adjustment(proposed.id)
    assert applied.status == learning_pb.ADJUSTMENT_STATUS_APPLIED and applied.effective_date_ms > 0
    assert estimated_input_tokens(client, "g39") == (5200, ["token_estimate_input_g39"])
    rejected = client.reject_adjustment(proposed.id)
    assert rejected.status == learning_pb.ADJUSTMENT_STATUS_REJECTED
    assert estimated_input_tokens(client, "g39") == (4000, [])

    parameters = {p.name: p for p in client.get_parameters()}
    assert parameters["complexity_multipliers.simple"].source == "catalog"
    learned = {name for name, p in parameters.items() if p.source == "adjustment"}
    assert "token_estimate_input_g50" in learned and "token_estimate_input_g39" not in learned
    assert parameters["token_estimate_input_g50"].adjustment.id == by_name(report.adjustments)["token_estimate_input_g50"].id
    assert math.isclose(parameters["token_estimate_input_g50"].value, 1.3, rel_tol=1e-12)


def test_graduation_threshold_is_configurable(start_arbiter):
    client, _ = start_arbiter(extra_args=["--graduation-threshold", "0.79"])
    record(client, graduation_data())
    report = client.run_learning(AS_OF)
    assert report.graduation_threshold == 0.79
    statuses = {a.parameter_name: a.status for a in report.adjustments}
    assert statuses["token_estimate_input_g39"] == learning_pb.ADJUSTMENT_STATUS_PROPOSED  # 0.78
    assert statuses["token_estimate_input_g40"] == learning_pb.ADJUSTMENT_STATUS_APPLIED


# ---------------------------------------------------------------- the catalog's learning section

DEFAULT_CATALOG = Path(__file__).resolve().parents[3] / "Sources/ArbiterServer/Resources/default-catalog.yaml"


def catalog_with(tmp_path, name, **learning):
    """The built-in catalog with some of its `learning:` values changed, written to tmp_path/name."""
    text = DEFAULT_CATALOG.read_text()
    for key, value in learning.items():
        line = re.search(rf"^  {key}: .*$", text, re.M)
        assert line, key
        text = text[:line.start()] + f"  {key}: {value}" + text[line.end():]
    path = tmp_path / name
    path.write_text(text)
    return path


def twelve_percent_over():
    """60 executions of complexity c112 whose input tokens run 12% over: inside the default 15%."""
    rng = np.random.default_rng(12)
    return [execution(j, complexity="c112", domain="d112", actual_input_tokens=int(round(1000 * ratio)))
            for j, ratio in enumerate(ratios_with_mean(rng, 60, 1.12))]


def test_catalog_learning_thresholds_change_what_is_logged(start_arbiter, tmp_path):
    default, _ = start_arbiter()
    tuned, _ = start_arbiter(extra_args=["--catalog", str(catalog_with(
        tmp_path, "tuned.yaml", token_ratio_tolerance=0.10, token_full_confidence_count=120, graduation_threshold=0.4))])
    for client in (default, tuned):
        record(client, twelve_percent_over())

    baseline = default.run_learning(AS_OF)
    assert "token_estimate_input_c112" not in names(baseline.adjustments)
    assert baseline.settings.token_ratio_tolerance == 0.15 and baseline.settings.graduation_threshold == 0.8

    report = tuned.run_learning(AS_OF)
    logged = by_name(report.adjustments)
    assert "token_estimate_input_c112" in logged
    assert "token_estimate_input_domain_d112" not in logged  # the complexity's factor leaves it on target
    mean = np.mean([e["actual_input_tokens"] / 1000 for e in twelve_percent_over()])
    assert math.isclose(logged["token_estimate_input_c112"].adjusted_value, mean, rel_tol=1e-12)
    # confidence = min(60 / 120, 1) = 0.5, which graduates at 0.4.
    assert logged["token_estimate_input_c112"].confidence_score == 0.5
    assert logged["token_estimate_input_c112"].status == learning_pb.ADJUSTMENT_STATUS_APPLIED
    settings = report.settings
    assert (settings.token_ratio_tolerance, settings.token_full_confidence_count, settings.graduation_threshold) == (0.10, 120, 0.4)
    assert report.graduation_threshold == 0.4
    assert (settings.token_window_days, settings.value_minimum_executions, settings.cost_window_days) == (30, 20, 60)
    # The Markdown report (and the HTML page, which embeds it) says which settings produced it.
    markdown = tuned.get_report("markdown").document
    assert "## Settings" in markdown
    for row in ("| `token_ratio_tolerance` | 0.1 |", "| `token_full_confidence_count` | 120 |",
                "| `graduation_threshold` | 0.4 |", "| `cost_window_days` | 60 |"):
        assert row in markdown
    assert "| `token_ratio_tolerance` | 0.15 |" in default.get_report("markdown").document


def test_graduation_flag_overrides_the_catalog(start_arbiter, tmp_path):
    catalog = catalog_with(tmp_path, "graduate.yaml", graduation_threshold=0.3)
    client, _ = start_arbiter(extra_args=["--catalog", str(catalog), "--graduation-threshold", "0.79"])
    record(client, graduation_data())
    report = client.run_learning(AS_OF)
    assert report.graduation_threshold == report.settings.graduation_threshold == pytest.approx(0.79)
    assert by_name(report.adjustments)["token_estimate_input_g39"].status == learning_pb.ADJUSTMENT_STATUS_PROPOSED


def test_reload_catalog_applies_new_learning_thresholds(start_arbiter, tmp_path):
    client, _ = start_arbiter(extra_args=["--catalog-dir", str(tmp_path)])
    record(client, twelve_percent_over())
    assert "token_estimate_input_c112" not in names(client.run_learning(AS_OF, dry_run=True).adjustments)

    client.reload_catalog(str(catalog_with(tmp_path, "tight.yaml", token_ratio_tolerance=0.10)))
    tight = client.run_learning(AS_OF, dry_run=True)
    assert tight.settings.token_ratio_tolerance == 0.10
    assert "token_estimate_input_c112" in names(tight.adjustments)

    # A bad value is refused with its line and path; the thresholds in force stay.
    bad = catalog_with(tmp_path, "bad.yaml", token_ratio_tolerance=1.5)
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if text.startswith("  token_ratio_tolerance:"))
    with pytest.raises(ArbiterError) as error:
        client.reload_catalog(str(bad))
    assert error.value.code == ErrorCode.INVALID_ARGUMENT and error.value.field == "path"
    assert f"{bad}:{line}:26: learning.token_ratio_tolerance: token_ratio_tolerance must be" in error.value.message
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(DEFAULT_CATALOG.read_text().replace("  minimum_saving:", "  minimum_savings:"))
    with pytest.raises(ArbiterError) as error:
        client.reload_catalog(str(unknown))
    assert "learning.minimum_savings: unknown key 'minimum_savings'" in error.value.message
    assert client.run_learning(AS_OF, dry_run=True).settings.token_ratio_tolerance == 0.10

    # Back to the defaults: the 12% group is inside the line again, and a real run logs nothing for it.
    client.reload_catalog(str(catalog_with(tmp_path, "default.yaml")))
    assert "token_estimate_input_c112" not in names(client.run_learning(AS_OF).adjustments)


def test_factors_compound_on_the_one_in_force(arbiter):
    client, _ = arbiter
    record(client, [execution(i, complexity="cc", actual_input_tokens=1300) for i in range(50)])
    first = by_name(client.run_learning(AS_OF).adjustments)["token_estimate_input_cc"]
    assert math.isclose(first.adjusted_value, 1.3, rel_tol=1e-12)
    # New executions predicted with the 1.3 multiplier are still 20% short.
    later = AS_OF + 40 * DAY
    record(client, [execution(i, prefix="late", complexity="cc", predicted_input_tokens=5200, actual_input_tokens=6240,
                              timestamp_ms=later - DAY) for i in range(50)])
    second = by_name(client.run_learning(later).adjustments)["token_estimate_input_cc"]
    assert math.isclose(second.original_value, 1.3, rel_tol=1e-12)
    assert math.isclose(second.adjusted_value, 1.3 * 1.2, rel_tol=1e-12)
    assert estimated_input_tokens(client, "cc")[0] == round(4000 * 1.56)


def cutoffs(adjustments, group):
    """The reference's cutoffs from the log: per label, the newest effective date among its factors ever applied."""
    prefixes = {"tokens": [("domain", "token_estimate_input_domain_"), ("domain", "token_estimate_output_domain_"),
                           ("group", "token_estimate_input_"), ("group", "token_estimate_output_")],
                "values": [("group", "priority_weight_"), ("domain", "domain_modifier_")]}[group]
    out = {"group": {}, "domain": {}}
    for a in adjustments:
        if a.effective_date_ms <= 0:
            continue
        dimension, prefix = next(((d, p) for d, p in prefixes if a.parameter_name.startswith(p)), (None, None))
        if dimension:
            label = a.parameter_name[len(prefix):]
            out[dimension][label] = max(out[dimension].get(label, 0), a.effective_date_ms)
    return out


def test_daily_runs_over_overlapping_windows_converge(arbiter):
    """Tasks truly 5,200 input tokens (the catalog estimates 4,000) and worth 65 (estimated 50),
    recorded every day with the estimate estimate_task gives at the time, as a worker would, and
    a run at the end of each day over the default 30-day windows, which overlap from run to run.

    The first run corrects the shortfall once (complexity factor 1.3, no domain factor; priority
    weight 1.3, no domain modifier) and later runs measure only what was predicted with it, so
    the estimates stay on the truth: before the fix they went 6,760, 10,592, 14,958, ...
    """
    client, _ = arbiter
    task = {"task_id": "x", "priority": "P2", "domain": "backend", "complexity": "medium"}
    rng = np.random.default_rng(9)
    first_day = AS_OF - 45 * DAY
    tokens, values, recorded = [], [], []
    for day in range(45):
        estimate = client.estimate_task(task).estimates[0]
        noise = ratios_with_mean(rng, 50, 1.0, spread=0.1)  # delivered varies, so the correlation is defined
        recorded += record(client, [execution(
            i, prefix=f"day{day}", predicted_input_tokens=estimate.predicted_input_tokens,
            predicted_output_tokens=estimate.predicted_output_tokens, actual_input_tokens=5200, actual_output_tokens=2000,
            predicted_value_score=estimate.predicted_value_score, value_delivered=float(65 * noise[i]),
            timestamp_ms=first_day + day * DAY + (i + 1) * 60_000) for i in range(50)])
        if day >= 29:  # daily runs once the first window is full
            report = client.run_learning(first_day + (day + 1) * DAY)
            after = client.estimate_task(task).estimates[0]
            tokens.append(after.predicted_input_tokens)
            values.append(after.predicted_value_score)
    assert tokens == [5200] * len(tokens)
    assert all(abs(v / 65 - 1) <= 0.2 for v in values), values
    adjustments = client.list_adjustments()
    assert client.list_adjustments(parameter_name=None, parameter_type=None) == adjustments  # None: no filter
    logged = names(adjustments)
    assert {"token_estimate_input_medium", "priority_weight_P2"} <= logged
    assert not any(name.startswith(("token_estimate_input_domain_", "domain_modifier_")) for name in logged)
    # Each factor was logged once: the runs after the first measured it on target.
    assert [a.parameter_name for a in adjustments].count("token_estimate_input_medium") == 1
    assert [a.parameter_name for a in adjustments].count("priority_weight_P2") == 1
    assert all(a.effective_date_ms == first_day + 30 * DAY for a in adjustments)  # the first run's as_of

    # The last run's figures are NumPy's over the rows after the cutoffs: days 30 to 44.
    cols = ref.columns(recorded)
    expected = ref.token_calibration(cols, first_day + 45 * DAY, cutoffs=cutoffs(adjustments, "tokens"))
    assert report.tokens.executions == expected["executions"] == 15 * 50
    assert_groups_match(report.tokens.groups, expected, ["mean_input_ratio", "mean_output_ratio"])
    expected = ref.value_calibration(cols, first_day + 45 * DAY, cutoffs=cutoffs(adjustments, "values"))
    assert report.values.executions == expected["executions"] == 15 * 50
    assert_groups_match(report.values.groups, expected, ["mean_predicted", "mean_delivered"])


def test_dry_run_changes_nothing(arbiter):
    client, _ = arbiter
    record(client, graduation_data())
    wal_before = client.get_status().wal_bytes
    report = client.run_learning(AS_OF, dry_run=True)
    assert report.dry_run and len(report.adjustments) > 0
    assert all(a.id == "" for a in report.adjustments)
    assert any(a.status == learning_pb.ADJUSTMENT_STATUS_APPLIED for a in report.adjustments)  # what a real run would do
    assert client.list_adjustments() == []
    assert estimated_input_tokens(client, "g50") == (4000, [])
    assert all(p.source == "catalog" for p in client.get_parameters())
    assert client.get_status().wal_bytes == wal_before


@pytest.mark.parametrize("how", ["graceful", "kill"])
def test_restart_keeps_the_log_and_the_parameters(start_arbiter, how):
    client, server = start_arbiter(fsync="always")
    record(client, graduation_data())
    report = client.run_learning(AS_OF)
    proposed = by_name(report.adjustments)["token_estimate_input_g39"]
    client.apply_adjustment(proposed.id)
    client.reject_adjustment(by_name(report.adjustments)["token_estimate_input_g50"].id)
    log_before = client.list_adjustments()
    estimates_before = {c: estimated_input_tokens(client, c) for c in ("g50", "g40", "g39")}
    if how == "kill":
        server.kill()
        server.start()
    else:
        server.restart()
    assert client.list_adjustments() == log_before
    assert {c: estimated_input_tokens(client, c) for c in ("g50", "g40", "g39")} == estimates_before
    assert estimates_before["g50"] == (4000, []) and estimates_before["g39"][0] == 5200
    # And once more after a snapshot was written at the graceful stop.
    server.restart()
    assert client.list_adjustments() == log_before


def test_list_filters(arbiter):
    client, _ = arbiter
    record(client, graduation_data())
    report = client.run_learning(AS_OF)
    everything = client.list_adjustments()
    assert [a.id for a in everything] == [a.id for a in report.adjustments]
    assert names(client.list_adjustments(parameter_name="token_estimate_input_g39")) == {"token_estimate_input_g39"}
    assert {a.parameter_type for a in client.list_adjustments(parameter_type="token_estimation")} == {"token_estimation"}
    assert client.list_adjustments(parameter_type="cost_optimization") == []
    proposed = client.list_adjustments(status="proposed")
    assert proposed and all(a.status == learning_pb.ADJUSTMENT_STATUS_PROPOSED for a in proposed)
    created = everything[0].created_at_ms
    assert len(client.list_adjustments(created_from_ms=created, created_to_ms=created + 1)) == len(everything)
    assert client.list_adjustments(created_from_ms=created + 1) == []


def test_bad_requests_name_the_field(arbiter):
    client, _ = arbiter
    record(client, graduation_data())
    cases = [
        (lambda: client.run_learning(AS_OF, token_window_days=-1), ErrorCode.INVALID_ARGUMENT, "token_window_days"),
        (lambda: client.run_learning(AS_OF, value_window_days=3651), ErrorCode.INVALID_ARGUMENT, "value_window_days"),
        (lambda: client.run_learning(AS_OF, cost_window_days=-60), ErrorCode.INVALID_ARGUMENT, "cost_window_days"),
        (lambda: client.run_learning(-5), ErrorCode.INVALID_ARGUMENT, "as_of_ms"),
        (lambda: client.apply_adjustment("no-such-id"), ErrorCode.NOT_FOUND, "id"),
        (lambda: client.reject_adjustment(""), ErrorCode.INVALID_ARGUMENT, "id"),
        (lambda: client.list_adjustments(status=9), ErrorCode.INVALID_ARGUMENT, "status"),
        (lambda: client.list_adjustments(created_from_ms=10, created_to_ms=10), ErrorCode.INVALID_ARGUMENT, "created_to_ms"),
        (lambda: client.get_report(7), ErrorCode.INVALID_ARGUMENT, "format"),
        (lambda: client.get_report("html", as_of_ms=-1), ErrorCode.INVALID_ARGUMENT, "as_of_ms"),
    ]
    for call, code, field in cases:
        with pytest.raises(ArbiterError) as failure:
            call()
        assert (failure.value.code, failure.value.field) == (code, field), failure.value
        assert field in failure.value.message
    # Nothing was logged, and the server still serves.
    assert client.list_adjustments() == []
    assert len(client.run_learning(AS_OF).adjustments) > 0


def test_markdown_report_and_latest_run(arbiter):
    client, _ = arbiter
    record(client, graduation_data())
    report = client.run_learning(AS_OF)
    latest = client.get_report()
    assert latest.document == "" and latest.report.as_of_ms == AS_OF and not latest.report.dry_run
    assert [a.id for a in latest.report.adjustments] == [a.id for a in report.adjustments]
    markdown = client.get_report("markdown").document
    assert markdown.startswith("# Arbiter learning report")
    for heading in ("## Token estimation", "## Value scoring", "## Savings found", "## Adjustments logged", "## Adjustment history"):
        assert heading in markdown
    assert "token_estimate_input_g50" in markdown
