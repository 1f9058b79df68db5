"""Ranking, estimation and the catalog through the Python client and the real server.

The expected figures are recomputed here from the catalog the server reports
and the formulas the README documents, independently of the Swift code.
"""
import math

import pytest

from arbiter_client import ArbiterError, ErrorCode, pb

TASK = {"task_id": "py-1", "priority": "P1", "domain": "infrastructure", "complexity": "complex"}


def test_default_catalog_has_every_tier_and_a_subscription(arbiter):
    client, _ = arbiter
    catalog = client.list_models()
    tiers = {model.tier for model in catalog.models}
    assert tiers == {pb.PREMIUM, pb.MID, pb.CHEAP}
    assert any(model.HasField("subscription") for model in catalog.models)
    assert catalog.catalog_path == ""  # the built-in default


def test_estimates_follow_prices_and_multipliers(arbiter):
    client, _ = arbiter
    catalog = {model.name: model for model in client.list_models().models}
    response = client.estimate_task(TASK)
    assert {e.model for e in response.estimates} == {name for name, m in catalog.items() if m.enabled}
    for estimate in response.estimates:
        model = catalog[estimate.model]
        # complex = 1.5 × the base 4,000 input and 2,000 output tokens; P1 weighs 75.
        assert estimate.predicted_input_tokens == 6000
        assert estimate.predicted_output_tokens == 3000
        assert estimate.predicted_value_score == 75
        if not model.HasField("subscription"):
            expected = (6000 * model.input_price_per_million + 3000 * model.output_price_per_million) / 1e6
            assert math.isclose(estimate.predicted_cost, expected, rel_tol=1e-12)


def test_greedy_score_is_quality_times_success_times_value_per_dollar(arbiter):
    client, _ = arbiter
    response = client.rank_models(TASK, strategy="greedy")
    assert response.strategy == "greedy"
    scores = [m.score for m in response.models]
    assert scores == sorted(scores, reverse=True) or response.models[0].assignment_reason == "subscription_quota"
    for model in response.models:
        assert model.source == pb.PRIOR and model.confidence == 0
        assert math.isclose(model.expected_value_per_dollar, 75 / max(model.estimated_cost, 1e-4), rel_tol=1e-9)
        assert math.isclose(model.score, model.expected_quality * model.expected_success_rate * model.expected_value_per_dollar, rel_tol=1e-9)


def test_quality_tolerance_buys_quality_within_the_points_given(arbiter):
    client, _ = arbiter
    candidates = [m.name for m in client.list_models().models if m.enabled and not m.HasField("subscription")]
    every = client.rank_models(TASK, candidates=candidates, strategy="greedy").models
    effect = {m.model: m.expected_quality * m.expected_success_rate for m in every}
    best = max(effect.values())
    for tolerance in (0.0, 0.5, 1.5, 3.0, 10.0):
        ranked = client.rank_models(TASK, candidates=candidates, strategy="greedy", quality_tolerance=tolerance).models
        admitted = [m for m in ranked if effect[m.model] >= best - tolerance]
        # The admitted models first, by score; then the rest, by score.
        assert [m.model for m in ranked[:len(admitted)]] == [m.model for m in admitted]
        for part in (ranked[:len(admitted)], ranked[len(admitted):]):
            scores = [m.score for m in part]
            assert scores == sorted(scores, reverse=True)
    by_quality = client.rank_models(TASK, candidates=candidates, quality_tolerance=0).models[0]
    assert math.isclose(effect[by_quality.model], best, rel_tol=1e-12)
    assert by_quality.estimated_cost > every[0].estimated_cost
    for bad in (-0.5, 10.01, float("nan")):
        with pytest.raises(ArbiterError) as refused:
            client.rank_models(TASK, quality_tolerance=bad)
        assert refused.value.code == ErrorCode.INVALID_ARGUMENT and refused.value.field == "quality_tolerance"


