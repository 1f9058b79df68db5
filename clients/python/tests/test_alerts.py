"""The alert stream end to end: a real server, a real SUB subscriber, crafted executions.

Executions carry their own timestamps, so 30 days of history are recorded in a
moment. The thresholds the server should use are recomputed here with NumPy
(sample standard deviation of daily success rates), independently of the
server's code, and data is placed on both sides of each.
"""

from __future__ import annotations

import itertools
import signal
import time
from typing import Dict, List, Sequence, Tuple

import numpy as np
import pytest

from arbiter_client import AlertKind, AlertSeverity, ArbiterError, ErrorCode, topic_of

DAY_MS = 86_400_000
FAST = ["--alert-interval-ms", "100"]
# A fresh SUB socket connects in the background; alerts published before then are seen
# only through the history. The tests wait this long before driving data.
JOIN_S = 0.5

_ids = itertools.count(1)


def execution(model: str, task: Tuple[str, str, str], timestamp_ms: int, success: bool,
              value: float = None, cost: float = 0.0) -> dict:
    priority, domain, complexity = task
    return {
        "execution_id": f"alerts-{next(_ids)}",
        "task_id": f"T-{next(_ids)}",
        "priority": priority,
        "domain": domain,
        "complexity": complexity,
        "assigned_model": model,
        "success": success,
        "quality_score": 7.0,
        "actual_cost": cost,
        "value_delivered": value,
        "timestamp_ms": timestamp_ms,
    }


def today_ms() -> Tuple[int, int]:
    """(now in ms, the first ms of today UTC)."""
    now = int(time.time() * 1000)
    return now, now - now % DAY_MS


HISTORY_RATES = [0.9, 0.85, 0.95, 0.9, 0.8, 0.9, 0.95, 0.85, 0.9, 0.9]
HISTORY_TASKS = 20


def history(model: str, task, day0: int) -> List[dict]:
    """20 tasks a day on 10 days inside the 30-day history (days -20 .. -11) at the rates above."""
    out = []
    for offset, rate in zip(range(-20, -10), HISTORY_RATES):
        successes = round(rate * HISTORY_TASKS)
        for i in range(HISTORY_TASKS):
            out.append(execution(model, task, day0 + offset * DAY_MS + 3_600_000 + i * 1000, i < successes))
    return out


def thresholds() -> Tuple[float, float, float]:
    """(mean, warning threshold, critical threshold) of the history, by NumPy."""
    rates = np.array([round(r * HISTORY_TASKS) / HISTORY_TASKS for r in HISTORY_RATES])
    mean = rates.mean()
    sd = rates.std(ddof=1)
    return mean, mean - 2 * sd, mean - 3 * sd


def recent(model: str, task, now: int, successes: int, tasks: int) -> List[dict]:
    """`tasks` executions over the last hours (inside the recent window), `successes` of them successful."""
    return [execution(model, task, now - 3_600_000 + i * 1000, i < successes) for i in range(tasks)]


def drain(subscription, quiet: float = 1.5) -> List:
    """Alerts received until none arrives for `quiet` seconds (rules run every 100 ms)."""
    got = []
    while True:
        alert = subscription.receive(timeout=quiet)
        if alert is None:
            return got
        got.append(alert)


def successes_between(low: float, high: float, tasks: int) -> int:
    """A success count whose rate lies in [low, high)."""
    for k in range(tasks + 1):
        if low <= k / tasks < high:
            return k
    raise AssertionError(f"no success count of {tasks} tasks lands in [{low}, {high})")


TASK_A = ("P1", "backend", "medium")
TASK_B = ("P2", "frontend", "simple")


