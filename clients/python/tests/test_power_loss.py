"""Power cuts (Benchmarks/faults/power_loss.py, short): unsynced writes dropped, the last torn.

`kill -9` keeps the page cache, so the SIGKILL tests never lose an unflushed write. This one
journals arbiterd's file-system calls through an LD_PRELOAD layer, rebuilds the state
directory as a power cut would leave it, and restarts on that: under `--fsync always` no
acknowledged execution may be lost; under `interval` only those acknowledged within the
last interval (and the flush's own time); under `never` only those since the last flush.
"""

import importlib.util
import sys

from conftest import REPO_ROOT, require_arbiterd


def _tool():
    spec = importlib.util.spec_from_file_location("power_loss", REPO_ROOT / "Benchmarks" / "faults" / "power_loss.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_power_cuts_lose_only_what_each_fsync_mode_allows(tmp_path):
    reports = {r.mode: r for r in _tool().run(require_arbiterd(), tmp_path, cuts=3, seed=7)}
    for report in reports.values():
        assert not report.failures, f"{report.mode}: {report.failures}"
        assert report.cuts == 3 and report.acknowledged > 100
    assert reports["always"].lost == 0
    # The cuts did drop unflushed work where the mode allows it: the test can see a loss.
    assert reports["never"].lost > 0 and reports["never"].dropped_writes > 0


def test_the_disk_model_drops_what_no_flush_covered(tmp_path):
    """The model itself, against a journal written by a real process through the layer."""
    import os
    import random
    import subprocess

    tool = _tool()
    shim = tool.build_shim(tmp_path)
    state = tmp_path / "state"
    state.mkdir()
    journal = tmp_path / "journal"
    script = (
        "import os\n"
        f"d = {str(state)!r}\n"
        "fd = os.open(d + '/a', os.O_CREAT | os.O_WRONLY, 0o644)\n"
        "os.pwrite(fd, b'hello ', 0); os.fsync(fd)\n"
        "os.pwrite(fd, b'world', 6)\n"  # never flushed
        "os.close(fd)\n"
        "dfd = os.open(d, os.O_RDONLY); os.fsync(dfd); os.close(dfd)\n"
        "fd = os.open(d + '/b.tmp', os.O_CREAT | os.O_WRONLY, 0o644)\n"
        "os.write(fd, b'snapshot'); os.fsync(fd); os.close(fd)\n"
        "os.rename(d + '/b.tmp', d + '/b')\n"  # the rename is never made durable
    )
    env = dict(os.environ, LD_PRELOAD=str(shim), POWERLOSS_DIR=str(state), POWERLOSS_JOURNAL=str(journal))
    subprocess.run([sys.executable, "-c", script], check=True, env=env)
    assert (state / "a").read_bytes() == b"hello world"  # what kill -9 would keep

    model_module = sys.modules.get("disk_model") or importlib.import_module("disk_model")
    model = model_module.DiskModel({})
    model.replay(journal)
    image = {os.path.basename(p): data for p, data in model.crash_image(random.Random(0), tear=False).items()}
    assert image == {"a": b"hello "}
    assert model.unflushed_writes() == 1
    torn = {os.path.basename(p): data for p, data in model.crash_image(random.Random(3), tear=True).items()}
    assert torn["a"].startswith(b"hello ") and b"hello world".startswith(torn["a"])
