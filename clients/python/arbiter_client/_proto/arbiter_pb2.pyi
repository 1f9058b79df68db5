from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ALREADY_EXISTS: ErrorCode
COMPLEXITY: Dimension
DESCRIPTOR: _descriptor.FileDescriptor
DIMENSION_UNSPECIFIED: Dimension
DOMAIN: Dimension
ERROR_CODE_UNSPECIFIED: ErrorCode
FAILED_PRECONDITION: ErrorCode
INTERNAL: ErrorCode
INVALID_ARGUMENT: ErrorCode
MALFORMED_REQUEST: ErrorCode
MODEL: Dimension
NOT_FOUND: ErrorCode
PERMISSION_DENIED: ErrorCode
PRIORITY: Dimension
RESOURCE_EXHAUSTED: ErrorCode
UNAUTHENTICATED: ErrorCode
UNAVAILABLE: ErrorCode
UNIMPLEMENTED: ErrorCode

class Error(_message.Message):
    __slots__ = ["code", "field", "message"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: ErrorCode
    field: str
    message: str
    def __init__(self, code: _Optional[_Union[ErrorCode, str]] = ..., message: _Optional[str] = ..., field: _Optional[str] = ...) -> None: ...

class GetPerformanceRequest(_message.Message):
    __slots__ = ["complexity", "domain", "group_by", "model", "priority"]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    complexity: str
    domain: str
    group_by: _containers.RepeatedScalarFieldContainer[Dimension]
    model: str
    priority: str
    def __init__(self, model: _Optional[str] = ..., priority: _Optional[str] = ..., domain: _Optional[str] = ..., complexity: _Optional[str] = ..., group_by: _Optional[_Iterable[_Union[Dimension, str]]] = ...) -> None: ...

class GetPerformanceResponse(_message.Message):
    __slots__ = ["rows"]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[PerformanceRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[PerformanceRow, _Mapping]]] = ...) -> None: ...

class GetStatusRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetStatusResponse(_message.Message):
    __slots__ = ["executions_stored", "fsync_mode", "models", "snapshot_sequence", "snapshot_time_ms", "state_dir", "task_types", "uptime_seconds", "version", "wal_bytes"]
    EXECUTIONS_STORED_FIELD_NUMBER: _ClassVar[int]
    FSYNC_MODE_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    STATE_DIR_FIELD_NUMBER: _ClassVar[int]
    TASK_TYPES_FIELD_NUMBER: _ClassVar[int]
    UPTIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    WAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    executions_stored: int
    fsync_mode: str
    models: int
    snapshot_sequence: int
    snapshot_time_ms: int
    state_dir: str
    task_types: int
    uptime_seconds: float
    version: str
    wal_bytes: int
    def __init__(self, version: _Optional[str] = ..., uptime_seconds: _Optional[float] = ..., executions_stored: _Optional[int] = ..., models: _Optional[int] = ..., task_types: _Optional[int] = ..., state_dir: _Optional[str] = ..., snapshot_sequence: _Optional[int] = ..., snapshot_time_ms: _Optional[int] = ..., wal_bytes: _Optional[int] = ..., fsync_mode: _Optional[str] = ...) -> None: ...

class PerformanceRow(_message.Message):
    __slots__ = ["avg_execution_time", "avg_quality_score", "complexity", "domain", "input_token_accuracy", "input_token_samples", "last_updated_ms", "model", "output_token_accuracy", "output_token_samples", "priority", "quality_stddev", "running", "success_rate", "total_tasks", "value_per_dollar", "value_per_dollar_samples"]
    AVG_EXECUTION_TIME_FIELD_NUMBER: _ClassVar[int]
    AVG_QUALITY_SCORE_FIELD_NUMBER: _ClassVar[int]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    INPUT_TOKEN_ACCURACY_FIELD_NUMBER: _ClassVar[int]
    INPUT_TOKEN_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    LAST_UPDATED_MS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_TOKEN_ACCURACY_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_TOKEN_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    QUALITY_STDDEV_FIELD_NUMBER: _ClassVar[int]
    RUNNING_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_TASKS_FIELD_NUMBER: _ClassVar[int]
    VALUE_PER_DOLLAR_FIELD_NUMBER: _ClassVar[int]
    VALUE_PER_DOLLAR_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    avg_execution_time: float
    avg_quality_score: float
    complexity: str
    domain: str
    input_token_accuracy: float
    input_token_samples: int
    last_updated_ms: int
    model: str
    output_token_accuracy: float
    output_token_samples: int
    priority: str
    quality_stddev: float
    running: RunningEstimates
    success_rate: float
    total_tasks: int
    value_per_dollar: float
    value_per_dollar_samples: int
    def __init__(self, model: _Optional[str] = ..., priority: _Optional[str] = ..., domain: _Optional[str] = ..., complexity: _Optional[str] = ..., total_tasks: _Optional[int] = ..., success_rate: _Optional[float] = ..., avg_quality_score: _Optional[float] = ..., quality_stddev: _Optional[float] = ..., avg_execution_time: _Optional[float] = ..., input_token_accuracy: _Optional[float] = ..., output_token_accuracy: _Optional[float] = ..., value_per_dollar: _Optional[float] = ..., last_updated_ms: _Optional[int] = ..., input_token_samples: _Optional[int] = ..., output_token_samples: _Optional[int] = ..., value_per_dollar_samples: _Optional[int] = ..., running: _Optional[_Union[RunningEstimates, _Mapping]] = ...) -> None: ...

