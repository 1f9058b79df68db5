"""The alert stream: `ArbiterClient.subscribe()` and what it returns."""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Deque, Iterable, Iterator, List, Optional, Union
from urllib.parse import urlsplit

import zmq

from ._proto import alerts_pb2 as apb

if TYPE_CHECKING:  # pragma: no cover
    from ._client import ArbiterClient

KindLike = Union[str, int]

_KIND_PREFIX = "ALERT_KIND_"
_SEVERITY_PREFIX = "ALERT_SEVERITY_"


def to_alert_kind(kind: KindLike) -> int:
    """An `arbiter.v1.AlertKind` from a name ("degradation", "ALERT_KIND_DEGRADATION") or an int."""
    if isinstance(kind, int):
        return kind
    name = kind.strip().upper()
    if not name.startswith(_KIND_PREFIX):
        name = _KIND_PREFIX + name
    try:
        return apb.AlertKind.Value(name)
    except ValueError:
        raise ValueError(
            f"unknown alert kind {kind!r} (degradation, cost_efficiency, adjustment_drift, ab_significant)"
        ) from None


def to_alert_kinds(kinds: Union[None, KindLike, Iterable[KindLike]]) -> List[int]:
    """`AlertKind`s from one kind or several; None -> [] (every kind). A lone name is one kind, not its letters."""
    if kinds is None:
        return []
    if isinstance(kinds, (str, int)):
        kinds = [kinds]
    return [to_alert_kind(k) for k in kinds]


def to_alert_severity(severity: Union[None, str, int]) -> int:
    """An `arbiter.v1.AlertSeverity` from a name ("warning") or an int; None -> UNSPECIFIED (0)."""
    if severity is None:
        return 0
    if isinstance(severity, int):
        return severity
    name = severity.strip().upper()
    if not name.startswith(_SEVERITY_PREFIX):
        name = _SEVERITY_PREFIX + name
    try:
        return apb.AlertSeverity.Value(name)
    except ValueError:
        raise ValueError(f"unknown alert severity {severity!r} (info, warning, critical)") from None


def kind_name(kind: int) -> str:
    """The topic spelling of a kind: 1 -> "degradation"."""
    return apb.AlertKind.Name(kind)[len(_KIND_PREFIX):].lower()


def severity_name(severity: int) -> str:
    return apb.AlertSeverity.Name(severity)[len(_SEVERITY_PREFIX):].lower()


def topic_of(alert: "apb.Alert") -> str:
    """`alert.<kind>.<severity>`, as the server publishes it."""
    return f"alert.{kind_name(alert.kind)}.{severity_name(alert.severity)}"


def reachable_endpoint(bound: str, request_endpoint: str) -> str:
    """The alert endpoint as a client can connect to it: a wildcard host (`0.0.0.0`, `*`,
    `[::]`) is replaced by the host of the request endpoint."""
    if not bound.startswith("tcp://"):
        return bound
    host, _, port = bound[len("tcp://"):].rpartition(":")
    if host in ("0.0.0.0", "*", "[::]", "::"):
        request = urlsplit(request_endpoint.replace("tcp://", "http://", 1))
        request_host = request.hostname or "127.0.0.1"
        if ":" in request_host:
            request_host = f"[{request_host}]"
        return f"tcp://{request_host}:{port}"
    return bound


class AlertSubscription:
    """Decoded `Alert`s from the server's PUB socket, in id order, each once.

    With ``since_id`` the history after that id comes first (from `list_alerts`),
    then the live stream. PUB drops messages for slow or absent subscribers, so
    when an id arrives past a gap the missing alerts are fetched from the history
    before it. Iterate it (``for alert in sub``), or call `receive(timeout)`.
    ``caught_up`` counts alerts that came from the history, ``live`` those from
    the stream, ``lost`` the alert ids (of any kind) it can no longer get: dropped
    by PUB and gone from the bounded history (``--alert-history``) before it caught
    up. Close it (or use ``with``) to release the socket.
    """

    def __init__(self, client: "ArbiterClient", kinds: Union[None, KindLike, Iterable[KindLike]] = None,
                 since_id: Optional[int] = None, endpoint: Optional[str] = None,
                 timeout: Optional[float] = None):
        self._client = client
        self.kinds: List[int] = to_alert_kinds(kinds)
        self.timeout = timeout
        if endpoint is None:
            bound = client.get_status().alerts_endpoint
            if not bound:
                raise RuntimeError("the server publishes no alert stream (started with --alerts none)")
            endpoint = reachable_endpoint(bound, client.endpoint)
        self.endpoint = endpoint
        self._socket = client._context.socket(zmq.SUB)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.setsockopt(zmq.RCVHWM, 100_000)
        client._apply_curve(self._socket)  # the PUB socket has the same CURVE keys as the request socket
        if self.kinds:
            for kind in self.kinds:
                self._socket.setsockopt(zmq.SUBSCRIBE, f"alert.{kind_name(kind)}.".encode())
        else:
            self._socket.setsockopt(zmq.SUBSCRIBE, b"alert.")
        self._socket.connect(endpoint)
        self._ready: Deque["apb.Alert"] = deque()
        self.last_id: Optional[int] = None
        self.caught_up = 0
        self.live = 0
        self.lost = 0
        if since_id is not None:
            self.last_id = since_id
            self._fill_from_history()

    def _fill_from_history(self) -> None:
        """Queue every matching alert after `last_id` from the history."""
        after = self.last_id or 0
        first = self._client.list_alerts(kinds=self.kinds, since_id=after)
        first_kept = first.oldest_id or first.newest_id + 1
        self.lost += max(0, first_kept - after - 1)
        alerts = list(first.alerts)
        if first.more and alerts:
            alerts += self._client.iter_alerts(kinds=self.kinds, since_id=alerts[-1].id)
        for alert in alerts:
            self._ready.append(alert)
            self.caught_up += 1
            after = alert.id
        self.last_id = after

    def receive(self, timeout: Optional[float] = ...) -> Optional["apb.Alert"]:  # type: ignore[assignment]
        """The next alert, or None when none arrives within `timeout` seconds (None: wait forever)."""
        if timeout is ...:
            timeout = self.timeout
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._ready:
                return self._ready.popleft()
            wait = None if deadline is None else max(0, int((deadline - time.monotonic()) * 1000))
            if not self._socket.poll(wait, zmq.POLLIN):
                return None
            frames = self._socket.recv_multipart()
            if len(frames) != 2:
                continue
            alert = apb.Alert()
            try:
                alert.ParseFromString(frames[1])
            except Exception:
                continue
            if self.last_id is not None and alert.id <= self.last_id:
                continue  # already had it from the history
            if self.last_id is not None and alert.id > self.last_id + 1:
                self._fill_from_history()  # alerts were dropped in between: take them from the history
                continue
            self.last_id = alert.id
            self.live += 1
            return alert

    def __iter__(self) -> Iterator["apb.Alert"]:
        while True:
            alert = self.receive()
            if alert is None:
                return
            yield alert

    def close(self) -> None:
        self._socket.close(linger=0)

    def __enter__(self) -> "AlertSubscription":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
