"""The A/B statistics of the real server against SciPy, an independent implementation.

Welch's t-test (t, Welch–Satterthwaite degrees of freedom, two-sided p, difference of
means with its confidence interval), the chi-square goodness of fit behind the sample
ratio mismatch check, on the same data, to 1e-9 relative: tiny groups, zero variance,
huge and tiny magnitudes, far-apart means. The numbers go through `ab_statistics`, which
runs the code `analyze_ab_test` runs; test_ab_testing.py checks analyze_ab_test itself
against SciPy on recorded executions.
"""
import math
from fractions import Fraction
from types import SimpleNamespace

import numpy as np
import pytest
from scipy import stats

from arbiter_client import ArbiterError, ErrorCode

REL = 1e-9


def close(actual, expected, rel=REL, abs_tol=0.0):
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_tol)


def exact_welch(control, treatment):
    """t, df and the standard error from means and variances in exact rational arithmetic."""
    def moments(values):
        xs = [Fraction(float(v)) for v in values]
        mean = sum(xs) / len(xs)
        return mean, sum((x - mean) ** 2 for x in xs) / (len(xs) - 1), len(xs)
    (mc, vc, nc), (mt, vt, nt) = moments(control), moments(treatment)
    a, b = vc / nc, vt / nt
    t = float((mt - mc) / Fraction(math.sqrt(a + b)))
    df = float((a + b) ** 2 / (a * a / (nc - 1) + b * b / (nt - 1)))
    return SimpleNamespace(statistic=t, df=df, pvalue=2 * stats.t.sf(abs(t), df))


def check_welch(result, control, treatment, alpha=0.05):
    control = np.asarray(control, dtype=float)
    treatment = np.asarray(treatment, dtype=float)
    expected = stats.ttest_ind(treatment, control, equal_var=False)
    assert result.computed
    assert result.control_count == len(control) and result.treatment_count == len(treatment)
    assert close(result.t, expected.statistic), (result.t, expected.statistic)
    assert close(result.degrees_of_freedom, expected.df), (result.degrees_of_freedom, expected.df)
    assert close(result.p_value, expected.pvalue, abs_tol=1e-300), (result.p_value, expected.pvalue)
    difference = treatment.mean() - control.mean()
    se = math.sqrt(treatment.var(ddof=1) / len(treatment) + control.var(ddof=1) / len(control))
    half_width = stats.t.ppf(1 - alpha / 2, expected.df) * se
    assert close(result.difference, difference, abs_tol=1e-12 * se)
    assert close(result.standard_error, se)
    assert close(result.confidence_high - result.difference, half_width), (result.confidence_high - result.difference, half_width)
    assert close(result.confidence_low, difference - half_width, abs_tol=REL * half_width)
    assert close(result.confidence_high, difference + half_width, abs_tol=REL * half_width)
    assert close(result.confidence_level, 1 - alpha)
    if control.mean() != 0:
        assert close(result.relative_lift, difference / abs(control.mean()), abs_tol=1e-12 * se / abs(control.mean()))


rng = np.random.default_rng(20261125)
WELCH_CASES = {
    "two_each": ([1.0, 2.0], [2.0, 5.0]),
    "two_and_three": ([3.1, 2.9], [4.0, 4.4, 3.7]),
    "tiny_unbalanced": (rng.normal(10, 2, 3), rng.normal(11, 5, 7)),
    "medium": (rng.normal(40, 8, 50), rng.normal(42, 12, 70)),
    "large": (rng.gamma(2.0, 10.0, 2000), rng.gamma(2.1, 10.0, 1800)),
    "one_group_constant": ([5.0, 5.0, 5.0, 5.0], rng.normal(6, 1, 9)),
    "huge_values": (rng.normal(5e9, 1e8, 40), rng.normal(5.02e9, 1.5e8, 35)),
    "tiny_values": (rng.normal(3e-9, 1e-9, 25), rng.normal(3.5e-9, 1e-9, 25)),
    "far_apart_means": (rng.normal(0, 1, 60), rng.normal(3, 1, 60)),
    "negative_control_mean": (rng.normal(-4, 2, 20), rng.normal(-3, 2, 22)),
    "alpha_0_01": (rng.normal(1, 1, 15), rng.normal(1.5, 2, 16)),
}


# SciPy warns of precision loss on the deliberately constant groups; its figures are still compared.
SCIPY_CONSTANT_GROUPS = pytest.mark.filterwarnings("ignore:Precision loss occurred in moment calculation:RuntimeWarning")


@SCIPY_CONSTANT_GROUPS
@pytest.mark.parametrize("name", sorted(WELCH_CASES))
def test_welch_matches_scipy(arbiter, name):
    client, _ = arbiter
    control, treatment = WELCH_CASES[name]
    alpha = 0.01 if name == "alpha_0_01" else 0.05
    result = client.ab_statistics(control=control, treatment=treatment, alpha=alpha)
    check_welch(result.welch, control, treatment, alpha)