def test_degradation_alerts_once_and_not_just_above_threshold(start_arbiter):
    client, server = start_arbiter(extra_args=FAST)
    mean, warn, crit = thresholds()
    now, day0 = today_ms()
    tasks = 40
    below = successes_between(crit, warn, tasks)  # a warning, not yet critical
    at = successes_between(warn, 1.01, tasks)  # the smallest count not below the threshold

    with client.subscribe() as sub:
        time.sleep(JOIN_S)
        client.record_executions(history("sonnet-4.5", TASK_A, day0) + history("sonnet-4.5", TASK_B, day0))
        client.record_executions(recent("sonnet-4.5", TASK_A, now, below, tasks))
        client.record_executions(recent("sonnet-4.5", TASK_B, now, at, tasks))
        got = drain(sub)

    assert [a.kind for a in got] == [AlertKind.ALERT_KIND_DEGRADATION], got
    alert = got[0]
    assert alert.severity == AlertSeverity.ALERT_SEVERITY_WARNING
    assert alert.subject == "sonnet-4.5/P1_backend_medium"
    assert (alert.model, alert.task_type) == ("sonnet-4.5", "P1_backend_medium")
    assert alert.measured_value == pytest.approx(below / tasks)
    assert alert.threshold == pytest.approx(warn, rel=1e-12)
    assert alert.id == 1 and alert.time_ms >= now - 60_000
    assert sub.live == 1 and sub.caught_up == 0, "the alert should have come over PUB"
    assert topic_of(alert) == "alert.degradation.warning"

    # The history has it too, and it is the same message.
    page = client.list_alerts()
    assert list(page.alerts) == [alert] and page.newest_id == 1 and page.oldest_id == 1


def test_degradation_needs_history_days_and_recent_tasks(start_arbiter):
    client, server = start_arbiter(extra_args=FAST + ["--alert-min-recent-tasks", "30"])
    now, day0 = today_ms()
    with client.subscribe() as sub:
        time.sleep(JOIN_S)
        # Only 4 days of history (5 needed), however bad the recent window.
        short = [e for e in history("gpt-5", TASK_A, day0) if e["timestamp_ms"] < day0 - 16 * DAY_MS]
        client.record_executions(short + recent("gpt-5", TASK_A, now, 0, 40))
        # Enough history but only 29 recent tasks (30 needed).
        client.record_executions(history("gpt-5", TASK_B, day0) + recent("gpt-5", TASK_B, now, 0, 29))
        assert drain(sub) == []
        # The 30th recent task makes it judged, and it alerts, critical at 0%.
        client.record_execution(recent("gpt-5", TASK_B, now, 0, 1)[0])
        got = drain(sub)
    assert [(a.kind, a.severity, a.subject) for a in got] == [
        (AlertKind.ALERT_KIND_DEGRADATION, AlertSeverity.ALERT_SEVERITY_CRITICAL, "gpt-5/P2_frontend_simple")]


def test_cooldown_holds_unless_severity_rises_and_survives_restart(start_arbiter):
    client, server = start_arbiter(extra_args=FAST)
    mean, warn, crit = thresholds()
    now, day0 = today_ms()
    tasks = 40
    below = successes_between(crit, warn, tasks)

    sub = client.subscribe()
    time.sleep(JOIN_S)
    client.record_executions(history("haiku-4.5", TASK_A, day0) + recent("haiku-4.5", TASK_A, now, below, tasks))
    first = drain(sub)
    assert [a.severity for a in first] == [AlertSeverity.ALERT_SEVERITY_WARNING]

    # Still a warning: within the cool-down, no new alert.
    client.record_executions(recent("haiku-4.5", TASK_A, now, round(below * 0.25), 10))
    assert drain(sub) == []

    # Worse by a level (critical): alerts again despite the cool-down.
    client.record_executions(recent("haiku-4.5", TASK_A, now, 0, 40))
    second = drain(sub)
    assert [(a.severity, a.id) for a in second] == [(AlertSeverity.ALERT_SEVERITY_CRITICAL, 2)]
    assert second[0].measured_value < crit
    sub.close()

    # The cool-down is durable: after a restart (SIGKILL: from the log) more critical data stays quiet.
    before = list(client.list_alerts().alerts)
    server.restart(signal.SIGKILL)
    assert list(client.list_alerts().alerts) == before
    with client.subscribe() as sub:
        time.sleep(JOIN_S)
        client.record_executions(recent("haiku-4.5", TASK_A, now, 0, 5))
        assert drain(sub) == []


def test_cooldown_expires(start_arbiter):
    client, server = start_arbiter(extra_args=FAST + ["--alert-cooldown-seconds", "2"])
    now, day0 = today_ms()
    with client.subscribe() as sub:
        time.sleep(JOIN_S)
        client.record_executions(history("gpt-4.1", TASK_A, day0) + recent("gpt-4.1", TASK_A, now, 0, 20))
        assert len(drain(sub, quiet=1.0)) == 1
        time.sleep(2.2)
        client.record_execution(recent("gpt-4.1", TASK_A, now, 0, 1)[0])
        again = drain(sub, quiet=1.0)
    assert [(a.id, a.subject) for a in again] == [(2, "gpt-4.1/P1_backend_medium")]