def test_quality_price_ranks_by_dollars_of_quality_less_cost(arbiter):
    client, _ = arbiter
    candidates = [m.name for m in client.list_models().models if m.enabled and not m.HasField("subscription")]
    every = client.rank_models(TASK, candidates=candidates, strategy="greedy").models
    effect = {m.model: m.expected_quality * m.expected_success_rate for m in every}
    cost = {m.model: m.estimated_cost for m in every}
    firsts = set()
    for price in (0.0, 0.001, 0.01, 0.05, 0.2, 1.0, 100.0):
        ranked = client.rank_models(TASK, candidates=candidates, strategy="greedy", quality_price=price).models
        worth = {m: price * effect[m] - cost[m] for m in candidates}
        # Recomputed here from the unpriced answer's figures: the order is by net worth, then name.
        assert [m.model for m in ranked] == sorted(candidates, key=lambda m: (-worth[m], m.encode()))
        for m in ranked:
            assert math.isclose(m.score, worth[m.model], rel_tol=1e-9, abs_tol=1e-12)
        firsts.add(ranked[0].model)
    assert client.rank_models(TASK, candidates=candidates, quality_price=0).models[0].model == min(cost, key=cost.get)
    assert client.rank_models(TASK, candidates=candidates, quality_price=100).models[0].model == max(effect, key=effect.get)
    assert len(firsts) >= 3, firsts
    for bad in (-0.01, float("nan"), float("inf")):
        with pytest.raises(ArbiterError) as refused:
            client.rank_models(TASK, quality_price=bad)
        assert refused.value.code == ErrorCode.INVALID_ARGUMENT and refused.value.field == "quality_price"
    with pytest.raises(ArbiterError) as both:
        client.rank_models(TASK, quality_price=0.1, quality_tolerance=1)
    assert both.value.code == ErrorCode.INVALID_ARGUMENT and both.value.field == "quality_price"


def test_a_variants_trade_off_does_not_hide_a_bad_request(arbiter):
    client, _ = arbiter
    # Every task falls in this test, whose variants set their own trade-off and so replace the request's.
    client.create_ab_test({"test_id": "knobs", "assignment_ratio": 0.5,
                           "control": {"name": "tolerant", "quality_tolerance": 1},
                           "treatment": {"name": "priced", "quality_price": 0.01}})
    assert client.rank_models(TASK, quality_tolerance=2).ab_test_id == "knobs"
    # The request is still refused as it is without the test: what is valid must not depend on the variant.
    for bad, field in ((dict(quality_tolerance=10.5), "quality_tolerance"), (dict(quality_price=-1.0), "quality_price"),
                       (dict(quality_price=float("nan")), "quality_price"),
                       (dict(quality_price=0.1, quality_tolerance=1), "quality_price")):
        with pytest.raises(ArbiterError) as refused:
            client.rank_models(TASK, **bad)
        assert refused.value.code == ErrorCode.INVALID_ARGUMENT and refused.value.field == field, bad


def test_thompson_replays_from_its_seed(arbiter):
    client, _ = arbiter
    first = client.rank_models(TASK, strategy="thompson")
    again = client.rank_models(TASK, strategy="thompson", seed=first.seed)
    assert [m.model for m in again.models] == [m.model for m in first.models]
    assert [m.score for m in again.models] == [m.score for m in first.models]


def test_candidates_and_errors(arbiter):
    client, _ = arbiter
    response = client.rank_models(TASK, candidates=["sonnet-4.5", "no-such-model"], top_k=1)
    assert [m.model for m in response.models] == ["sonnet-4.5"]
    assert [(e.model, e.code) for e in response.excluded] == [("no-such-model", pb.UNKNOWN_MODEL)]
    with pytest.raises(ArbiterError) as empty:
        client.rank_models(TASK, candidates=["no-such-model"])
    assert empty.value.code == ErrorCode.FAILED_PRECONDITION
    with pytest.raises(ArbiterError) as bad:
        client.rank_models(TASK, strategy="best")
    assert bad.value.code == ErrorCode.INVALID_ARGUMENT and bad.value.field == "strategy"
    with pytest.raises(ArbiterError) as missing:
        client.rank_models({"priority": "P1", "domain": "", "complexity": "simple"})
    assert missing.value.field == "task.domain"