def test_welch_at_half_a_million_per_group_matches_scipy(arbiter):
    """About 10^6 degrees of freedom: ln Gamma(df/2) is near 6e6, where a double's ulp is 1e-9, so the
    p-value must come from their difference taken without cancelling (it was 1.5e-9 off here; the
    incomplete beta is good to some 4e-11 at this df, hence the tighter bound on p)."""
    client, _ = arbiter
    gen = np.random.default_rng(8)
    control, treatment = gen.normal(0, 1, 500_000), gen.normal(0.003, 1.2, 500_000)
    result = client.ab_statistics(control=control, treatment=treatment).welch
    check_welch(result, control, treatment)
    assert close(result.p_value, stats.ttest_ind(treatment, control, equal_var=False).pvalue, rel=1e-10)


def test_ill_conditioned_huge_values_agree_to_what_doubles_can_hold(arbiter):
    """Values near 1e12 with a spread of 1e3 and means 500 apart: each mean, as a double, is off by
    up to half an ulp (6e-5), which moves the difference by about 1e-7 of itself, so no double
    implementation (NumPy's included; SciPy warns of catastrophic cancellation) agrees with exact
    arithmetic to 1e-9 here. The server's t and p are checked against exact rational arithmetic, and
    against SciPy, to that bound: a few ulps of the means over the difference."""
    client, _ = arbiter
    gen = np.random.default_rng(11)
    control, treatment = 1e12 + gen.normal(0, 1000, 30), 1e12 + gen.normal(500, 1000, 30)
    result = client.ab_statistics(control=control, treatment=treatment).welch
    bound = 4 * np.spacing(1e12) / abs(treatment.mean() - control.mean())
    exact = exact_welch(control, treatment)
    scipy_result = stats.ttest_ind(treatment, control, equal_var=False)
    for expected in (exact, scipy_result):
        assert close(result.t, expected.statistic, rel=bound), (result.t, expected.statistic, bound)
        assert close(result.p_value, expected.pvalue, rel=10 * bound)
        assert close(result.degrees_of_freedom, expected.df, rel=1e-9)


@SCIPY_CONSTANT_GROUPS
def test_zero_variance_in_both_groups_has_documented_results(arbiter):
    client, _ = arbiter
    # SciPy gives NaN for equal constant groups; the server documents t = 0, p = 1.
    same = client.ab_statistics(control=[3.0] * 4, treatment=[3.0] * 5).welch
    assert same.computed and same.t == 0 and same.p_value == 1 and same.difference == 0
    assert same.confidence_low == same.confidence_high == 0
    assert same.degrees_of_freedom == 7
    # Different constants: SciPy says t = ±inf, p = 0, and so does the server.
    apart = client.ab_statistics(control=[3.0] * 4, treatment=[4.0] * 5).welch
    expected = stats.ttest_ind([4.0] * 5, [3.0] * 4, equal_var=False)
    assert apart.t == expected.statistic == math.inf
    assert apart.p_value == expected.pvalue == 0
    assert apart.confidence_low == apart.confidence_high == 1


def test_fewer_than_two_in_a_group_gives_no_test(arbiter):
    client, _ = arbiter
    assert not client.ab_statistics(control=[1.0], treatment=[1.0, 2.0]).welch.computed
    assert not client.ab_statistics(control=[], treatment=[]).welch.computed


CHI_CASES = [
    ([500, 500], [0.5, 0.5]),
    ([520, 480], [0.5, 0.5]),
    ([4100, 5900], [0.5, 0.5]),
    ([30, 70], [0.3, 0.7]),
    ([1, 9], [0.5, 0.5]),
    ([123, 456, 789], [1.0, 2.0, 3.0]),
    ([10**6, 10**6 + 5000], [0.5, 0.5]),
]


@pytest.mark.parametrize("observed,shares", CHI_CASES)
def test_chi_square_matches_scipy(arbiter, observed, shares):
    client, _ = arbiter
    result = client.ab_statistics(observed=observed, expected_shares=shares).chi_square
    total = sum(observed)
    expected_counts = [total * s / sum(shares) for s in shares]
    expected = stats.chisquare(observed, expected_counts)
    assert result.computed
    assert close(result.statistic, expected.statistic, abs_tol=1e-12), (result.statistic, expected.statistic)
    assert close(result.p_value, expected.pvalue, abs_tol=1e-300), (result.p_value, expected.pvalue)
    assert result.degrees_of_freedom == len(observed) - 1
    assert all(close(a, b) for a, b in zip(result.expected, expected_counts))