def cost_executions(model: str, now: int, value: float, cost: float, n: int) -> List[dict]:
    return [execution(model, TASK_A, now - 60_000 + i, True, value=value, cost=cost) for i in range(n)]


def test_cost_efficiency_per_model_and_global(start_arbiter, tmp_path):
    # The built-in target is 100 value points per dollar; warning below 80, critical below 50.
    client, server = start_arbiter(extra_args=FAST + ["--catalog-dir", str(tmp_path)])
    now, _ = today_ms()
    with client.subscribe(kinds=["cost_efficiency"]) as sub:
        time.sleep(JOIN_S)
        # 79.9/$ alerts; 80/$ (on the threshold) does not; together 84.95/$: no global alert.
        client.record_executions(cost_executions("deepseek-v3", now, 79.9, 1.0, 10))
        client.record_executions(cost_executions("gpt-5", now, 90.0, 1.0, 10))
        got = drain(sub)
        assert [(a.subject, a.severity) for a in got] == [("deepseek-v3", AlertSeverity.ALERT_SEVERITY_WARNING)]
        assert got[0].measured_value == pytest.approx(79.9) and got[0].threshold == pytest.approx(80.0)

        # Only 9 samples (10 needed): not judged, however poor.
        client.record_executions(cost_executions("haiku-4.5", now, 1.0, 1.0, 9))
        # That pulls the overall mean to (799 + 900 + 9) / 29 = 58.9/$: a global warning.
        got = drain(sub)
        assert [(a.subject, a.model, a.severity) for a in got] == [("global", "", AlertSeverity.ALERT_SEVERITY_WARNING)]
        assert got[0].measured_value == pytest.approx((799 + 900 + 9) / 29)

    # A per-model target from the catalog: gpt-5 at 90/$ against 200 -> below 160, and below 100 (critical).
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "monitoring: {target_value_per_dollar: 10}\n"
        "models:\n"
        "  - {name: gpt-5, tier: premium, input_price_per_million: 1.25, output_price_per_million: 10, target_value_per_dollar: 200}\n"
        "  - {name: deepseek-v3, tier: cheap, input_price_per_million: 0.27, output_price_per_million: 1.1}\n"
        "  - {name: haiku-4.5, tier: cheap, input_price_per_million: 1, output_price_per_million: 5}\n")
    client.reload_catalog(str(catalog))
    with client.subscribe(kinds=["cost_efficiency"]) as sub:
        time.sleep(JOIN_S)
        client.record_execution(cost_executions("gpt-5", now, 90.0, 1.0, 1)[0])
        got = drain(sub)
    assert [(a.subject, a.severity) for a in got] == [("gpt-5", AlertSeverity.ALERT_SEVERITY_CRITICAL)]
    assert got[0].threshold == pytest.approx(160.0)


def test_bad_catalog_target_is_refused(start_arbiter, tmp_path):
    client, _ = start_arbiter(extra_args=["--catalog-dir", str(tmp_path)])
    catalog = tmp_path / "bad.yaml"
    catalog.write_text("models:\n  - {name: m, tier: cheap, input_price_per_million: 1, output_price_per_million: 1,"
                       " target_value_per_dollar: -3}\n")
    with pytest.raises(ArbiterError) as error:
        client.reload_catalog(str(catalog))
    assert error.value.code == ErrorCode.INVALID_ARGUMENT and error.value.field == "path"
    assert "models[0].target_value_per_dollar" in error.value.message


def make_alerts(client, now: int, day0: int, models: Sequence[str]) -> None:
    """One degradation alert per model (critical: 0% recent success), in the order given."""
    for model in models:
        client.record_executions(history(model, TASK_A, day0) + recent(model, TASK_A, now, 0, 20))
        deadline = time.monotonic() + 10
        while client.list_alerts(subject=model).alerts == [] and time.monotonic() < deadline:
            time.sleep(0.05)


MODELS = ["opus-4.6", "gpt-5", "sonnet-4.5", "haiku-4.5", "deepseek-v3", "qwen2.5-coder"]


