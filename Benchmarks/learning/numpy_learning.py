"""The learning batch's calibrations in NumPy over the columns `arbiter-bench learn` wrote.

    python numpy_learning.py DIR --as-of-ms MS [--runs N]

Times token calibration, value calibration and the cost-effectiveness analysis (the
reference implementation the tests check the server against, clients/python/tests/
learning_reference.py) over arrays already in memory, and prints the median, and how
many adjustments the server's rules would propose from its figures (the benchmark's report
line prints the server's count beside it).
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python" / "tests"))
import learning_reference as ref  # noqa: E402


def load(directory: Path):
    cols = {}
    for path in directory.glob("*.i64"):
        cols[path.stem] = np.fromfile(path, dtype="<i8")
    for path in directory.glob("*.f64"):
        cols[path.stem] = np.fromfile(path, dtype="<f8")
    meta = json.loads((directory / "meta.json").read_text())
    for name in ("priority", "domain", "complexity", "assigned_model"):
        cols[name + "_labels"] = np.array(meta[name + "_labels"])
    return cols, meta["models"]


def proposals(tokens, values, costs, token_tolerance=0.15, value_tolerance=0.2, threshold=0.6,
              domain_minimum=5, cost_confidence=0.5):
    """How many adjustments the server's rules propose from these figures, to compare with its count."""
    count = 0
    for _, mean_in, mean_out in tokens["complexity"].values():
        count += sum(abs(r - 1) > token_tolerance for r in (mean_in, mean_out))
    for residual_in, residual_out in tokens["domain_residual"].values():
        count += sum(abs(r - 1) > token_tolerance for r in (residual_in, residual_out))
    if values["enough_data"]:
        if values["correlation"] is None or values["correlation"] < threshold:
            count += sum(p != 0 and abs(d / p - 1) > value_tolerance for _, p, d in values["priority"].values())
        count += sum(values["domain"][label][0] >= domain_minimum and r is not None and abs(r - 1) > value_tolerance
                     for label, r in values["domain_residual"].items())
    count += sum(confidence > cost_confidence for *_, confidence in costs["opportunities"].values())
    return count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--as-of-ms", type=int, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cols, models = load(args.directory)
    times = []
    for _ in range(args.runs + 1):
        start = time.perf_counter()
        tokens = ref.token_calibration(cols, args.as_of_ms)
        values = ref.value_calibration(cols, args.as_of_ms)
        costs = ref.cost_effectiveness(cols, models, args.as_of_ms)
        times.append(time.perf_counter() - start)
    times = sorted(times[1:])  # the first run warms caches
    print(f"numpy: {len(cols['timestamp_ms'])} executions, {tokens['executions']} in the token window, "
          f"{values['executions']} with a value (r = {values['correlation']:.4f}), {costs['premium']} premium, "
          f"{len(costs['opportunities'])} opportunities, {proposals(tokens, values, costs)} adjustments")
    print(f"numpy (NumPy {np.__version__}): median {times[len(times) // 2] * 1000:.1f} ms, min {times[0] * 1000:.1f} ms")
    print(f"numpy_median_seconds={times[len(times) // 2]}")


if __name__ == "__main__":
    main()
