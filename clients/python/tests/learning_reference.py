"""The learning batch's three calibrations in NumPy, independently of the Swift code.

Used by the learning tests (to check the server's figures) and by the learning
benchmark (Benchmarks/learning/numpy_learning.py, to time the same work).
Input is a dict of NumPy columns (`columns()` builds one from execution dicts).
"""
from __future__ import annotations

from typing import Dict, List, Mapping, Sequence, Tuple

import numpy as np

DAY_MS = 86_400_000


def columns(executions: Sequence[Mapping]) -> Dict[str, np.ndarray]:
    """Columns of execution dicts (proto field names); labels as integer codes with `*_labels`."""
    out: Dict[str, np.ndarray] = {}
    for name in ("timestamp_ms", "predicted_input_tokens", "predicted_output_tokens", "actual_input_tokens", "actual_output_tokens"):
        out[name] = np.array([e.get(name, 0) for e in executions], dtype=np.int64)
    for name in ("predicted_value_score", "actual_cost", "quality_score"):
        out[name] = np.array([e.get(name, 0.0) for e in executions], dtype=np.float64)
    out["value_delivered"] = np.array(
        [np.nan if e.get("value_delivered") is None else e["value_delivered"] for e in executions], dtype=np.float64)
    for name in ("priority", "domain", "complexity", "assigned_model"):
        labels, codes = np.unique(np.array([e[name] for e in executions], dtype=object).astype(str), return_inverse=True)
        out[name] = codes.astype(np.int64)
        out[name + "_labels"] = labels
    return out


def window(cols, as_of_ms: int, days: int) -> np.ndarray:
    ts = cols["timestamp_ms"]
    return (ts > as_of_ms - days * DAY_MS) & (ts <= as_of_ms)


def _group_means(codes: np.ndarray, labels: np.ndarray, values: Sequence[np.ndarray]):
    counts = np.bincount(codes, minlength=len(labels))
    sums = [np.bincount(codes, weights=v, minlength=len(labels)) for v in values]
    return {str(labels[i]): (int(counts[i]), *[s[i] / counts[i] for s in sums]) for i in np.nonzero(counts)[0]}


def after_cutoffs(cols, group: str, cutoffs) -> np.ndarray:
    """Rows predicted with the factors now in force: later than the cutoff of their `group`
    label (complexity or priority) and of their domain. `cutoffs`: {"group": {label: ms},
    "domain": {label: ms}}, the newest effective date of each label's factors ever applied."""
    def per_row(dimension, name):
        labels = list(cols[name + "_labels"])
        table = np.full(len(labels), np.iinfo(np.int64).min, dtype=np.int64)
        for label, ms in (cutoffs or {}).get(dimension, {}).items():
            if label in labels:
                table[labels.index(label)] = ms
        return table[cols[name]]
    return cols["timestamp_ms"] > np.maximum(per_row("group", group), per_row("domain", "domain"))


def token_calibration(cols, as_of_ms: int, days: int = 30, tolerance: float = 0.15, cutoffs=None):
    """{"complexity": {label: (n, mean input ratio, mean output ratio)}, "domain": {...}, "executions": n,
    "domain_residual": {label: (input, output)}}.

    Reads the rows in the window after their cutoffs that report their tokens (actual input
    and output above 0). A domain's residual ratio is the mean of
    actual / (max(predicted, 1) * k), k being its row's complexity ratio where that is further
    than `tolerance` from 1 (this run adjusts it), else 1.
    """
    m = window(cols, as_of_ms, days) & (cols["actual_input_tokens"] > 0) & (cols["actual_output_tokens"] > 0)
    if cutoffs:
        m &= after_cutoffs(cols, "complexity", cutoffs)
    ratio_in = cols["actual_input_tokens"][m] / np.maximum(cols["predicted_input_tokens"][m], 1)
    ratio_out = cols["actual_output_tokens"][m] / np.maximum(cols["predicted_output_tokens"][m], 1)
    complexity, domain = cols["complexity"][m], cols["domain"][m]
    n_complexities, n_domains = len(cols["complexity_labels"]), len(cols["domain_labels"])
    counts = np.bincount(complexity, minlength=n_complexities)
    residuals = []
    for ratio in (ratio_in, ratio_out):
        with np.errstate(invalid="ignore", divide="ignore"):
            k = np.bincount(complexity, weights=ratio, minlength=n_complexities) / counts
        k = np.where(np.isfinite(k) & (np.abs(k - 1) > tolerance), k, 1.0)
        domain_counts = np.bincount(domain, minlength=n_domains)
        with np.errstate(invalid="ignore", divide="ignore"):
            residuals.append(np.bincount(domain, weights=ratio / k[complexity], minlength=n_domains) / domain_counts)
    labels = cols["domain_labels"]
    return {
        "executions": int(m.sum()),
        "complexity": _group_means(complexity, cols["complexity_labels"], [ratio_in, ratio_out]),
        "domain": _group_means(domain, labels, [ratio_in, ratio_out]),
        "domain_residual": {str(labels[i]): (residuals[0][i], residuals[1][i]) for i in np.nonzero(np.bincount(domain, minlength=n_domains))[0]},
    }


