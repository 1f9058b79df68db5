"""A blocking ZeroMQ client for the Arbiter server (wire contract arbiter.v1)."""

from __future__ import annotations

import enum
import itertools
import math
import operator
import os
import threading
import time
from collections import deque
from typing import Any, Deque, Iterable, Iterator, List, Mapping, Optional, Set, Union

import zmq
from google.protobuf.descriptor import FieldDescriptor

from google.protobuf import json_format

from ._proto import ab_testing_pb2 as abpb
from ._alerts import AlertSubscription, KindLike, to_alert_kinds, to_alert_severity
from ._proto import alerts_pb2 as apb
from ._proto import arbiter_pb2 as pb
from ._proto import learning_pb2 as learning_pb

__all__ = [
    "ArbiterClient",
    "ArbiterError",
    "ErrorCode",
    "DEFAULT_ENDPOINT",
    "to_task_execution",
    "to_task_descriptor",
    "to_dimensions",
    "load_curve_key",
]

DEFAULT_ENDPOINT = "tcp://127.0.0.1:7470"


class ErrorCode(enum.IntEnum):
    """Mirror of the proto enum `arbiter.v1.ErrorCode`."""

    ERROR_CODE_UNSPECIFIED = 0
    INVALID_ARGUMENT = 1
    MALFORMED_REQUEST = 2
    NOT_FOUND = 3
    ALREADY_EXISTS = 4
    FAILED_PRECONDITION = 5
    RESOURCE_EXHAUSTED = 6
    UNAUTHENTICATED = 7
    PERMISSION_DENIED = 8
    INTERNAL = 9
    UNAVAILABLE = 10
    UNIMPLEMENTED = 11


class ArbiterError(Exception):
    """A failed call: the server's `arbiter.v1.Error`, or UNAVAILABLE on timeout.

    `code` is an `ErrorCode` (a plain int for a code this client does not know),
    `field` the offending field path (e.g. ``execution.quality_score``) or "".
    """

    def __init__(self, code: Union[ErrorCode, int], message: str = "", field: str = ""):
        try:
            code = ErrorCode(code)
        except ValueError:
            code = int(code)
        self.code = code
        self.message = message
        self.field = field
        super().__init__(code, message, field)

    @classmethod
    def from_proto(cls, error: "pb.Error") -> "ArbiterError":
        return cls(error.code, error.message, error.field)

    def __str__(self) -> str:
        name = self.code.name if isinstance(self.code, ErrorCode) else f"code {self.code}"
        where = f" ({self.field})" if self.field else ""
        return f"{name}{where}: {self.message}"

    def __repr__(self) -> str:
        return f"ArbiterError({self.code!r}, {self.message!r}, field={self.field!r})"


# ------------------------------------------------------------------ conversions

_FLOAT_TYPES = (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT)
_INT_TYPES = (
    FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_SINT32,
)


def _to_message(cls: Any, value: Any) -> Any:
    """A flat message of type `cls` from an instance (returned as is) or a dict keyed by proto field names."""
    name = cls.DESCRIPTOR.name
    if isinstance(value, cls):
        return value
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a dict or {name}, got {type(value).__name__}")
    fields = cls.DESCRIPTOR.fields_by_name
    msg = cls()
    for key, item in value.items():
        field = fields.get(key)
        if field is None:
            raise KeyError(f"{name} has no field {key!r}")
        if item is None:
            continue
        # The bare conversion errors ("Value out of range: -1") do not say which key was wrong.
        try:
            setattr(msg, key, _field_value(field, item))
        except TypeError as error:
            raise TypeError(f"{name}.{key}: {error}") from None
        except (ValueError, OverflowError) as error:
            raise ValueError(f"{name}.{key}: {error}") from None
    return msg