def test_list_alerts_filters_and_paging(start_arbiter):
    client, server = start_arbiter(extra_args=FAST)
    now, day0 = today_ms()
    make_alerts(client, now, day0, MODELS[:4])
    client.record_executions(cost_executions("mixtral-8x7b", now, 1.0, 1.0, 10))  # cost: critical, model and global
    deadline = time.monotonic() + 10
    while client.list_alerts().newest_id < 6 and time.monotonic() < deadline:
        time.sleep(0.05)

    everything = list(client.list_alerts().alerts)
    assert [a.id for a in everything] == [1, 2, 3, 4, 5, 6]
    assert [a.subject for a in everything[:4]] == [f"{m}/P1_backend_medium" for m in MODELS[:4]]
    assert {a.subject for a in everything[4:]} == {"mixtral-8x7b", "global"}

    assert [a.id for a in client.list_alerts(kinds=["cost_efficiency"]).alerts] == [5, 6]
    assert [a.id for a in client.list_alerts(kinds="cost_efficiency").alerts] == [5, 6]  # one kind, not its letters
    assert list(client.list_alerts(subject=None).alerts) == everything  # None: no filter
    assert [a.id for a in client.list_alerts(kinds=["degradation", "cost_efficiency"]).alerts] == [1, 2, 3, 4, 5, 6]
    assert [a.id for a in client.list_alerts(kinds=["adjustment_drift"]).alerts] == []
    assert [a.id for a in client.list_alerts(min_severity="critical").alerts] == [1, 2, 3, 4, 5, 6]
    assert [a.id for a in client.list_alerts(since_id=4).alerts] == [5, 6]
    assert [a.subject for a in client.list_alerts(subject="gpt-5").alerts] == ["gpt-5/P1_backend_medium"]
    assert len(client.list_alerts(subject="P1_backend_medium").alerts) == 4
    assert [a.id for a in client.list_alerts(since_time_ms=everything[3].time_ms + 1).alerts] == \
        [a.id for a in everything if a.time_ms > everything[3].time_ms]

    # Paging: two at a time, `more` until the last page.
    pages, since = [], 0
    while True:
        page = client.list_alerts(since_id=since, limit=2)
        pages.append([a.id for a in page.alerts])
        if not page.more:
            break
        since = page.alerts[-1].id
    assert pages == [[1, 2], [3, 4], [5, 6]]
    assert [a.id for a in client.iter_alerts(limit=4)] == [1, 2, 3, 4, 5, 6]

    # An unknown kind is refused naming the field.
    from arbiter_client import pb
    request = pb.Request()
    request.list_alerts.kinds.append(9)
    response = client.call(request)
    assert response.error.code == ErrorCode.INVALID_ARGUMENT and response.error.field == "kinds[0]"


def test_a_since_id_past_the_newest_alert_is_refused(start_arbiter):
    # Ids are never reused, so a later one was never raised here (a typo, another server's id).
    # Taken as is, a subscriber treated alerts up to it as already seen and dropped them unseen.
    client, server = start_arbiter(extra_args=FAST)
    now, day0 = today_ms()
    make_alerts(client, now, day0, MODELS[:1])
    assert client.list_alerts().newest_id == 1
    for since in (2, 2**64 - 1):
        with pytest.raises(ArbiterError) as refused:
            client.list_alerts(since_id=since)
        assert refused.value.code == ErrorCode.INVALID_ARGUMENT and refused.value.field == "since_id"
        assert str(since) in refused.value.message and "newest" in refused.value.message
    with pytest.raises(ArbiterError):
        client.subscribe(since_id=3)
    # Up to the newest, a page as ever (empty past it).
    assert [a.id for a in client.list_alerts(since_id=0).alerts] == [1]
    assert list(client.list_alerts(since_id=1).alerts) == []
    with client.subscribe(since_id=1) as sub:
        time.sleep(JOIN_S)
        make_alerts(client, now, day0, MODELS[1:2])
        assert sub.receive(timeout=5).id == 2