def value_calibration(cols, as_of_ms: int, days: int = 30, minimum: int = 20, threshold: float = 0.6,
                      tolerance: float = 0.2, cutoffs=None):
    """{"executions", "enough_data", "correlation" (None if undefined), "priority"/"domain": {label: (n, mean predicted, mean delivered)},
    "domain_residual": {label: ratio or None}}.

    Reads the rows in the window with a value after their cutoffs. A domain's residual ratio is
    sum(delivered) / sum(predicted * k), k being its row's priority ratio where priorities are
    examined (correlation undefined or below `threshold`) and that ratio is further than
    `tolerance` from 1, else 1.
    """
    m = window(cols, as_of_ms, days) & ~np.isnan(cols["value_delivered"])
    if cutoffs:
        m &= after_cutoffs(cols, "priority", cutoffs)
    n = int(m.sum())
    out = {"executions": n, "enough_data": n >= minimum, "correlation": None, "priority": {}, "domain": {}, "domain_residual": {}}
    if n < minimum:
        return out
    x = cols["predicted_value_score"][m]
    y = cols["value_delivered"][m]
    if np.std(x) > 0 and np.std(y) > 0:
        out["correlation"] = float(np.corrcoef(x, y)[0, 1])
    priority, domain = cols["priority"][m], cols["domain"][m]
    n_priorities, n_domains = len(cols["priority_labels"]), len(cols["domain_labels"])
    out["priority"] = _group_means(priority, cols["priority_labels"], [x, y])
    out["domain"] = _group_means(domain, cols["domain_labels"], [x, y])
    examined = out["correlation"] is None or out["correlation"] < threshold
    predicted = np.bincount(priority, weights=x, minlength=n_priorities)
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.bincount(priority, weights=y, minlength=n_priorities) / predicted
    k = np.where(examined & (predicted != 0) & np.isfinite(k) & (np.abs(k - 1) > tolerance), k, 1.0)
    weighted = np.bincount(domain, weights=x * k[priority], minlength=n_domains)
    delivered = np.bincount(domain, weights=y, minlength=n_domains)
    labels = cols["domain_labels"]
    out["domain_residual"] = {str(labels[i]): (delivered[i] / weighted[i] if weighted[i] != 0 else None)
                              for i in np.nonzero(np.bincount(domain, minlength=n_domains))[0]}
    return out


def cost_effectiveness(cols, models: Sequence[Mapping], as_of_ms: int, days: int = 60,
                       max_quality_loss: float = 0.5, min_saving: float = 1.0, full_confidence: int = 10):
    """Opportunities per (task type, current, suggested): {key: (n, total saving, quality difference, confidence)}, plus
    "premium", "with_saving", "best_saving".

    `models`: dicts with name, tier ("premium", ...), input_price_per_million,
    output_price_per_million, enabled. Quality is learned over every execution.
    """
    labels = list(cols["assigned_model_labels"])
    n_types_p, n_types_d, n_types_c = len(cols["priority_labels"]), len(cols["domain_labels"]), len(cols["complexity_labels"])
    task_type = (cols["priority"] * n_types_d + cols["domain"]) * n_types_c + cols["complexity"]
    n_types = n_types_p * n_types_d * n_types_c
    # Catalog index per stored model label (-1: not in the catalog).
    catalog_index = np.array([next((i for i, mm in enumerate(models) if mm["name"] == label), -1) for label in labels], dtype=np.int64)
    row_model = catalog_index[cols["assigned_model"]]
    n_models = len(models)
    # Learned quality per (catalog model, task type) over every execution.
    in_catalog = row_model >= 0
    key = row_model[in_catalog] * n_types + task_type[in_catalog]
    counts = np.bincount(key, minlength=n_models * n_types).reshape(n_models, n_types)
    quality_sum = np.bincount(key, weights=cols["quality_score"][in_catalog], minlength=n_models * n_types).reshape(n_models, n_types)
    with np.errstate(invalid="ignore", divide="ignore"):
        quality = quality_sum / counts

    premium_models = np.array([mm["tier"] == "premium" for mm in models])
    m = window(cols, as_of_ms, days) & in_catalog
    m[m] = premium_models[row_model[m]]
    cur = row_model[m]
    tt = task_type[m]
    ain = cols["actual_input_tokens"][m].astype(np.float64)
    aout = cols["actual_output_tokens"][m].astype(np.float64)
    cost = cols["actual_cost"][m]
    price_in = np.array([mm["input_price_per_million"] for mm in models])
    price_out = np.array([mm["output_price_per_million"] for mm in models])
    list_price = (ain * price_in[cur] + aout * price_out[cur]) / 1e6
    best = np.zeros(len(cur))
    found = {}
    for alt, model in enumerate(models):
        if not model["enabled"]:
            continue
        price = (ain * price_in[alt] + aout * price_out[alt]) / 1e6
        saving = cost - price
        difference = quality[cur, tt] - quality[alt, tt]
        ok = (cur != alt) & (counts[alt, tt] > 0) & (difference < max_quality_loss) & (price < list_price) & (saving > min_saving)
        if not ok.any():
            continue
        best = np.where(ok, np.maximum(best, saving), best)
        group = tt[ok] * n_models + cur[ok]
        uniq, inverse = np.unique(group, return_inverse=True)
        n = np.bincount(inverse)
        total = np.bincount(inverse, weights=saving[ok])
        for g, count, s in zip(uniq, n, total):
            t, c = divmod(int(g), n_models)
            p, rest = divmod(t, n_types_d * n_types_c)
            d, cx = divmod(rest, n_types_c)
            name = f"{cols['priority_labels'][p]}_{cols['domain_labels'][d]}_{cols['complexity_labels'][cx]}"
            found[(name, models[c]["name"], model["name"])] = (
                int(count), float(s), float(quality[c, t] - quality[alt, t]), min(counts[alt, t] / full_confidence, 1.0))
    return {"premium": int(m.sum()), "with_saving": int((best > 0).sum()), "best_saving": float(best.sum()), "opportunities": found}