def _field_value(field: FieldDescriptor, item: Any) -> Any:
    """`item` as the Python type of scalar `field`; raises for a value of another kind."""
    if field.type in _FLOAT_TYPES:
        return float(item)
    if field.type in _INT_TYPES:
        return operator.index(item)
    if field.type == FieldDescriptor.TYPE_BOOL:
        if isinstance(item, (str, bytes)):
            # bool("false") is True: a string would silently record the opposite.
            raise TypeError(f"expected a bool, got {type(item).__name__} {item!r}")
        return bool(item)
    if field.type == FieldDescriptor.TYPE_STRING and not isinstance(item, str):
        raise TypeError(f"expected a str, got {type(item).__name__}")
    return item


def to_task_execution(execution: Union[Mapping[str, Any], "pb.TaskExecution"]) -> "pb.TaskExecution":
    """A `TaskExecution` from a message (returned as is) or a dict keyed by proto field names.

    A ``None`` value leaves the field unset, which for the optional
    ``stakeholder_satisfaction`` and ``value_delivered`` means "not assessed".
    NumPy scalars are accepted. Unknown keys raise ``KeyError``; a value of the
    wrong kind (a float for a token count, a str for ``success``) raises
    ``TypeError`` or ``ValueError`` naming the field.
    """
    return _to_message(pb.TaskExecution, execution)


def to_task_descriptor(task: Union[Mapping[str, Any], "pb.TaskDescriptor"]) -> "pb.TaskDescriptor":
    """A `TaskDescriptor` from a message (returned as is) or a dict keyed by proto field names.

    A ``None`` value leaves the field unset, which for ``predicted_input_tokens``,
    ``predicted_output_tokens`` and ``predicted_value_score`` means "let the server
    estimate it" (a 0 is a prediction of 0). NumPy scalars are accepted. Unknown
    keys raise ``KeyError``; a value of the wrong kind raises ``TypeError`` or
    ``ValueError`` naming the field.
    """
    return _to_message(pb.TaskDescriptor, task)


def _to_candidates(candidates: Union[None, str, Iterable[str]]) -> List[str]:
    """Model names; None -> [] (for candidates: every enabled model), a lone str -> [str]."""
    if candidates is None:
        return []
    if isinstance(candidates, str):
        return [candidates]
    out = list(candidates)
    for name in out:
        if not isinstance(name, str):
            raise TypeError(f"model names must be str, got {type(name).__name__}")
    return out


DimensionLike = Union[str, int]


def to_dimensions(group_by: Union[None, DimensionLike, Iterable[DimensionLike]]) -> List[int]:
    """`arbiter.v1.Dimension` values from names ("model", "MODEL") or ints; None -> []."""
    if group_by is None:
        return []
    if isinstance(group_by, (str, int)):
        group_by = [group_by]
    out = []
    for item in group_by:
        if isinstance(item, str):
            try:
                out.append(pb.Dimension.Value(item.strip().upper()))
            except ValueError:
                raise ValueError(f"unknown dimension {item!r} (model, priority, domain, complexity)") from None
        else:
            out.append(operator.index(item))
    return out


# ------------------------------------------------------------------ CURVE


def load_curve_key(path: Union[str, "os.PathLike[str]"]) -> str:
    """The Z85 key in a key file as `arbiter keygen` writes it (``#`` comment lines, then the key)."""
    with open(path, "r", encoding="utf-8") as f:
        for line in f:
            key = line.strip()
            if not key or key.startswith("#"):
                continue
            if len(key) != 40:
                break
            return key
    raise ValueError(f"{path} holds no 40-character Z85 CURVE key")


def _z85(key: Union[str, bytes], what: str) -> bytes:
    raw = key.encode("ascii") if isinstance(key, str) else bytes(key)
    if len(raw) != 40:
        raise ValueError(f"{what} must be a 40-character Z85 key")
    return raw


# ------------------------------------------------------------------ client


