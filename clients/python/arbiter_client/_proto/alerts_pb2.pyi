from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ALERT_KIND_AB_SIGNIFICANT: AlertKind
ALERT_KIND_ADJUSTMENT_DRIFT: AlertKind
ALERT_KIND_COST_EFFICIENCY: AlertKind
ALERT_KIND_DEGRADATION: AlertKind
ALERT_KIND_UNSPECIFIED: AlertKind
ALERT_SEVERITY_CRITICAL: AlertSeverity
ALERT_SEVERITY_INFO: AlertSeverity
ALERT_SEVERITY_UNSPECIFIED: AlertSeverity
ALERT_SEVERITY_WARNING: AlertSeverity
DESCRIPTOR: _descriptor.FileDescriptor

class Alert(_message.Message):
    __slots__ = ["id", "kind", "measured_value", "message", "model", "severity", "subject", "task_type", "threshold", "time_ms"]
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MEASURED_VALUE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    TASK_TYPE_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    id: int
    kind: AlertKind
    measured_value: float
    message: str
    model: str
    severity: AlertSeverity
    subject: str
    task_type: str
    threshold: float
    time_ms: int
    def __init__(self, id: _Optional[int] = ..., kind: _Optional[_Union[AlertKind, str]] = ..., severity: _Optional[_Union[AlertSeverity, str]] = ..., time_ms: _Optional[int] = ..., subject: _Optional[str] = ..., model: _Optional[str] = ..., task_type: _Optional[str] = ..., measured_value: _Optional[float] = ..., threshold: _Optional[float] = ..., message: _Optional[str] = ...) -> None: ...

class AlertCondition(_message.Message):
    __slots__ = ["kind", "severity", "subject", "time_ms"]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    TIME_MS_FIELD_NUMBER: _ClassVar[int]
    kind: AlertKind
    severity: AlertSeverity
    subject: str
    time_ms: int
    def __init__(self, kind: _Optional[_Union[AlertKind, str]] = ..., subject: _Optional[str] = ..., severity: _Optional[_Union[AlertSeverity, str]] = ..., time_ms: _Optional[int] = ...) -> None: ...

class ListAlertsRequest(_message.Message):
    __slots__ = ["kinds", "limit", "min_severity", "since_id", "since_time_ms", "subject"]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    MIN_SEVERITY_FIELD_NUMBER: _ClassVar[int]
    SINCE_ID_FIELD_NUMBER: _ClassVar[int]
    SINCE_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    kinds: _containers.RepeatedScalarFieldContainer[AlertKind]
    limit: int
    min_severity: AlertSeverity
    since_id: int
    since_time_ms: int
    subject: str
    def __init__(self, kinds: _Optional[_Iterable[_Union[AlertKind, str]]] = ..., min_severity: _Optional[_Union[AlertSeverity, str]] = ..., since_id: _Optional[int] = ..., since_time_ms: _Optional[int] = ..., subject: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ListAlertsResponse(_message.Message):
    __slots__ = ["alerts", "more", "newest_id", "oldest_id"]
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    MORE_FIELD_NUMBER: _ClassVar[int]
    NEWEST_ID_FIELD_NUMBER: _ClassVar[int]
    OLDEST_ID_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[Alert]
    more: bool
    newest_id: int
    oldest_id: int
    def __init__(self, alerts: _Optional[_Iterable[_Union[Alert, _Mapping]]] = ..., more: bool = ..., oldest_id: _Optional[int] = ..., newest_id: _Optional[int] = ...) -> None: ...

class AlertKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class AlertSeverity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