def test_a_retry_leaves_out_the_failed_models_and_ranks_on_retries(arbiter):
    client, _ = arbiter
    cold = {m.model: m for m in client.rank_models(TASK).models}
    model, failed = "sonnet-4.5", "deepseek-v3"
    prior = cold[model].expected_success_rate

    def execution(i, attempt, success):
        return dict(TASK, execution_id=f"{model}-{attempt}-{i}", task_id=f"r-{i}", assigned_model=model,
                    attempt=attempt, success=success, quality_score=9.0 if success else 0.0,
                    actual_input_tokens=1000, actual_output_tokens=500, actual_cost=0.01)

    # As a first attempt the model always fails; as a retry it always succeeds.
    batch = [execution(i, 1, False) for i in range(10)] + [execution(i, 2, True) for i in range(10)]
    assert client.record_executions(batch).accepted == 20

    k, n = 5, 10  # the default catalog's prior strength
    retry = client.rank_models(TASK, failed_models=[failed, "retired-model"])
    ranked = {m.model: m for m in retry.models}
    assert failed not in ranked
    assert [(e.model, e.code) for e in retry.excluded] == [(failed, pb.ALREADY_FAILED)]
    assert math.isclose(ranked[model].expected_success_rate, (n + k * prior) / (n + k), rel_tol=1e-12)
    assert math.isclose(ranked[model].confidence, n / (n + k), rel_tol=1e-12)
    fresh = {m.model: m for m in client.rank_models(TASK).models}
    assert math.isclose(fresh[model].expected_success_rate, k * prior / (n + k), rel_tol=1e-12)

    rows = client.get_performance(retries=True)
    assert [(r.model, r.total_tasks, r.success_rate) for r in rows] == [(model, 10, 1.0)]
    assert [(r.model, r.total_tasks, r.success_rate) for r in client.get_performance()] == [(model, 10, 0.0)]


def test_subscription_usage_counts_recorded_tasks(arbiter):
    client, _ = arbiter
    subscription = next(m for m in client.list_models().models if m.HasField("subscription"))
    before = client.get_subscription_usage(subscription.name)[0]
    client.record_execution({
        "task_id": "sub-1", "priority": "P0", "domain": "backend", "complexity": "simple",
        "assigned_model": subscription.name, "actual_input_tokens": 1000, "actual_output_tokens": 500,
        "quality_score": 9, "success": True,
    })
    after = client.get_subscription_usage(subscription.name)[0]
    assert after.tasks_used == before.tasks_used + 1
    assert after.tokens_used == before.tokens_used + 1500


POOLING_CATALOG = """
policy: {pool_domains: %s}
models:
  - {name: solo, tier: mid, input_price_per_million: 3, output_price_per_million: 15,
     capabilities: {overall: {quality: 6, success_rate: 0.6}}}
"""


@pytest.mark.parametrize("pool", [True, False])
def test_pool_domains_moves_a_task_types_prior_toward_its_domain(start_arbiter, tmp_path, pool):
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(POOLING_CATALOG % ("true" if pool else "false"))
    client, _ = start_arbiter(extra_args=["--catalog", str(catalog)])
    p3 = dict(TASK, priority="P3")
    executions = [dict(p3, execution_id=f"pool-{i}", task_id=f"pool-{i}", assigned_model="solo", success=i % 2 == 0,
                       quality_score=9.0, actual_cost=0.05, actual_input_tokens=100, actual_output_tokens=100)
                  for i in range(10)]
    assert client.record_executions(executions).accepted == 10
    # A P1 task of the same domain has no executions of its own.
    ranked = client.rank_models(TASK, candidates=["solo"]).models[0]
    if pool:
        # (n·learned + k·prior)/(n + k) over P3's ten executions, k = 5.
        assert math.isclose(ranked.expected_quality, (10 * 9 + 5 * 6) / 15, rel_tol=1e-12)
        assert math.isclose(ranked.expected_success_rate, (5 + 5 * 0.6) / 15, rel_tol=1e-12)
    else:
        assert (ranked.expected_quality, ranked.expected_success_rate) == (6, 0.6)
    assert ranked.source == pb.PRIOR
