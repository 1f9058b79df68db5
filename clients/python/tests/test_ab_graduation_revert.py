"""Rejecting an `ab_graduation` adjustment reverts the graduation: production for the test's tasks
goes back to what it was before (an earlier graduation, or the catalog), the test says when and
why, and it survives restarts. Applying the rejected adjustment again is refused; graduate_ab_test
graduates again."""
import numpy as np
import pytest

from ab_support import run_tasks
from arbiter_client import ArbiterError, ErrorCode, abpb, learning_pb

TASK = {"priority": "P1", "domain": "backend", "complexity": "medium"}


def graduate_winner(client, test_id, control_medium, treatment_medium, seed, **treatment):
    """A multipliers test whose treatment (with `treatment`'s further fields) wins; returns its ab_graduation adjustment."""
    client.create_ab_test({
        "test_id": test_id, "assignment_ratio": 0.5, "min_samples": 20,
        "control": {"name": f"{test_id}-control", "complexity_multipliers": [{"complexity": "medium", "multiplier": control_medium}]},
        "treatment": {"name": f"{test_id}-treatment", **treatment,
                      "complexity_multipliers": [{"complexity": "medium", "multiplier": treatment_medium}]},
    })

    def outcome(variant, top, rng):
        cost = float(rng.uniform(0.01, 0.03))
        vpd = rng.normal(2000 if variant == "control" else 2600, 200)
        return dict(actual_cost=cost, value_delivered=float(max(vpd, 0) * cost), quality_score=float(rng.uniform(7, 8)),
                    success=True, execution_time_seconds=30.0)

    run_tasks(client, TASK, 120, outcome, np.random.default_rng(seed), test_id)
    assert client.graduate_ab_test(test_id).test.status == abpb.AB_TEST_GRADUATED
    [adjustment] = client.list_adjustments(parameter_name=f"ab_test_{test_id}")
    assert adjustment.status == learning_pb.ADJUSTMENT_STATUS_APPLIED
    return adjustment


def production_input_tokens(client, task_id):
    estimate = client.estimate_task(dict(TASK, task_id=task_id))
    assert (estimate.ab_test_id, estimate.ab_variant) == ("", "production")
    return estimate.estimates[0].predicted_input_tokens


def test_rejecting_a_graduation_reverts_production_to_the_default_before_it(arbiter):
    client, server = arbiter
    catalog = production_input_tokens(client, "before")
    first = graduate_winner(client, "first", 1.0, 1.2, seed=1)
    assert production_input_tokens(client, "after-first") == round(catalog * 1.2)
    second = graduate_winner(client, "second", 1.3, 1.5, seed=2)
    assert production_input_tokens(client, "after-second") == round(catalog * 1.5)

    # Rejecting the later graduation: back to the earlier one's winner.
    rejected = client.reject_adjustment(second.id)
    assert rejected.status == learning_pb.ADJUSTMENT_STATUS_REJECTED
    test = client.get_ab_test("second")
    assert test.status == abpb.AB_TEST_GRADUATION_REVERTED and test.graduated_variant == "treatment"
    assert test.reverted_ms == rejected.status_changed_at_ms > 0
    assert second.id in test.revert_reason and "second-treatment" in test.revert_reason
    assert production_input_tokens(client, "after-reject-second") == round(catalog * 1.2)

    # A kill -9 (replaying the log) and a graceful restart (from the snapshot) keep the revert.
    server.kill()
    server.start()
    assert client.get_ab_test("second").status == abpb.AB_TEST_GRADUATION_REVERTED
    assert production_input_tokens(client, "after-kill") == round(catalog * 1.2)
    server.restart()
    assert client.get_ab_test("second").revert_reason == test.revert_reason
    assert production_input_tokens(client, "after-restart") == round(catalog * 1.2)

    # Rejecting the earlier one too: back to the catalog.
    client.reject_adjustment(first.id)
    assert client.get_ab_test("first").status == abpb.AB_TEST_GRADUATION_REVERTED
    assert production_input_tokens(client, "after-reject-first") == catalog
    # Rejecting again changes nothing.
    assert client.reject_adjustment(first.id).status_changed_at_ms == client.list_adjustments(parameter_name="ab_test_first")[0].status_changed_at_ms

    # Applying a rejected graduation is refused, naming what to do instead; nothing changes.
    with pytest.raises(ArbiterError) as error:
        client.apply_adjustment(second.id)
    assert error.value.code == ErrorCode.FAILED_PRECONDITION and error.value.field == "id"
    assert "graduate_ab_test" in error.value.message
    assert client.list_adjustments(parameter_name="ab_test_second")[0].status == learning_pb.ADJUSTMENT_STATUS_REJECTED
    assert production_input_tokens(client, "after-refused-apply") == catalog

    # Graduating again re-checks the verdict and logs a new adjustment.
    regraduated = client.graduate_ab_test("second").test
    assert regraduated.status == abpb.AB_TEST_GRADUATED and regraduated.reverted_ms == 0 and regraduated.revert_reason == ""
    statuses = [a.status for a in client.list_adjustments(parameter_name="ab_test_second")]
    assert statuses == [learning_pb.ADJUSTMENT_STATUS_REJECTED, learning_pb.ADJUSTMENT_STATUS_APPLIED]
    assert production_input_tokens(client, "after-regraduate") == round(catalog * 1.5)


def test_a_graduated_strategy_is_a_default_a_request_overrides(arbiter):
    """While the test runs the variant's ranking strategy and trade-off win over the request's
    (they are what is tested); once graduated they are the production default, which a request
    that sets its own overrides, as it overrides the catalog's."""
    client, _ = arbiter
    treatment = {"ranking_strategy": "thompson", "quality_price": 0.0}
    client.create_ab_test({
        "test_id": "probe", "assignment_ratio": 0.5, "min_samples": 20, "criteria": {"domains": ["probe-domain"]},
        "control": {"name": "probe-control", "subscription_threshold": 90},
        "treatment": {"name": "probe-treatment", **treatment}})
    in_test = next(r for r in (client.rank_models(dict(TASK, domain="probe-domain", task_id=f"p{i}"), strategy="greedy")
                               for i in range(64)) if r.ab_variant == "treatment")
    assert in_test.strategy == "thompson"  # the variant's, over the request's

    graduate_winner(client, "won", 1.0, 1.2, seed=3, **treatment)
    default = client.rank_models(dict(TASK, task_id="d1"))
    assert (default.ab_variant, default.strategy) == ("production", "thompson")
    # P3: below the subscription threshold, so no subscription model goes first whatever its quality.
    asked = client.rank_models(dict(TASK, priority="P3", task_id="d2"), strategy="greedy", quality_tolerance=0.0)
    assert (asked.ab_variant, asked.strategy) == ("production", "greedy")
    best = max(asked.models, key=lambda m: m.expected_quality * m.expected_success_rate)
    assert asked.models[0].model == best.model  # tolerance 0 buys the best quality, not the price-0 cheapest