def test_history_is_bounded_and_survives_restarts(start_arbiter):
    client, server = start_arbiter(extra_args=FAST + ["--alert-history", "3"])
    now, day0 = today_ms()
    make_alerts(client, now, day0, MODELS[:5])
    page = client.list_alerts()
    assert [a.id for a in page.alerts] == [3, 4, 5] and (page.oldest_id, page.newest_id) == (3, 5)
    status = client.get_status()
    assert (status.alerts_stored, status.newest_alert_id) == (3, 5)

    server.restart(signal.SIGTERM)  # from the snapshot
    again = client.list_alerts()
    assert list(again.alerts) == list(page.alerts) and (again.oldest_id, again.newest_id) == (3, 5)
    server.restart(signal.SIGKILL)  # from the snapshot and the log
    assert list(client.list_alerts().alerts) == list(page.alerts)

    # Numbering goes on after the restarts.
    make_alerts(client, now, day0, MODELS[5:6])
    assert [a.id for a in client.list_alerts().alerts] == [4, 5, 6]

    # A subscriber catching up from further back learns how many it can no longer get.
    for since, lost in ((0, 3), (2, 1), (3, 0), (5, 0)):
        with client.subscribe(since_id=since) as sub:
            assert (sub.lost, sub.caught_up) == (lost, 6 - max(since, 3)), since


def test_late_subscriber_catches_up_by_id_then_follows_the_stream(start_arbiter):
    client, server = start_arbiter(extra_args=FAST)
    now, day0 = today_ms()
    make_alerts(client, now, day0, MODELS[:3])  # nobody subscribed: PUB dropped these

    with client.subscribe(since_id=1) as sub:
        assert [a.id for a in (sub.receive(timeout=1), sub.receive(timeout=1))] == [2, 3]
        assert sub.caught_up == 2
        time.sleep(JOIN_S)
        make_alerts(client, now, day0, MODELS[3:4])
        live = sub.receive(timeout=5)
        assert live is not None and live.id == 4 and sub.live == 1
        assert sub.receive(timeout=0.5) is None

    # A subscriber filtering by kind sees only that kind's topic.
    with client.subscribe(kinds=["cost_efficiency"]) as costs, client.subscribe(kinds=["degradation"]) as degr:
        time.sleep(JOIN_S)
        make_alerts(client, now, day0, MODELS[4:5])
        assert [a.id for a in drain(degr, quiet=1.0)] == [5]
        assert drain(costs, quiet=0.5) == []


def test_alerts_endpoint_defaults_to_port_plus_one_and_can_be_off(start_arbiter):
    client, server = start_arbiter()
    assert client.get_status().alerts_endpoint == f"tcp://127.0.0.1:{server.port + 1}"
    quiet, _ = start_arbiter(extra_args=["--alerts", "none"])
    assert quiet.get_status().alerts_endpoint == ""
    with pytest.raises(RuntimeError):
        quiet.subscribe()


def test_adjustment_drift_after_each_learning_run(start_arbiter):
    """run_learning logs token adjustments; those more than 0.5 from 1 alert, once per cool-down."""
    client, server = start_arbiter(extra_args=FAST + ["--learning-interval", "off"])
    now, _ = today_ms()
    executions = []
    # actual/predicted input tokens: 1.51 (warning), 1.5 (on the line), 2.1 (critical), once for
    # three complexities (sharing domain dz, which their factors leave on target) and once for
    # three domains (sharing complexity cz, kept within 15% by 240 executions on target in dok).
    rows = [(f"c{label}", "dz", actual) for label, actual in [("a", 1510), ("b", 1500), ("c", 2100)] for _ in range(20)]
    rows += [("cz", f"d{label}", actual) for label, actual in [("a", 1510), ("b", 1500), ("c", 2100)] for _ in range(20)]
    rows += [("cz", "dok", 1000)] * 240
    for i, (complexity, domain, actual) in enumerate(rows):
        executions.append({
            "execution_id": f"drift-{i}", "task_id": f"t-{i}", "priority": "P2", "domain": domain,
            "complexity": complexity, "predicted_input_tokens": 1000, "actual_input_tokens": actual,
            "predicted_output_tokens": 500, "actual_output_tokens": 500, "assigned_model": "test-model",
            "actual_cost": 0.5, "success": True, "quality_score": 7.0, "timestamp_ms": now - DAY_MS - i * 60_000})
    client.record_executions(executions)

    with client.subscribe(kinds=["adjustment_drift"]) as sub:
        time.sleep(JOIN_S)
        report = client.run_learning(now)
        logged = {a.parameter_name: a.adjusted_value / a.original_value for a in report.adjustments}
        # The learning batch logged all six (each more than 15% off); only four drift.
        assert set(logged) == {f"token_estimate_input_{p}" for p in ("ca", "cb", "cc", "domain_da", "domain_db", "domain_dc")}
        got = drain(sub)
        assert sorted((a.subject, a.severity) for a in got) == [
            ("token_estimate_input_ca", AlertSeverity.ALERT_SEVERITY_WARNING),
            ("token_estimate_input_cc", AlertSeverity.ALERT_SEVERITY_CRITICAL),
            ("token_estimate_input_domain_da", AlertSeverity.ALERT_SEVERITY_WARNING),
            ("token_estimate_input_domain_dc", AlertSeverity.ALERT_SEVERITY_CRITICAL),
        ]
        for alert in got:
            assert alert.measured_value == pytest.approx(logged[alert.subject], rel=1e-12)
            assert alert.threshold == 1.5

        # A second run logs the same factors again: within the cool-down, no new alert.
        client.run_learning(now)
        assert drain(sub) == []
        # A dry run judges nothing.
        client.run_learning(now, dry_run=True)
        assert drain(sub, quiet=0.5) == []