def test_t_quantile_matches_scipy_ppf_across_degrees_of_freedom(arbiter):
    """The interval's half-width over the standard error is t.ppf(1 - alpha/2, df), for many df."""
    client, _ = arbiter
    gen = np.random.default_rng(5)
    for n in [2, 3, 4, 6, 10, 30, 100, 1000]:
        control, treatment = gen.normal(0, 1, n), gen.normal(0, 3, n + 1)
        for alpha in (0.05, 0.01, 0.2):
            result = client.ab_statistics(control=control, treatment=treatment, alpha=alpha).welch
            ratio = (result.confidence_high - result.difference) / result.standard_error
            assert close(ratio, stats.t.ppf(1 - alpha / 2, result.degrees_of_freedom)), (n, alpha)


def test_bad_statistics_input_names_the_field(arbiter):
    client, _ = arbiter
    with pytest.raises(ArbiterError) as error:
        client.ab_statistics(control=[1.0, float("nan")], treatment=[1.0, 2.0])
    assert error.value.code == ErrorCode.INVALID_ARGUMENT and error.value.field == "control[1]"
    with pytest.raises(ArbiterError) as error:
        client.ab_statistics(observed=[1, 2], expected_shares=[1.0])
    assert error.value.code == ErrorCode.INVALID_ARGUMENT and error.value.field == "expected_shares"
    with pytest.raises(ArbiterError) as error:
        client.ab_statistics(control=[1.0, 2.0], treatment=[1.0, 2.0], alpha=1.5)
    assert error.value.field == "alpha"


def reference_msprt(control, treatment, alpha=0.05, burn_in=20, effect=0.5):
    """The mixture SPRT with NumPy, fed as `ab_statistics` feeds it (control[i], then treatment[i]):
    after each arrival once both groups have `burn_in` values, V = s2_c/n_c + s2_t/n_t (sample
    variances), tau = effect x the mean of the two standard deviations, and
    Lambda = sqrt(V/(V+tau^2)) exp(theta^2 tau^2 / (2V(V+tau^2)))."""
    arrivals = []
    for i in range(max(len(control), len(treatment))):
        if i < len(control):
            arrivals.append((False, control[i]))
        if i < len(treatment):
            arrivals.append((True, treatment[i]))
    groups = {False: [], True: []}
    last, best, decided = 1.0, 1.0, None
    for is_treatment, value in arrivals:
        groups[is_treatment].append(value)
        c, t = np.asarray(groups[False]), np.asarray(groups[True])
        if min(len(c), len(t)) < burn_in:
            continue
        theta = t.mean() - c.mean()
        v = c.var(ddof=1) / len(c) + t.var(ddof=1) / len(t)
        tau2 = (effect * (c.std(ddof=1) + t.std(ddof=1)) / 2) ** 2
        last = math.sqrt(v / (v + tau2)) * math.exp(theta * theta * tau2 / (2 * v * (v + tau2)))
        best = max(best, last)
        if decided is None and last >= 1 / alpha:
            decided = (len(c) + len(t), 1 if theta >= 0 else -1)
    return SimpleNamespace(ratio=last, max_ratio=best, p=min(1.0, 1 / best), decided=decided)


@pytest.mark.parametrize("shift, n_control, n_treatment", [(0.0, 60, 60), (0.6, 80, 70), (-0.5, 45, 90)])
def test_sequential_test_matches_a_numpy_msprt(arbiter, shift, n_control, n_treatment):
    """The always-valid p, the likelihood ratios and the decision against an independent NumPy
    implementation: no look before 20 values in each group, one after every arrival from then on."""
    client, _ = arbiter
    gen = np.random.default_rng(11)
    control, treatment = gen.normal(10, 2, n_control), gen.normal(10 + shift * 2, 2.5, n_treatment)
    result = client.ab_statistics(control=control, treatment=treatment).sequential
    expected = reference_msprt(list(control), list(treatment))
    assert result.computed
    assert close(result.likelihood_ratio, expected.ratio, rel=1e-9)
    assert close(result.max_likelihood_ratio, expected.max_ratio, rel=1e-9)
    assert close(result.always_valid_p_value, expected.p, rel=1e-9)
    assert result.significant == (expected.decided is not None)
    if expected.decided is not None:
        assert (result.decided_at_samples, result.decided_direction) == expected.decided
    if shift == 0.6:
        assert result.significant  # the data is far enough apart for the test to decide


def test_sequential_test_waits_for_twenty_values_in_each_group(arbiter):
    """Below 20 values in a group the plug-in variance is too unreliable to look at (two 0/1
    outcomes per group made a false winner one time in eight), so no sequential result is given."""
    client, _ = arbiter
    twenty = client.ab_statistics(control=[0.0, 1.0] * 10, treatment=[1.0] * 19 + [0.0]).sequential
    assert twenty.computed and twenty.max_likelihood_ratio > 1  # looked once, at the 40th value
    nineteen = client.ab_statistics(control=[0.0, 1.0] * 10, treatment=[1.0] * 18 + [0.0]).sequential
    assert not nineteen.computed
