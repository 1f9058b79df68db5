"""Binding policy, CURVE authentication and read-only roles against the real server.

Keys are made here with pyzmq's own `curve_keypair`, written in the key-file
format `arbiter keygen` documents, so the server's reading of key files is
checked against an independent writer.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import zmq

from arbiter_client import ArbiterClient, ArbiterError, ErrorCode, load_curve_key
from conftest import free_port, require_arbiterd
from reference_model import random_executions

import numpy as np

TASK = {"task_id": "sec-1", "priority": "P1", "domain": "infrastructure", "complexity": "complex"}


def write_key_pair(directory: Path, name: str):
    public, secret = zmq.curve_keypair()
    (directory / f"{name}.key").write_text(f"# {name}: CURVE public key\n{public.decode()}\n")
    secret_path = directory / f"{name}.key_secret"
    secret_path.write_text(f"# {name}: CURVE secret key\n{secret.decode()}\n")
    os.chmod(secret_path, 0o600)
    return public.decode(), secret.decode()


@pytest.fixture
def curve(tmp_path, start_arbiter):
    """A CURVE server with one read-write client (alice) and one read-only client (bob)."""
    keys = tmp_path / "keys"
    authorized = tmp_path / "authorized"
    (authorized / "readonly").mkdir(parents=True)
    keys.mkdir()
    server_public, _ = write_key_pair(keys, "server")
    alice_public, alice_secret = write_key_pair(keys, "alice")
    _, bob_secret = write_key_pair(keys, "bob")
    (authorized / "alice.key").write_text((keys / "alice.key").read_text())
    (authorized / "readonly" / "bob.key").write_text((keys / "bob.key").read_text())
    client, server = start_arbiter(
        extra_args=["--curve-secret-key", str(keys / "server.key_secret"), "--authorized-clients", str(authorized),
                    "--alert-interval-ms", "100"],
        client_options={"curve_secret_key": alice_secret, "server_public_key": server_public})

    class Setup:
        pass

    setup = Setup()
    setup.client, setup.server, setup.keys, setup.authorized = client, server, keys, authorized
    setup.server_public, setup.alice_secret, setup.bob_secret = server_public, alice_secret, bob_secret

    def connect(secret=None, server_key=None, timeout=1.5):
        options = {}
        if secret is not None:
            options = {"curve_secret_key": secret, "server_public_key": server_key or server_public}
        c = ArbiterClient(server.endpoint, timeout=timeout, linger=0, **options)
        server._clients.append(c)
        return c

    setup.connect = connect
    return setup


def _executions(n, seed):
    return random_executions(np.random.default_rng(seed), n)


def test_authorised_client_records_and_reads(curve):
    data = _executions(5, 1)
    curve.client.record_executions(data)
    assert curve.client.get_status().executions_stored == 5
    assert curve.client.rank_models(TASK).models


@pytest.mark.parametrize("who", ["unknown key", "plain text", "wrong server key"])
def test_refused_clients_change_nothing(curve, who):
    curve.client.record_executions(_executions(3, 2))
    if who == "unknown key":
        _, stranger = zmq.curve_keypair()
        intruder = curve.connect(stranger.decode())
    elif who == "plain text":
        intruder = curve.connect()
    else:
        other_server, _ = zmq.curve_keypair()
        intruder = curve.connect(curve.alice_secret, server_key=other_server.decode())
    with pytest.raises(ArbiterError) as refused:
        intruder.record_executions(_executions(4, 3))
    assert refused.value.code == ErrorCode.UNAVAILABLE
    with pytest.raises(ArbiterError):
        intruder.get_status()
    assert curve.client.get_status().executions_stored == 3


def test_read_only_key_may_rank_estimate_and_read_but_not_change_state(curve):
    curve.client.record_executions(_executions(6, 4))
    reader = curve.connect(curve.bob_secret, timeout=5)
    assert reader.rank_models(TASK).models
    assert reader.estimate_task(TASK).estimates
    assert reader.list_models().models
    assert reader.get_status().executions_stored == 6
    assert reader.get_performance(group_by=["model"])
    for call in (lambda: reader.record_executions(_executions(2, 5)),
                 lambda: reader.record_execution(_executions(1, 6)[0]),
                 lambda: reader.reload_catalog()):
        with pytest.raises(ArbiterError) as denied:
            call()
        assert denied.value.code == ErrorCode.PERMISSION_DENIED
        assert "read-only" in denied.value.message
    assert curve.client.get_status().executions_stored == 6


def test_sighup_rereads_the_authorised_keys(curve):
    carol_public, carol_secret = write_key_pair(curve.keys, "carol")
    carol = curve.connect(carol_secret)
    with pytest.raises(ArbiterError):
        carol.get_status()
    (curve.authorized / "carol.key").write_text((curve.keys / "carol.key").read_text())
    (curve.authorized / "alice.key").unlink()
    curve.server.proc.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    assert curve.connect(carol_secret, timeout=5).get_status().version
    # A new connection with alice's removed key is refused (her open one keeps its admission).
    with pytest.raises(ArbiterError):
        curve.connect(curve.alice_secret).get_status()
    assert curve.server.running


def test_load_curve_key_reads_keygen_files(tmp_path):
    public, secret = write_key_pair(tmp_path, "k")
    assert load_curve_key(tmp_path / "k.key") == public
    assert load_curve_key(tmp_path / "k.key_secret") == secret
    (tmp_path / "bad.key").write_text("# nothing\nshort\n")
    with pytest.raises(ValueError):
        load_curve_key(tmp_path / "bad.key")


#: The alert stream on a port the system picks: the default, the listen port + 1, may be taken.
PUBLIC_ALERTS = ["--alerts", "tcp://0.0.0.0:*"]


def _run_briefly(args, tmp_path, seconds=3.0):
    """Starts arbiterd with `args`; returns (exit code or None if still running, log)."""
    log = tmp_path / f"bind-{len(list(tmp_path.iterdir()))}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(require_arbiterd()), "--state-dir", str(tmp_path / "bind-state"), *args],
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        code = proc.wait(seconds)
    except subprocess.TimeoutExpired:
        code = None
        proc.terminate()
        proc.wait(20)
    return code, log.read_text()


def test_plain_text_on_a_public_address_is_refused(tmp_path):
    code, log = _run_briefly(["--listen", f"tcp://0.0.0.0:{free_port()}"], tmp_path)
    assert code == 2
    assert "refusing to listen on tcp://0.0.0.0" in log and "--insecure" in log and "CURVE" in log


def test_insecure_overrides_and_says_so_loudly(tmp_path):
    code, log = _run_briefly(["--listen", f"tcp://0.0.0.0:{free_port()}", *PUBLIC_ALERTS, "--insecure"], tmp_path)
    assert code is None, log
    assert "critical" in log and "INSECURE" in log


def test_curve_on_a_public_address_is_allowed(tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    write_key_pair(keys, "server")
    code, log = _run_briefly(["--listen", f"tcp://0.0.0.0:{free_port()}", *PUBLIC_ALERTS,
                              "--curve-secret-key", str(keys / "server.key_secret"),
                              "--authorized-clients", str(keys)], tmp_path)
    assert code is None, log
    assert "INSECURE" not in log and "CURVE enabled" in log
    # The server's own secret file in the directory is skipped with a warning, not admitted.
    assert "secret key file" in log


def test_default_listen_is_loopback():
    help_text = subprocess.run([str(require_arbiterd()), "--help"], capture_output=True, text=True).stdout
    assert "tcp://127.0.0.1:7470" in help_text


def test_alert_stream_admits_only_authorised_keys(curve):
    from test_alerts import JOIN_S, TASK_A, drain, history, recent, successes_between, thresholds, today_ms

    _, warn, crit = thresholds()
    now, day0 = today_ms()
    alerts_endpoint = f"tcp://127.0.0.1:{curve.server.port + 1}"
    assert curve.client.get_status().alerts_endpoint == alerts_endpoint
    _, stranger_secret = zmq.curve_keypair()
    outsiders = [curve.connect(), curve.connect(stranger_secret.decode())]
    with curve.client.subscribe() as admitted, \
            outsiders[0].subscribe(endpoint=alerts_endpoint) as plain, \
            outsiders[1].subscribe(endpoint=alerts_endpoint) as unknown:
        time.sleep(JOIN_S)
        curve.client.record_executions(history("sonnet-4.5", TASK_A, day0))
        curve.client.record_executions(recent("sonnet-4.5", TASK_A, now, successes_between(crit, warn, 40), 40))
        got = drain(admitted)
        assert [a.kind for a in got] and admitted.live == len(got)
        assert plain.receive(timeout=0.5) is None
        assert unknown.receive(timeout=0.5) is None


def test_missing_key_files_refuse_to_start_clearly(tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    write_key_pair(keys, "server")
    code, log = _run_briefly(["--curve-secret-key", str(keys / "server.key_secret"),
                              "--authorized-clients", str(tmp_path / "absent")], tmp_path)
    assert code == 2 and "cannot read the authorised clients directory" in log
    (keys / "bad.key_secret").write_text("# nothing here\n")
    code, log = _run_briefly(["--curve-secret-key", str(keys / "bad.key_secret"),
                              "--authorized-clients", str(keys)], tmp_path)
    assert code == 2 and "holds no Z85 CURVE secret key" in log


def test_reload_catalog_reads_no_file_outside_the_catalog_directory(start_arbiter, tmp_path):
    """The server reads a catalog with its own rights and quotes what it refuses, so a client
    naming any file could read it (/etc/passwd, the CURVE secret key): only the operator's
    catalog directory can be loaded from, and nothing is read or told of a file outside it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("models: the-secret-value\n")
    catalogs = tmp_path / "catalogs"
    catalogs.mkdir()
    (catalogs / "escape.yaml").symlink_to(secret)
    good = ("models:\n  - {name: only-model, tier: cheap, input_price_per_million: 1,"
            " output_price_per_million: 2}\n")
    (catalogs / "a.yaml").write_text(good)
    (catalogs / "b.yaml").write_text(good.replace("only-model", "other-model"))

    def refused(client, path, code=ErrorCode.PERMISSION_DENIED):
        with pytest.raises(ArbiterError) as error:
            client.reload_catalog(path)
        assert error.value.code == code and error.value.field == "path", error.value
        assert "the-secret-value" not in error.value.message and "root:" not in error.value.message
        return error.value.message

    # The built-in catalog and no --catalog-dir: no file at all, only a reload of the built-in one.
    builtin, _ = start_arbiter()
    before = builtin.list_models()
    assert "--catalog-dir" in refused(builtin, "/etc/passwd")
    refused(builtin, str(catalogs / "a.yaml"))
    assert builtin.reload_catalog().models == before.models

    # --catalog-dir: files in it load (a relative name from it); nothing outside, by path,
    # by "..", or through a symbolic link inside that points out.
    confined, _ = start_arbiter(extra_args=["--catalog-dir", str(catalogs)])
    assert [m.name for m in confined.reload_catalog("a.yaml").models] == ["only-model"]
    assert [m.name for m in confined.reload_catalog(str(catalogs / "b.yaml")).models] == ["other-model"]
    for outside in ("/etc/passwd", str(secret), "../secret.txt", str(catalogs / ".." / "secret.txt"), "escape.yaml"):
        assert str(catalogs) in refused(confined, outside)
    assert "no such file" in refused(confined, "missing.yaml", code=ErrorCode.INVALID_ARGUMENT)
    assert [m.name for m in confined.list_models().models] == ["other-model"]

    # --catalog FILE alone: its directory.
    started, _ = start_arbiter(extra_args=["--catalog", str(catalogs / "a.yaml")])
    assert [m.name for m in started.reload_catalog("b.yaml").models] == ["other-model"]
    refused(started, str(secret))