def test_ab_significant_once_per_test_after_learning_runs(start_arbiter):
    """A test with a winner alerts (info) after run_learning, once; too few samples or no difference: none."""
    from scipy import stats

    from ab_support import expected_variant

    client, server = start_arbiter(extra_args=FAST + ["--learning-interval", "off"])
    arms = {"control": {"name": "c", "preferred_model": "gpt-5"}, "treatment": {"name": "t", "preferred_model": "deepseek-v3"}}
    rng = np.random.default_rng(5)
    vpd = {}
    executions = []
    for test_id, treatment_mean, n_treatment in [("ab-win", 1000.0, 40), ("ab-short", 1000.0, 29), ("ab-same", 500.0, 40)]:
        client.create_ab_test({"test_id": test_id, "name": test_id, **arms, "assignment_ratio": 0.5, "min_samples": 30,
                               "stopping_rule": "fixed_horizon", "primary_metric": "value_per_dollar",
                               "criteria": {"domains": [test_id]}})
        # Task ids the assignment hash puts in each group (the analysis withholds a verdict otherwise).
        wanted = {"control": 40, "treatment": n_treatment}
        task_ids = {"control": [], "treatment": []}
        for i in itertools.count():
            task_id = f"{test_id}-{i}"
            variant = expected_variant(test_id, task_id, 0.5)
            if len(task_ids[variant]) < wanted[variant]:
                task_ids[variant].append(task_id)
            if all(len(task_ids[v]) == wanted[v] for v in wanted):
                break
        for variant, mean in [("control", 500.0), ("treatment", treatment_mean)]:
            values = rng.normal(mean, 50.0, wanted[variant])
            vpd[(test_id, variant)] = [v * 0.1 / 0.1 for v in values]
            for task_id, v in zip(task_ids[variant], values):
                executions.append(dict(task_id=task_id, priority="P1", domain=test_id, complexity="medium",
                                       assigned_model="gpt-5", actual_cost=0.1, value_delivered=float(v) * 0.1, quality_score=7.0,
                                       success=True, ab_test_id=test_id, ab_variant=variant))
    client.record_executions(executions)
    verdicts = {t: client.analyze_ab_test(t).verdict for t in ("ab-win", "ab-short", "ab-same")}
    assert verdicts == {"ab-win": "winner", "ab-short": "insufficient_data", "ab-same": "no_difference"}

    with client.subscribe(kinds=["ab_significant"]) as sub:
        time.sleep(JOIN_S)
        client.run_learning()
        got = drain(sub)
        assert [(a.subject, a.severity) for a in got] == [("ab-win", AlertSeverity.ALERT_SEVERITY_INFO)]
        expected = stats.ttest_ind(vpd[("ab-win", "control")], vpd[("ab-win", "treatment")], equal_var=False).pvalue
        assert got[0].measured_value == pytest.approx(expected, rel=1e-6) and got[0].threshold == 0.05
        assert "treatment" in got[0].message

        # Once per test: later runs (and a restart) do not repeat it.
        client.run_learning()
        assert drain(sub) == []
    server.restart(signal.SIGTERM)
    with client.subscribe(kinds=["ab_significant"]) as sub:
        time.sleep(JOIN_S)
        client.run_learning()
        assert drain(sub) == []
    assert [a.subject for a in client.list_alerts(kinds=["ab_significant"]).alerts] == ["ab-win"]