class RecordExecutionRequest(_message.Message):
    __slots__ = ["execution"]
    EXECUTION_FIELD_NUMBER: _ClassVar[int]
    execution: TaskExecution
    def __init__(self, execution: _Optional[_Union[TaskExecution, _Mapping]] = ...) -> None: ...

class RecordExecutionResponse(_message.Message):
    __slots__ = ["duplicate", "execution_id"]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    duplicate: bool
    execution_id: str
    def __init__(self, execution_id: _Optional[str] = ..., duplicate: bool = ...) -> None: ...

class RecordExecutionsRequest(_message.Message):
    __slots__ = ["executions"]
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    executions: _containers.RepeatedCompositeFieldContainer[TaskExecution]
    def __init__(self, executions: _Optional[_Iterable[_Union[TaskExecution, _Mapping]]] = ...) -> None: ...

class RecordExecutionsResponse(_message.Message):
    __slots__ = ["accepted", "duplicates", "execution_ids", "rejected"]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_IDS_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    duplicates: int
    execution_ids: _containers.RepeatedScalarFieldContainer[str]
    rejected: _containers.RepeatedCompositeFieldContainer[RejectedExecution]
    def __init__(self, accepted: _Optional[int] = ..., duplicates: _Optional[int] = ..., rejected: _Optional[_Iterable[_Union[RejectedExecution, _Mapping]]] = ..., execution_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RejectedExecution(_message.Message):
    __slots__ = ["error", "index"]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    error: Error
    index: int
    def __init__(self, index: _Optional[int] = ..., error: _Optional[_Union[Error, _Mapping]] = ...) -> None: ...

class Request(_message.Message):
    __slots__ = ["get_performance", "get_status", "record_execution", "record_executions", "request_id"]
    GET_PERFORMANCE_FIELD_NUMBER: _ClassVar[int]
    GET_STATUS_FIELD_NUMBER: _ClassVar[int]
    RECORD_EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    RECORD_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    get_performance: GetPerformanceRequest
    get_status: GetStatusRequest
    record_execution: RecordExecutionRequest
    record_executions: RecordExecutionsRequest
    request_id: int
    def __init__(self, request_id: _Optional[int] = ..., record_execution: _Optional[_Union[RecordExecutionRequest, _Mapping]] = ..., record_executions: _Optional[_Union[RecordExecutionsRequest, _Mapping]] = ..., get_performance: _Optional[_Union[GetPerformanceRequest, _Mapping]] = ..., get_status: _Optional[_Union[GetStatusRequest, _Mapping]] = ...) -> None: ...

class Response(_message.Message):
    __slots__ = ["error", "get_performance", "get_status", "record_execution", "record_executions", "request_id"]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    GET_PERFORMANCE_FIELD_NUMBER: _ClassVar[int]
    GET_STATUS_FIELD_NUMBER: _ClassVar[int]
    RECORD_EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    RECORD_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    error: Error
    get_performance: GetPerformanceResponse
    get_status: GetStatusResponse
    record_execution: RecordExecutionResponse
    record_executions: RecordExecutionsResponse
    request_id: int
    def __init__(self, request_id: _Optional[int] = ..., error: _Optional[_Union[Error, _Mapping]] = ..., record_execution: _Optional[_Union[RecordExecutionResponse, _Mapping]] = ..., record_executions: _Optional[_Union[RecordExecutionsResponse, _Mapping]] = ..., get_performance: _Optional[_Union[GetPerformanceResponse, _Mapping]] = ..., get_status: _Optional[_Union[GetStatusResponse, _Mapping]] = ...) -> None: ...

class RunningEstimates(_message.Message):
    __slots__ = ["avg_cost_efficiency", "avg_execution_time", "avg_quality_score", "avg_token_efficiency", "confidence", "last_updated_ms", "success_rate", "total_tasks"]
    AVG_COST_EFFICIENCY_FIELD_NUMBER: _ClassVar[int]
    AVG_EXECUTION_TIME_FIELD_NUMBER: _ClassVar[int]
    AVG_QUALITY_SCORE_FIELD_NUMBER: _ClassVar[int]
    AVG_TOKEN_EFFICIENCY_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    LAST_UPDATED_MS_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_TASKS_FIELD_NUMBER: _ClassVar[int]
    avg_cost_efficiency: float
    avg_execution_time: float
    avg_quality_score: float
    avg_token_efficiency: float
    confidence: float
    last_updated_ms: int
    success_rate: float
    total_tasks: int
    def __init__(self, success_rate: _Optional[float] = ..., avg_quality_score: _Optional[float] = ..., avg_execution_time: _Optional[float] = ..., avg_token_efficiency: _Optional[float] = ..., avg_cost_efficiency: _Optional[float] = ..., total_tasks: _Optional[int] = ..., last_updated_ms: _Optional[int] = ..., confidence: _Optional[float] = ...) -> None: ...

class TaskExecution(_message.Message):
    __slots__ = ["actual_cost", "actual_input_tokens", "actual_output_tokens", "assigned_model", "assignment_reason", "bugs_introduced", "complexity", "domain", "execution_id", "execution_time_seconds", "predicted_cost", "predicted_input_tokens", "predicted_output_tokens", "predicted_value_score", "priority", "quality_score", "revision_needed", "stakeholder_satisfaction", "success", "task_id", "task_title", "tests_failed", "tests_passed", "timestamp_ms", "value_delivered", "worker_id", "workspace"]
    ACTUAL_COST_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_MODEL_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENT_REASON_FIELD_NUMBER: _ClassVar[int]
    BUGS_INTRODUCED_FIELD_NUMBER: _ClassVar[int]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_TIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_COST_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_VALUE_SCORE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    QUALITY_SCORE_FIELD_NUMBER: _ClassVar[int]
    REVISION_NEEDED_FIELD_NUMBER: _ClassVar[int]
    STAKEHOLDER_SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_TITLE_FIELD_NUMBER: _ClassVar[int]
    TESTS_FAILED_FIELD_NUMBER: _ClassVar[int]
    TESTS_PASSED_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MS_FIELD_NUMBER: _ClassVar[int]
    VALUE_DELIVERED_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_FIELD_NUMBER: _ClassVar[int]
    actual_cost: float
    actual_input_tokens: int
    actual_output_tokens: int
    assigned_model: str
    assignment_reason: str
    bugs_introduced: int
    complexity: str
    domain: str
    execution_id: str
    execution_time_seconds: float
    predicted_cost: float
    predicted_input_tokens: int
    predicted_output_tokens: int
    predicted_value_score: float
    priority: str
    quality_score: float
    revision_needed: bool
    stakeholder_satisfaction: float
    success: bool
    task_id: str
    task_title: str
    tests_failed: int
    tests_passed: int
    timestamp_ms: int
    value_delivered: float
    worker_id: str
    workspace: str
    def __init__(self, execution_id: _Optional[str] = ..., task_id: _Optional[str] = ..., task_title: _Optional[str] = ..., priority: _Optional[str] = ..., domain: _Optional[str] = ..., complexity: _Optional[str] = ..., predicted_value_score: _Optional[float] = ..., predicted_input_tokens: _Optional[int] = ..., predicted_output_tokens: _Optional[int] = ..., predicted_cost: _Optional[float] = ..., assigned_model: _Optional[str] = ..., assignment_reason: _Optional[str] = ..., actual_input_tokens: _Optional[int] = ..., actual_output_tokens: _Optional[int] = ..., actual_cost: _Optional[float] = ..., execution_time_seconds: _Optional[float] = ..., success: bool = ..., quality_score: _Optional[float] = ..., tests_passed: _Optional[int] = ..., tests_failed: _Optional[int] = ..., bugs_introduced: _Optional[int] = ..., revision_needed: bool = ..., stakeholder_satisfaction: _Optional[float] = ..., value_delivered: _Optional[float] = ..., timestamp_ms: _Optional[int] = ..., worker_id: _Optional[str] = ..., workspace: _Optional[str] = ...) -> None: ...

class ErrorCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Dimension(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