class ArbiterClient:
    """Blocking client over a ZeroMQ DEALER socket.

    Every call gets a fresh ``request_id``; the answer with that id is awaited
    (stale answers from calls that timed out are dropped). On a timeout the
    call raises ``ArbiterError(ErrorCode.UNAVAILABLE, ...)`` and the socket is
    recreated, so a late answer can never be taken for a later call's.

    ``timeout`` is in seconds (``None`` waits forever). A client is guarded by
    a lock, but a ZeroMQ socket is best used from one thread: give each thread
    its own client.

    For a server with CURVE, pass this client's ``curve_secret_key`` and the
    ``server_public_key`` (Z85 text, e.g. from ``load_curve_key``); a key the
    server refuses shows as calls that time out with UNAVAILABLE.
    """

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        timeout: Optional[float] = 10.0,
        *,
        linger: float = 1.0,
        context: Optional[zmq.Context] = None,
        curve_secret_key: Union[str, bytes, None] = None,
        server_public_key: Union[str, bytes, None] = None,
    ):
        if (curve_secret_key is None) != (server_public_key is None):
            raise ValueError("curve_secret_key and server_public_key go together")
        self._curve: Optional[tuple] = None
        if curve_secret_key is not None:
            secret = _z85(curve_secret_key, "curve_secret_key")
            self._curve = (zmq.curve_public(secret), secret, _z85(server_public_key, "server_public_key"))
        self.endpoint = endpoint
        self.timeout = timeout
        self._linger_ms = max(0, int(linger * 1000))
        self._context = context or zmq.Context.instance()
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._pending: Set[int] = set()  # ids sent with send() and not yet received
        self._ready: Deque["pb.Response"] = deque()  # answers to those that call() came across
        self._socket: Optional[zmq.Socket] = None
        self._closed = False
        self._open_socket()

    # ---------------------------------------------------------- lifecycle

    def _open_socket(self) -> None:
        sock = self._context.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, self._linger_ms)
        self._apply_curve(sock)
        sock.connect(self.endpoint)
        self._socket = sock

    def _apply_curve(self, sock: zmq.Socket) -> None:
        """Makes `sock` a CURVE client with this client's keys (the request socket and alert subscriptions)."""
        if self._curve is not None:
            public, secret, server = self._curve
            sock.curve_publickey = public
            sock.curve_secretkey = secret
            sock.curve_serverkey = server

    def _reset_socket(self) -> None:
        """Drop the socket (and with it every late answer) and connect a new one."""
        if self._socket is not None:
            self._socket.close(linger=0)
            self._socket = None
        self._pending.clear()
        self._ready.clear()
        if not self._closed:
            self._open_socket()

    def reconnect(self, endpoint: Optional[str] = None) -> None:
        """Connect a fresh socket, optionally to another endpoint; outstanding calls are forgotten."""
        with self._lock:
            if self._closed:
                raise RuntimeError("client is closed")
            if endpoint is not None:
                self.endpoint = endpoint
            self._reset_socket()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._socket is not None:
                self._socket.close(linger=self._linger_ms)
                self._socket = None
            self._pending.clear()
            self._ready.clear()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> "ArbiterClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"ArbiterClient({self.endpoint!r}, timeout={self.timeout!r}) [{state}]"

    # ---------------------------------------------------------- low level

    def _deadline(self, timeout: Optional[float]) -> Optional[float]:
        return None if timeout is None else time.monotonic() + timeout

    @staticmethod
    def _remaining_ms(deadline: Optional[float]) -> Optional[int]:
        if deadline is None:
            return None
        return max(0, int(math.ceil((deadline - time.monotonic()) * 1000)))

    def _check_open(self) -> zmq.Socket:
        if self._closed or self._socket is None:
            raise RuntimeError("client is closed")
        return self._socket

    def _timed_out(self, what: str, timeout: Optional[float]) -> ArbiterError:
        self._reset_socket()
        return ArbiterError(
            ErrorCode.UNAVAILABLE, f"no answer from {self.endpoint} to {what} within {timeout} s"
        )

    def _send(self, request: "pb.Request", deadline: Optional[float], timeout: Optional[float]) -> int:
        sock = self._check_open()
        if request.request_id == 0:
            request.request_id = next(self._ids)
        data = request.SerializeToString()
        while True:
            try:
                sock.send(data, flags=zmq.NOBLOCK)
                return request.request_id
            except zmq.Again:
                wait = self._remaining_ms(deadline)
                if wait == 0 or not sock.poll(wait, zmq.POLLOUT):
                    raise self._timed_out(f"sending request {request.request_id}", timeout) from None

    def _recv(self, deadline: Optional[float], timeout: Optional[float], what: str) -> "pb.Response":
        sock = self._check_open()
        while True:
            if not sock.poll(self._remaining_ms(deadline), zmq.POLLIN):
                raise self._timed_out(what, timeout)
            frames = sock.recv_multipart()
            response = pb.Response()
            try:
                # DEALER gets [payload]; be lenient about an empty delimiter frame.
                response.ParseFromString(frames[-1])
            except Exception:
                continue  # not a Response: nothing we can match it to
            return response

    def call(self, request: "pb.Request", timeout: Optional[float] = ...) -> "pb.Response":  # type: ignore[assignment]
        """Send one `Request` and return the `Response` carrying its id, error or not.

        A ``request_id`` of 0 is replaced by a fresh one (the message is
        modified). Raises ``ArbiterError(UNAVAILABLE)`` on timeout only;
        inspect ``response.error`` yourself.
        """
        if timeout is ...:
            timeout = self.timeout
        with self._lock:
            deadline = self._deadline(timeout)
            request_id = self._send(request, deadline, timeout)
            while True:
                response = self._recv(deadline, timeout, f"request {request_id}")
                if response.request_id == request_id:
                    return response
                if response.request_id in self._pending:
                    self._pending.discard(response.request_id)
                    self._ready.append(response)
                # else: stale (a call that timed out earlier) or unmatchable; drop it

    def send(self, request: "pb.Request") -> int:
        """Pipelining: send a request without waiting; returns its request_id.

        Collect answers with `receive()`; they may come in any order.
        """
        with self._lock:
            request_id = self._send(request, self._deadline(self.timeout), self.timeout)
            self._pending.add(request_id)
            return request_id

    def receive(self, timeout: Optional[float] = ...) -> "pb.Response":  # type: ignore[assignment]
        """Pipelining: the next `Response` to a request made with `send()`.

        Errors are not raised: check ``response.error.code``. On timeout raises
        ``ArbiterError(UNAVAILABLE)`` and, as for every timeout, recreates the
        socket, which forgets every outstanding request.
        """
        if timeout is ...:
            timeout = self.timeout
        with self._lock:
            if self._ready:
                return self._ready.popleft()
            deadline = self._deadline(timeout)
            while True:
                response = self._recv(deadline, timeout, "pipelined requests")
                if response.request_id in self._pending:
                    self._pending.discard(response.request_id)
                    return response
                # an answer nobody waits for (e.g. request_id 0 or a timed-out call): drop it

    @property
    def outstanding(self) -> int:
        """How many `send()` requests still await `receive()`."""
        return len(self._pending) + len(self._ready)

    # ---------------------------------------------------------- RPCs

    def _rpc(self, request: "pb.Request", result: str, timeout: Optional[float] = ...) -> Any:  # type: ignore[assignment]
        response = self.call(request, timeout)
        if response.error.code != 0:
            raise ArbiterError.from_proto(response.error)
        which = response.WhichOneof("result")
        if which != result:
            raise ArbiterError(
                ErrorCode.INTERNAL, f"server answered {which or 'nothing'} to {result}"
            )
        return getattr(response, result)

    def record_execution(
        self, execution: Union[Mapping[str, Any], "pb.TaskExecution"]
    ) -> "pb.RecordExecutionResponse":
        request = pb.Request()
        request.record_execution.execution.CopyFrom(to_task_execution(execution))
        return self._rpc(request, "record_execution")

    def record_executions(
        self, executions: Iterable[Union[Mapping[str, Any], "pb.TaskExecution"]]
    ) -> "pb.RecordExecutionsResponse":
        request = pb.Request()
        batch = request.record_executions  # set the oneof even for an empty list
        batch.SetInParent()
        batch.executions.extend(to_task_execution(e) for e in executions)
        return self._rpc(request, "record_executions")

    def get_performance(
        self,
        model: Optional[str] = "",
        priority: Optional[str] = "",
        domain: Optional[str] = "",
        complexity: Optional[str] = "",
        group_by: Union[None, DimensionLike, Iterable[DimensionLike]] = None,
        retries: bool = False,
    ) -> List["pb.PerformanceRow"]:
        """Learned performance rows; `retries` reads what retries (executions with
        ``attempt`` 2 or more) showed instead of first attempts.

        The filters match exactly; "" or None matches everything."""
        request = pb.Request()
        query = request.get_performance
        query.SetInParent()
        query.model = model or ""
        query.priority = priority or ""
        query.domain = domain or ""
        query.complexity = complexity or ""
        query.group_by.extend(to_dimensions(group_by))
        query.retries = bool(retries)
        return list(self._rpc(request, "get_performance").rows)

    def get_status(self) -> "pb.GetStatusResponse":
        request = pb.Request()
        request.get_status.SetInParent()
        return self._rpc(request, "get_status")

    # Calls whose answer has more than a list (metadata, exclusions) return the
    # response message; get_subscription_usage, like get_performance, returns
    # its one repeated field as a list.

    def list_models(self) -> "pb.ListModelsResponse":
        """The catalog in force: ``models``, ``catalog_path`` and ``loaded_at_ms``."""
        request = pb.Request()
        request.list_models.SetInParent()
        return self._rpc(request, "list_models")

    def reload_catalog(self, path: str = "") -> "pb.ListModelsResponse":
        """Loads the catalog file at `path` ("" reloads the current one) and returns it.

        Returns the response's ``catalog``, the same shape `list_models()` returns.
        A bad file raises and leaves the old catalog in force. The server reads only
        files in its catalog directory (``arbiterd --catalog-dir``, else its ``--catalog``
        file's); a relative `path` is taken from there, and one outside raises PERMISSION_DENIED.
        """
        request = pb.Request()
        request.reload_catalog.SetInParent()
        request.reload_catalog.path = path
        return self._rpc(request, "reload_catalog").catalog

    def estimate_task(
        self,
        task: Union[Mapping[str, Any], "pb.TaskDescriptor"],
        candidates: Union[None, str, Iterable[str]] = None,
    ) -> "pb.EstimateTaskResponse":
        """Tokens, cost and value of `task` on each candidate (None: every enabled model).

        Returns ``estimates``, ``applied_adjustments`` and ``excluded`` (named
        candidates that are unknown or disabled, each with a ``reason`` sentence).
        """
        request = pb.Request()
        estimate = request.estimate_task
        estimate.SetInParent()  # set the oneof even when every field is empty
        estimate.task.CopyFrom(to_task_descriptor(task))
        estimate.candidates.extend(_to_candidates(candidates))
        return self._rpc(request, "estimate_task")

    def rank_models(
        self,
        task: Union[Mapping[str, Any], "pb.TaskDescriptor"],
        candidates: Union[None, str, Iterable[str]] = None,
        strategy: Optional[str] = "",
        top_k: int = 0,
        seed: Optional[int] = None,
        quality_tolerance: Optional[float] = None,
        quality_price: Optional[float] = None,
        failed_models: Union[None, str, Iterable[str]] = None,
    ) -> "pb.RankModelsResponse":
        """The candidates (None: every enabled model) ranked for `task`, best first.

        `strategy` is "greedy", "thompson" or "seed_compat" ("" or None: the
        server's default); `top_k` 0 returns every candidate; `seed` makes
        thompson reproducible (None draws a fresh one, reported in the answer's
        ``seed``). `quality_tolerance` (0-10) trades cost for quality: the best
        value per dollar among models at most that many quality points
        (expected quality x success) behind the best one; 0 buys the best
        quality (None: the catalog's policy, by default value per dollar alone).
        `quality_price` (dollars per quality point) is the other way: models
        rank by price x expected quality x success - this task's cost, so a
        dearer model wins when each extra dollar buys at least 1/price points.
        Set at most one of the two. `failed_models` (names) ranks a retry:
        those models already failed this task, so they are left out and the
        rest are scored from what retries of this task type showed (record the
        retry with ``attempt`` 2 or more). Returns ``models``, ``excluded``,
        ``strategy`` and ``seed``.
        """
        request = pb.Request()
        rank = request.rank_models
        rank.SetInParent()  # set the oneof even when every field is empty
        rank.task.CopyFrom(to_task_descriptor(task))
        rank.candidates.extend(_to_candidates(candidates))
        rank.strategy = strategy or ""
        rank.top_k = operator.index(top_k)
        if seed is not None:
            rank.seed = operator.index(seed)
        if quality_tolerance is not None:
            rank.quality_tolerance = float(quality_tolerance)
        if quality_price is not None:
            rank.quality_price = float(quality_price)
        rank.failed_models.extend(_to_candidates(failed_models))
        return self._rpc(request, "rank_models")

    def get_subscription_usage(self, model: Optional[str] = "") -> List["pb.SubscriptionUsage"]:
        """The current period's usage of `model`'s subscription ("" or None: of every subscription model)."""
        request = pb.Request()
        request.get_subscription_usage.SetInParent()
        request.get_subscription_usage.model = model or ""
        return list(self._rpc(request, "get_subscription_usage").usage)

    # -------------------------------------------------------------- learning batch (learning.proto)

    def run_learning(
        self,
        as_of_ms: Optional[int] = None,
        *,
        token_window_days: int = 0,
        value_window_days: int = 0,
        cost_window_days: int = 0,
        dry_run: bool = False,
        timeout: Optional[float] = ...,  # type: ignore[assignment]
    ) -> "learning_pb.LearningReport":
        """Runs the learning batch (as of `as_of_ms`, default now) and returns its report.

        Window overrides are in days (0: the server's configuration). A dry run
        measures and reports but logs and changes nothing. ``report.ab_tests`` holds
        each running A/B test's verdict (``abpb.AbTestVerdictSummary``).
        """
        request = pb.Request()
        run = request.run_learning
        run.SetInParent()
        if as_of_ms is not None:
            run.as_of_ms = operator.index(as_of_ms)
        run.token_window_days = operator.index(token_window_days)
        run.value_window_days = operator.index(value_window_days)
        run.cost_window_days = operator.index(cost_window_days)
        run.dry_run = bool(dry_run)
        return self._rpc(request, "run_learning", timeout=timeout).report

    def list_adjustments(
        self,
        parameter_name: Optional[str] = "",
        parameter_type: Optional[str] = "",
        status: Union[None, str, int] = None,
        created_from_ms: Optional[int] = None,
        created_to_ms: Optional[int] = None,
    ) -> List["learning_pb.Adjustment"]:
        """Logged adjustments matching every given filter ("" or None: any), in logging order.

        `status` is "proposed", "applied", "rejected" (or an `AdjustmentStatus`
        number); the time range is ``created_from_ms <= created_at_ms < created_to_ms``.
        """
        request = pb.Request()
        query = request.list_adjustments
        query.SetInParent()
        query.parameter_name = parameter_name or ""
        query.parameter_type = parameter_type or ""
        if status is not None:
            query.status = _to_adjustment_status(status)
        if created_from_ms is not None:
            query.created_from_ms = operator.index(created_from_ms)
        if created_to_ms is not None:
            query.created_to_ms = operator.index(created_to_ms)
        return list(self._rpc(request, "list_adjustments").adjustments)

    def apply_adjustment(self, adjustment_id: str) -> "learning_pb.Adjustment":
        """Puts the adjustment in force (estimates and rankings change at once) and returns it."""
        request = pb.Request()
        request.apply_adjustment.SetInParent()
        request.apply_adjustment.id = adjustment_id
        return self._rpc(request, "apply_adjustment").adjustment

    def reject_adjustment(self, adjustment_id: str) -> "learning_pb.Adjustment":
        """Sets the adjustment aside (out of force if it was applied) and returns it.

        Rejecting an ``ab_graduation`` adjustment reverts that A/B test's graduation."""
        request = pb.Request()
        request.reject_adjustment.SetInParent()
        request.reject_adjustment.id = adjustment_id
        return self._rpc(request, "reject_adjustment").adjustment

    def get_parameters(self) -> List["learning_pb.EffectiveParameter"]:
        """Every estimation parameter in force: catalog bases, then learned values with their adjustment."""
        request = pb.Request()
        request.get_parameters.SetInParent()
        return list(self._rpc(request, "get_parameters").parameters)

    def get_report(self, format: Union[str, int] = "protobuf", as_of_ms: Optional[int] = None) -> "learning_pb.GetReportResponse":
        """The learning report: ``report`` (the data) and, for "markdown" or "html", ``document``.

        Without `as_of_ms`: the latest run that was not a dry run (kept across restarts), else a
        dry run now; with it, a dry run as of then.
        """
        request = pb.Request()
        get = request.get_report
        get.SetInParent()
        if isinstance(format, str):
            names = {"protobuf": 1, "proto": 1, "markdown": 2, "md": 2, "html": 3}
            if format.lower() not in names:
                raise ValueError(f"unknown report format {format!r} (protobuf, markdown, html)")
            get.format = names[format.lower()]
        else:
            get.format = operator.index(format)
        if as_of_ms is not None:
            get.as_of_ms = operator.index(as_of_ms)
        return self._rpc(request, "get_report")

    # ---------------------------------------------------------- A/B testing

    def create_ab_test(self, test: Union[Mapping[str, Any], "abpb.AbTest"]) -> "abpb.AbTest":
        """Creates an A/B test from an ``AbTest`` message or a (nested) dict keyed by proto field names.

        ``control`` and ``treatment`` are strategies: ``{"name": ..., "complexity_multipliers":
        [{"complexity": "simple", "multiplier": 0.6}], "preferred_model": ..., "subscription_threshold":
        50, "ranking_strategy": ..., "quality_tolerance" or "quality_price": ...}``, or ``{"name": ...}`` alone for a strategy the catalog defines.
        Returns the stored test, defaults filled in.
        """
        request = pb.Request()
        request.create_ab_test.SetInParent()
        if isinstance(test, abpb.AbTest):
            request.create_ab_test.test.CopyFrom(test)
        else:
            json_format.ParseDict(dict(test), request.create_ab_test.test)
        return self._rpc(request, "create_ab_test").test

    def get_ab_test(self, test_id: str) -> "abpb.AbTest":
        request = pb.Request()
        request.get_ab_test.test_id = test_id
        return self._rpc(request, "get_ab_test").test

    def list_ab_tests(self) -> List["abpb.AbTest"]:
        request = pb.Request()
        request.list_ab_tests.SetInParent()
        return list(self._rpc(request, "list_ab_tests").tests)

    def stop_ab_test(self, test_id: str) -> "abpb.AbTest":
        request = pb.Request()
        request.stop_ab_test.test_id = test_id
        return self._rpc(request, "stop_ab_test").test

    def assign_variant(
        self,
        task: Union[Mapping[str, Any], "pb.TaskDescriptor"],
        candidates: Union[None, str, Iterable[str]] = None,
    ) -> "abpb.AssignVariantResponse":
        """The test, variant (control, treatment or production) and strategy `task` gets."""
        descriptor = to_task_descriptor(task)
        request = pb.Request()
        assign = request.assign_variant
        assign.SetInParent()
        assign.task_id = descriptor.task_id
        assign.priority = descriptor.priority
        assign.domain = descriptor.domain
        assign.complexity = descriptor.complexity
        assign.candidates.extend(_to_candidates(candidates))
        return self._rpc(request, "assign_variant")

    def analyze_ab_test(self, test_id: str) -> "abpb.AbTestAnalysis":
        request = pb.Request()
        request.analyze_ab_test.test_id = test_id
        return self._rpc(request, "analyze_ab_test").analysis

    def graduate_ab_test(self, test_id: str) -> "abpb.GraduateAbTestResponse":
        """Makes the winner the production default and stops the test; returns ``test`` and ``analysis``."""
        request = pb.Request()
        request.graduate_ab_test.test_id = test_id
        return self._rpc(request, "graduate_ab_test")

    def ab_statistics(
        self,
        control: Iterable[float] = (),
        treatment: Iterable[float] = (),
        alpha: float = 0.0,
        observed: Iterable[int] = (),
        expected_shares: Iterable[float] = (),
    ) -> "abpb.AbStatisticsResponse":
        """Welch's t-test, chi-square goodness of fit and the sequential test on the given numbers."""
        request = pb.Request()
        stats = request.ab_statistics
        stats.SetInParent()
        stats.control.extend(float(x) for x in control)
        stats.treatment.extend(float(x) for x in treatment)
        stats.alpha = float(alpha)
        stats.observed.extend(operator.index(x) for x in observed)
        stats.expected_shares.extend(float(x) for x in expected_shares)
        return self._rpc(request, "ab_statistics")
    # ---------------------------------------------------------- alerts

    def list_alerts(
        self,
        kinds: Union[None, KindLike, Iterable[KindLike]] = None,
        min_severity: Union[None, str, int] = None,
        since_id: int = 0,
        since_time_ms: int = 0,
        subject: Optional[str] = "",
        limit: int = 0,
    ) -> "apb.ListAlertsResponse":
        """One page of the alert history, oldest first: ``alerts``, ``more``, ``oldest_id``, ``newest_id``.

        `kinds` are names ("degradation", "cost_efficiency", "adjustment_drift",
        "ab_significant") or ints, one or a list; `min_severity` "info", "warning" or "critical";
        `subject` matches an alert's subject, model or task type ("" or None: any); `limit` 0 is 100
        (at most 1000). Page on with ``since_id`` = the last id returned.
        """
        request = pb.Request()
        query = request.list_alerts
        query.SetInParent()
        query.kinds.extend(to_alert_kinds(kinds))
        query.min_severity = to_alert_severity(min_severity)
        query.since_id = operator.index(since_id)
        query.since_time_ms = operator.index(since_time_ms)
        query.subject = subject or ""
        query.limit = operator.index(limit)
        return self._rpc(request, "list_alerts")

    def iter_alerts(self, **filters: Any) -> Iterator["apb.Alert"]:
        """Every alert in the history matching the `list_alerts` filters, page after page."""
        since_id = filters.pop("since_id", 0)
        while True:
            page = self.list_alerts(since_id=since_id, **filters)
            yield from page.alerts
            if not page.more or not page.alerts:
                return
            since_id = page.alerts[-1].id

    def subscribe(
        self,
        kinds: Union[None, KindLike, Iterable[KindLike]] = None,
        since_id: Optional[int] = None,
        timeout: Optional[float] = None,
        endpoint: Optional[str] = None,
    ) -> AlertSubscription:
        """Subscribe to the alert stream (the endpoint `get_status` reports, unless given).

        Iterating the result yields decoded `Alert` messages of `kinds` (None:
        every kind) in id order; with `since_id` the history after it first.
        Iteration ends when nothing arrives within `timeout` seconds (None: never).
        ZeroMQ connects in the background: an alert published in the first moments
        is only seen through the history (`since_id`, or the next alert's gap).
        """
        return AlertSubscription(self, kinds=kinds, since_id=since_id, endpoint=endpoint, timeout=timeout)


def _to_adjustment_status(status: Union[str, int]) -> int:
    """An `AdjustmentStatus` number from "proposed"/"applied"/"rejected" or a number."""
    if isinstance(status, str):
        try:
            return learning_pb.AdjustmentStatus.Value("ADJUSTMENT_STATUS_" + status.strip().upper())
        except ValueError:
            raise ValueError(f"unknown adjustment status {status!r} (proposed, applied, rejected)") from None
    return operator.index(status)
