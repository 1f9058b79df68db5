"""The load and fault tool (Benchmarks/faults/arbiter_faults.py) in its short mode.

Each phase starts its own real `arbiterd` and checks its invariants: nothing
acknowledged lost across SIGKILLs and damaged files, RESOURCE_EXHAUSTED on a
full disk with ranking still answered, bounded memory under a stalled client,
and a server that keeps serving after bad input.
"""

import importlib.util
import sys

from conftest import REPO_ROOT, require_arbiterd


def _tool():
    spec = importlib.util.spec_from_file_location("arbiter_faults", REPO_ROOT / "Benchmarks" / "faults" / "arbiter_faults.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_fault_tool_short_run_loses_nothing(tmp_path):
    report = _tool().run(require_arbiterd(), short=True, work=tmp_path)
    assert not report.failures, "\n".join(report.lines)
    assert report.records_lost == 0
    assert report.kills >= 1 and report.requests > 1000 and report.bad_inputs > 0
