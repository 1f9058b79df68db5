from . import learning_pb2 as _learning_pb2
from . import ab_testing_pb2 as _ab_testing_pb2
from . import alerts_pb2 as _alerts_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ALREADY_EXISTS: ErrorCode
ALREADY_FAILED: ExclusionReason
BLEND: EstimateSource
CHEAP: ModelTier
COMPLEXITY: Dimension
DESCRIPTOR: _descriptor.FileDescriptor
DIMENSION_UNSPECIFIED: Dimension
DISABLED: ExclusionReason
DOMAIN: Dimension
ERROR_CODE_UNSPECIFIED: ErrorCode
ESTIMATE_SOURCE_UNSPECIFIED: EstimateSource
EXCLUSION_REASON_UNSPECIFIED: ExclusionReason
FAILED_PRECONDITION: ErrorCode
INTERNAL: ErrorCode
INVALID_ARGUMENT: ErrorCode
LEARNED: EstimateSource
MALFORMED_REQUEST: ErrorCode
MID: ModelTier
MODEL: Dimension
MODEL_TIER_UNSPECIFIED: ModelTier
NOT_FOUND: ErrorCode
PERMISSION_DENIED: ErrorCode
PREMIUM: ModelTier
PRIOR: EstimateSource
PRIORITY: Dimension
QUOTA_EXHAUSTED: ExclusionReason
RESOURCE_EXHAUSTED: ErrorCode
UNAUTHENTICATED: ErrorCode
UNAVAILABLE: ErrorCode
UNIMPLEMENTED: ErrorCode
UNKNOWN_MODEL: ExclusionReason

class Error(_message.Message):
    __slots__ = ["code", "field", "message"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: ErrorCode
    field: str
    message: str
    def __init__(self, code: _Optional[_Union[ErrorCode, str]] = ..., message: _Optional[str] = ..., field: _Optional[str] = ...) -> None: ...

class EstimateTaskRequest(_message.Message):
    __slots__ = ["candidates", "task"]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    TASK_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedScalarFieldContainer[str]
    task: TaskDescriptor
    def __init__(self, task: _Optional[_Union[TaskDescriptor, _Mapping]] = ..., candidates: _Optional[_Iterable[str]] = ...) -> None: ...

class EstimateTaskResponse(_message.Message):
    __slots__ = ["ab_test_id", "ab_variant", "applied_adjustments", "estimates", "excluded"]
    AB_TEST_ID_FIELD_NUMBER: _ClassVar[int]
    AB_VARIANT_FIELD_NUMBER: _ClassVar[int]
    APPLIED_ADJUSTMENTS_FIELD_NUMBER: _ClassVar[int]
    ESTIMATES_FIELD_NUMBER: _ClassVar[int]
    EXCLUDED_FIELD_NUMBER: _ClassVar[int]
    ab_test_id: str
    ab_variant: str
    applied_adjustments: _containers.RepeatedScalarFieldContainer[str]
    estimates: _containers.RepeatedCompositeFieldContainer[ModelEstimate]
    excluded: _containers.RepeatedCompositeFieldContainer[ExcludedCandidate]
    def __init__(self, estimates: _Optional[_Iterable[_Union[ModelEstimate, _Mapping]]] = ..., applied_adjustments: _Optional[_Iterable[str]] = ..., excluded: _Optional[_Iterable[_Union[ExcludedCandidate, _Mapping]]] = ..., ab_test_id: _Optional[str] = ..., ab_variant: _Optional[str] = ...) -> None: ...

class ExcludedCandidate(_message.Message):
    __slots__ = ["code", "model", "reason"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    code: ExclusionReason
    model: str
    reason: str
    def __init__(self, model: _Optional[str] = ..., reason: _Optional[str] = ..., code: _Optional[_Union[ExclusionReason, str]] = ...) -> None: ...

class GetPerformanceRequest(_message.Message):
    __slots__ = ["complexity", "domain", "group_by", "model", "priority", "retries"]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    complexity: str
    domain: str
    group_by: _containers.RepeatedScalarFieldContainer[Dimension]
    model: str
    priority: str
    retries: bool
    def __init__(self, model: _Optional[str] = ..., priority: _Optional[str] = ..., domain: _Optional[str] = ..., complexity: _Optional[str] = ..., group_by: _Optional[_Iterable[_Union[Dimension, str]]] = ..., retries: bool = ...) -> None: ...

class GetPerformanceResponse(_message.Message):
    __slots__ = ["rows"]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[PerformanceRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[PerformanceRow, _Mapping]]] = ...) -> None: ...

class GetStatusRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetStatusResponse(_message.Message):
    __slots__ = ["alerts_endpoint", "alerts_stored", "executions_stored", "fsync_mode", "models", "newest_alert_id", "snapshot_sequence", "snapshot_time_ms", "state_dir", "task_types", "uptime_seconds", "version", "wal_bytes"]
    ALERTS_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    ALERTS_STORED_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_STORED_FIELD_NUMBER: _ClassVar[int]
    FSYNC_MODE_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    NEWEST_ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    STATE_DIR_FIELD_NUMBER: _ClassVar[int]
    TASK_TYPES_FIELD_NUMBER: _ClassVar[int]
    UPTIME_SECONDS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    WAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    alerts_endpoint: str
    alerts_stored: int
    executions_stored: int
    fsync_mode: str
    models: int
    newest_alert_id: int
    snapshot_sequence: int
    snapshot_time_ms: int
    state_dir: str
    task_types: int
    uptime_seconds: float
    version: str
    wal_bytes: int
    def __init__(self, version: _Optional[str] = ..., uptime_seconds: _Optional[float] = ..., executions_stored: _Optional[int] = ..., models: _Optional[int] = ..., task_types: _Optional[int] = ..., state_dir: _Optional[str] = ..., snapshot_sequence: _Optional[int] = ..., snapshot_time_ms: _Optional[int] = ..., wal_bytes: _Optional[int] = ..., fsync_mode: _Optional[str] = ..., alerts_endpoint: _Optional[str] = ..., alerts_stored: _Optional[int] = ..., newest_alert_id: _Optional[int] = ...) -> None: ...

class GetSubscriptionUsageRequest(_message.Message):
    __slots__ = ["model"]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    model: str
    def __init__(self, model: _Optional[str] = ...) -> None: ...

class GetSubscriptionUsageResponse(_message.Message):
    __slots__ = ["usage"]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    usage: _containers.RepeatedCompositeFieldContainer[SubscriptionUsage]
    def __init__(self, usage: _Optional[_Iterable[_Union[SubscriptionUsage, _Mapping]]] = ...) -> None: ...

class ListModelsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListModelsResponse(_message.Message):
    __slots__ = ["catalog_path", "loaded_at_ms", "models"]
    CATALOG_PATH_FIELD_NUMBER: _ClassVar[int]
    LOADED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    catalog_path: str
    loaded_at_ms: int
    models: _containers.RepeatedCompositeFieldContainer[ModelInfo]
    def __init__(self, models: _Optional[_Iterable[_Union[ModelInfo, _Mapping]]] = ..., catalog_path: _Optional[str] = ..., loaded_at_ms: _Optional[int] = ...) -> None: ...

class ModelEstimate(_message.Message):
    __slots__ = ["model", "predicted_cost", "predicted_input_tokens", "predicted_output_tokens", "predicted_value_score"]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_COST_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_VALUE_SCORE_FIELD_NUMBER: _ClassVar[int]
    model: str
    predicted_cost: float
    predicted_input_tokens: int
    predicted_output_tokens: int
    predicted_value_score: float
    def __init__(self, model: _Optional[str] = ..., predicted_input_tokens: _Optional[int] = ..., predicted_output_tokens: _Optional[int] = ..., predicted_cost: _Optional[float] = ..., predicted_value_score: _Optional[float] = ...) -> None: ...

class ModelInfo(_message.Message):
    __slots__ = ["enabled", "input_price_per_million", "name", "output_price_per_million", "subscription", "tier"]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    INPUT_PRICE_PER_MILLION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_PRICE_PER_MILLION_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    enabled: bool
    input_price_per_million: float
    name: str
    output_price_per_million: float
    subscription: Subscription
    tier: ModelTier
    def __init__(self, name: _Optional[str] = ..., tier: _Optional[_Union[ModelTier, str]] = ..., input_price_per_million: _Optional[float] = ..., output_price_per_million: _Optional[float] = ..., enabled: bool = ..., subscription: _Optional[_Union[Subscription, _Mapping]] = ...) -> None: ...

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

class RankModelsRequest(_message.Message):
    __slots__ = ["candidates", "failed_models", "quality_price", "quality_tolerance", "seed", "strategy", "task", "top_k"]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    FAILED_MODELS_FIELD_NUMBER: _ClassVar[int]
    QUALITY_PRICE_FIELD_NUMBER: _ClassVar[int]
    QUALITY_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    TASK_FIELD_NUMBER: _ClassVar[int]
    TOP_K_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedScalarFieldContainer[str]
    failed_models: _containers.RepeatedScalarFieldContainer[str]
    quality_price: float
    quality_tolerance: float
    seed: int
    strategy: str
    task: TaskDescriptor
    top_k: int
    def __init__(self, task: _Optional[_Union[TaskDescriptor, _Mapping]] = ..., candidates: _Optional[_Iterable[str]] = ..., strategy: _Optional[str] = ..., top_k: _Optional[int] = ..., seed: _Optional[int] = ..., quality_tolerance: _Optional[float] = ..., quality_price: _Optional[float] = ..., failed_models: _Optional[_Iterable[str]] = ...) -> None: ...

class RankModelsResponse(_message.Message):
    __slots__ = ["ab_test_id", "ab_variant", "excluded", "models", "seed", "strategy"]
    AB_TEST_ID_FIELD_NUMBER: _ClassVar[int]
    AB_VARIANT_FIELD_NUMBER: _ClassVar[int]
    EXCLUDED_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    ab_test_id: str
    ab_variant: str
    excluded: _containers.RepeatedCompositeFieldContainer[ExcludedCandidate]
    models: _containers.RepeatedCompositeFieldContainer[RankedModel]
    seed: int
    strategy: str
    def __init__(self, models: _Optional[_Iterable[_Union[RankedModel, _Mapping]]] = ..., excluded: _Optional[_Iterable[_Union[ExcludedCandidate, _Mapping]]] = ..., strategy: _Optional[str] = ..., seed: _Optional[int] = ..., ab_test_id: _Optional[str] = ..., ab_variant: _Optional[str] = ...) -> None: ...

class RankedModel(_message.Message):
    __slots__ = ["assignment_reason", "confidence", "estimate", "estimated_cost", "expected_quality", "expected_success_rate", "expected_value_per_dollar", "model", "score", "source"]
    ASSIGNMENT_REASON_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_COST_FIELD_NUMBER: _ClassVar[int]
    ESTIMATE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_QUALITY_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VALUE_PER_DOLLAR_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    assignment_reason: str
    confidence: float
    estimate: ModelEstimate
    estimated_cost: float
    expected_quality: float
    expected_success_rate: float
    expected_value_per_dollar: float
    model: str
    score: float
    source: EstimateSource
    def __init__(self, model: _Optional[str] = ..., score: _Optional[float] = ..., expected_quality: _Optional[float] = ..., expected_success_rate: _Optional[float] = ..., expected_value_per_dollar: _Optional[float] = ..., estimated_cost: _Optional[float] = ..., confidence: _Optional[float] = ..., source: _Optional[_Union[EstimateSource, str]] = ..., assignment_reason: _Optional[str] = ..., estimate: _Optional[_Union[ModelEstimate, _Mapping]] = ...) -> None: ...

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

class ReloadCatalogRequest(_message.Message):
    __slots__ = ["path"]
    PATH_FIELD_NUMBER: _ClassVar[int]
    path: str
    def __init__(self, path: _Optional[str] = ...) -> None: ...

class ReloadCatalogResponse(_message.Message):
    __slots__ = ["catalog"]
    CATALOG_FIELD_NUMBER: _ClassVar[int]
    catalog: ListModelsResponse
    def __init__(self, catalog: _Optional[_Union[ListModelsResponse, _Mapping]] = ...) -> None: ...

class Request(_message.Message):
    __slots__ = ["ab_statistics", "analyze_ab_test", "apply_adjustment", "assign_variant", "create_ab_test", "estimate_task", "get_ab_test", "get_parameters", "get_performance", "get_report", "get_status", "get_subscription_usage", "graduate_ab_test", "list_ab_tests", "list_adjustments", "list_alerts", "list_models", "rank_models", "record_execution", "record_executions", "reject_adjustment", "reload_catalog", "request_id", "run_learning", "stop_ab_test"]
    AB_STATISTICS_FIELD_NUMBER: _ClassVar[int]
    ANALYZE_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    APPLY_ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGN_VARIANT_FIELD_NUMBER: _ClassVar[int]
    CREATE_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    ESTIMATE_TASK_FIELD_NUMBER: _ClassVar[int]
    GET_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    GET_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    GET_PERFORMANCE_FIELD_NUMBER: _ClassVar[int]
    GET_REPORT_FIELD_NUMBER: _ClassVar[int]
    GET_STATUS_FIELD_NUMBER: _ClassVar[int]
    GET_SUBSCRIPTION_USAGE_FIELD_NUMBER: _ClassVar[int]
    GRADUATE_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    LIST_AB_TESTS_FIELD_NUMBER: _ClassVar[int]
    LIST_ADJUSTMENTS_FIELD_NUMBER: _ClassVar[int]
    LIST_ALERTS_FIELD_NUMBER: _ClassVar[int]
    LIST_MODELS_FIELD_NUMBER: _ClassVar[int]
    RANK_MODELS_FIELD_NUMBER: _ClassVar[int]
    RECORD_EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    RECORD_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    REJECT_ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    RELOAD_CATALOG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_LEARNING_FIELD_NUMBER: _ClassVar[int]
    STOP_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    ab_statistics: _ab_testing_pb2.AbStatisticsRequest
    analyze_ab_test: _ab_testing_pb2.AnalyzeAbTestRequest
    apply_adjustment: _learning_pb2.ApplyAdjustmentRequest
    assign_variant: _ab_testing_pb2.AssignVariantRequest
    create_ab_test: _ab_testing_pb2.CreateAbTestRequest
    estimate_task: EstimateTaskRequest
    get_ab_test: _ab_testing_pb2.GetAbTestRequest
    get_parameters: _learning_pb2.GetParametersRequest
    get_performance: GetPerformanceRequest
    get_report: _learning_pb2.GetReportRequest
    get_status: GetStatusRequest
    get_subscription_usage: GetSubscriptionUsageRequest
    graduate_ab_test: _ab_testing_pb2.GraduateAbTestRequest
    list_ab_tests: _ab_testing_pb2.ListAbTestsRequest
    list_adjustments: _learning_pb2.ListAdjustmentsRequest
    list_alerts: _alerts_pb2.ListAlertsRequest
    list_models: ListModelsRequest
    rank_models: RankModelsRequest
    record_execution: RecordExecutionRequest
    record_executions: RecordExecutionsRequest
    reject_adjustment: _learning_pb2.RejectAdjustmentRequest
    reload_catalog: ReloadCatalogRequest
    request_id: int
    run_learning: _learning_pb2.RunLearningRequest
    stop_ab_test: _ab_testing_pb2.StopAbTestRequest
    def __init__(self, request_id: _Optional[int] = ..., record_execution: _Optional[_Union[RecordExecutionRequest, _Mapping]] = ..., record_executions: _Optional[_Union[RecordExecutionsRequest, _Mapping]] = ..., get_performance: _Optional[_Union[GetPerformanceRequest, _Mapping]] = ..., get_status: _Optional[_Union[GetStatusRequest, _Mapping]] = ..., list_models: _Optional[_Union[ListModelsRequest, _Mapping]] = ..., reload_catalog: _Optional[_Union[ReloadCatalogRequest, _Mapping]] = ..., estimate_task: _Optional[_Union[EstimateTaskRequest, _Mapping]] = ..., rank_models: _Optional[_Union[RankModelsRequest, _Mapping]] = ..., get_subscription_usage: _Optional[_Union[GetSubscriptionUsageRequest, _Mapping]] = ..., run_learning: _Optional[_Union[_learning_pb2.RunLearningRequest, _Mapping]] = ..., list_adjustments: _Optional[_Union[_learning_pb2.ListAdjustmentsRequest, _Mapping]] = ..., apply_adjustment: _Optional[_Union[_learning_pb2.ApplyAdjustmentRequest, _Mapping]] = ..., reject_adjustment: _Optional[_Union[_learning_pb2.RejectAdjustmentRequest, _Mapping]] = ..., get_parameters: _Optional[_Union[_learning_pb2.GetParametersRequest, _Mapping]] = ..., get_report: _Optional[_Union[_learning_pb2.GetReportRequest, _Mapping]] = ..., create_ab_test: _Optional[_Union[_ab_testing_pb2.CreateAbTestRequest, _Mapping]] = ..., get_ab_test: _Optional[_Union[_ab_testing_pb2.GetAbTestRequest, _Mapping]] = ..., list_ab_tests: _Optional[_Union[_ab_testing_pb2.ListAbTestsRequest, _Mapping]] = ..., stop_ab_test: _Optional[_Union[_ab_testing_pb2.StopAbTestRequest, _Mapping]] = ..., assign_variant: _Optional[_Union[_ab_testing_pb2.AssignVariantRequest, _Mapping]] = ..., analyze_ab_test: _Optional[_Union[_ab_testing_pb2.AnalyzeAbTestRequest, _Mapping]] = ..., graduate_ab_test: _Optional[_Union[_ab_testing_pb2.GraduateAbTestRequest, _Mapping]] = ..., ab_statistics: _Optional[_Union[_ab_testing_pb2.AbStatisticsRequest, _Mapping]] = ..., list_alerts: _Optional[_Union[_alerts_pb2.ListAlertsRequest, _Mapping]] = ...) -> None: ...

class Response(_message.Message):
    __slots__ = ["ab_statistics", "analyze_ab_test", "apply_adjustment", "assign_variant", "create_ab_test", "error", "estimate_task", "get_ab_test", "get_parameters", "get_performance", "get_report", "get_status", "get_subscription_usage", "graduate_ab_test", "list_ab_tests", "list_adjustments", "list_alerts", "list_models", "rank_models", "record_execution", "record_executions", "reject_adjustment", "reload_catalog", "request_id", "run_learning", "stop_ab_test"]
    AB_STATISTICS_FIELD_NUMBER: _ClassVar[int]
    ANALYZE_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    APPLY_ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGN_VARIANT_FIELD_NUMBER: _ClassVar[int]
    CREATE_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ESTIMATE_TASK_FIELD_NUMBER: _ClassVar[int]
    GET_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    GET_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    GET_PERFORMANCE_FIELD_NUMBER: _ClassVar[int]
    GET_REPORT_FIELD_NUMBER: _ClassVar[int]
    GET_STATUS_FIELD_NUMBER: _ClassVar[int]
    GET_SUBSCRIPTION_USAGE_FIELD_NUMBER: _ClassVar[int]
    GRADUATE_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    LIST_AB_TESTS_FIELD_NUMBER: _ClassVar[int]
    LIST_ADJUSTMENTS_FIELD_NUMBER: _ClassVar[int]
    LIST_ALERTS_FIELD_NUMBER: _ClassVar[int]
    LIST_MODELS_FIELD_NUMBER: _ClassVar[int]
    RANK_MODELS_FIELD_NUMBER: _ClassVar[int]
    RECORD_EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    RECORD_EXECUTION_FIELD_NUMBER: _ClassVar[int]
    REJECT_ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    RELOAD_CATALOG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RUN_LEARNING_FIELD_NUMBER: _ClassVar[int]
    STOP_AB_TEST_FIELD_NUMBER: _ClassVar[int]
    ab_statistics: _ab_testing_pb2.AbStatisticsResponse
    analyze_ab_test: _ab_testing_pb2.AnalyzeAbTestResponse
    apply_adjustment: _learning_pb2.ApplyAdjustmentResponse
    assign_variant: _ab_testing_pb2.AssignVariantResponse
    create_ab_test: _ab_testing_pb2.CreateAbTestResponse
    error: Error
    estimate_task: EstimateTaskResponse
    get_ab_test: _ab_testing_pb2.GetAbTestResponse
    get_parameters: _learning_pb2.GetParametersResponse
    get_performance: GetPerformanceResponse
    get_report: _learning_pb2.GetReportResponse
    get_status: GetStatusResponse
    get_subscription_usage: GetSubscriptionUsageResponse
    graduate_ab_test: _ab_testing_pb2.GraduateAbTestResponse
    list_ab_tests: _ab_testing_pb2.ListAbTestsResponse
    list_adjustments: _learning_pb2.ListAdjustmentsResponse
    list_alerts: _alerts_pb2.ListAlertsResponse
    list_models: ListModelsResponse
    rank_models: RankModelsResponse
    record_execution: RecordExecutionResponse
    record_executions: RecordExecutionsResponse
    reject_adjustment: _learning_pb2.RejectAdjustmentResponse
    reload_catalog: ReloadCatalogResponse
    request_id: int
    run_learning: _learning_pb2.RunLearningResponse
    stop_ab_test: _ab_testing_pb2.StopAbTestResponse
    def __init__(self, request_id: _Optional[int] = ..., error: _Optional[_Union[Error, _Mapping]] = ..., record_execution: _Optional[_Union[RecordExecutionResponse, _Mapping]] = ..., record_executions: _Optional[_Union[RecordExecutionsResponse, _Mapping]] = ..., get_performance: _Optional[_Union[GetPerformanceResponse, _Mapping]] = ..., get_status: _Optional[_Union[GetStatusResponse, _Mapping]] = ..., list_models: _Optional[_Union[ListModelsResponse, _Mapping]] = ..., reload_catalog: _Optional[_Union[ReloadCatalogResponse, _Mapping]] = ..., estimate_task: _Optional[_Union[EstimateTaskResponse, _Mapping]] = ..., rank_models: _Optional[_Union[RankModelsResponse, _Mapping]] = ..., get_subscription_usage: _Optional[_Union[GetSubscriptionUsageResponse, _Mapping]] = ..., run_learning: _Optional[_Union[_learning_pb2.RunLearningResponse, _Mapping]] = ..., list_adjustments: _Optional[_Union[_learning_pb2.ListAdjustmentsResponse, _Mapping]] = ..., apply_adjustment: _Optional[_Union[_learning_pb2.ApplyAdjustmentResponse, _Mapping]] = ..., reject_adjustment: _Optional[_Union[_learning_pb2.RejectAdjustmentResponse, _Mapping]] = ..., get_parameters: _Optional[_Union[_learning_pb2.GetParametersResponse, _Mapping]] = ..., get_report: _Optional[_Union[_learning_pb2.GetReportResponse, _Mapping]] = ..., create_ab_test: _Optional[_Union[_ab_testing_pb2.CreateAbTestResponse, _Mapping]] = ..., get_ab_test: _Optional[_Union[_ab_testing_pb2.GetAbTestResponse, _Mapping]] = ..., list_ab_tests: _Optional[_Union[_ab_testing_pb2.ListAbTestsResponse, _Mapping]] = ..., stop_ab_test: _Optional[_Union[_ab_testing_pb2.StopAbTestResponse, _Mapping]] = ..., assign_variant: _Optional[_Union[_ab_testing_pb2.AssignVariantResponse, _Mapping]] = ..., analyze_ab_test: _Optional[_Union[_ab_testing_pb2.AnalyzeAbTestResponse, _Mapping]] = ..., graduate_ab_test: _Optional[_Union[_ab_testing_pb2.GraduateAbTestResponse, _Mapping]] = ..., ab_statistics: _Optional[_Union[_ab_testing_pb2.AbStatisticsResponse, _Mapping]] = ..., list_alerts: _Optional[_Union[_alerts_pb2.ListAlertsResponse, _Mapping]] = ...) -> None: ...

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

class Subscription(_message.Message):
    __slots__ = ["fee", "period_seconds", "quota_tasks", "quota_tokens"]
    FEE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_SECONDS_FIELD_NUMBER: _ClassVar[int]
    QUOTA_TASKS_FIELD_NUMBER: _ClassVar[int]
    QUOTA_TOKENS_FIELD_NUMBER: _ClassVar[int]
    fee: float
    period_seconds: int
    quota_tasks: int
    quota_tokens: int
    def __init__(self, quota_tokens: _Optional[int] = ..., quota_tasks: _Optional[int] = ..., period_seconds: _Optional[int] = ..., fee: _Optional[float] = ...) -> None: ...

class SubscriptionUsage(_message.Message):
    __slots__ = ["model", "overflow_api_cost", "overflow_tasks", "period_end_ms", "period_start_ms", "quota_tasks", "quota_tokens", "tasks_used", "tokens_used", "utilisation"]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    OVERFLOW_API_COST_FIELD_NUMBER: _ClassVar[int]
    OVERFLOW_TASKS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_MS_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_MS_FIELD_NUMBER: _ClassVar[int]
    QUOTA_TASKS_FIELD_NUMBER: _ClassVar[int]
    QUOTA_TOKENS_FIELD_NUMBER: _ClassVar[int]
    TASKS_USED_FIELD_NUMBER: _ClassVar[int]
    TOKENS_USED_FIELD_NUMBER: _ClassVar[int]
    UTILISATION_FIELD_NUMBER: _ClassVar[int]
    model: str
    overflow_api_cost: float
    overflow_tasks: int
    period_end_ms: int
    period_start_ms: int
    quota_tasks: int
    quota_tokens: int
    tasks_used: int
    tokens_used: int
    utilisation: float
    def __init__(self, model: _Optional[str] = ..., period_start_ms: _Optional[int] = ..., period_end_ms: _Optional[int] = ..., tokens_used: _Optional[int] = ..., tasks_used: _Optional[int] = ..., quota_tokens: _Optional[int] = ..., quota_tasks: _Optional[int] = ..., utilisation: _Optional[float] = ..., overflow_tasks: _Optional[int] = ..., overflow_api_cost: _Optional[float] = ...) -> None: ...

class TaskDescriptor(_message.Message):
    __slots__ = ["complexity", "domain", "predicted_input_tokens", "predicted_output_tokens", "predicted_value_score", "priority", "task_id", "task_title"]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_VALUE_SCORE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_TITLE_FIELD_NUMBER: _ClassVar[int]
    complexity: str
    domain: str
    predicted_input_tokens: int
    predicted_output_tokens: int
    predicted_value_score: float
    priority: str
    task_id: str
    task_title: str
    def __init__(self, task_id: _Optional[str] = ..., priority: _Optional[str] = ..., domain: _Optional[str] = ..., complexity: _Optional[str] = ..., task_title: _Optional[str] = ..., predicted_input_tokens: _Optional[int] = ..., predicted_output_tokens: _Optional[int] = ..., predicted_value_score: _Optional[float] = ...) -> None: ...

class TaskExecution(_message.Message):
    __slots__ = ["ab_test_id", "ab_variant", "actual_cost", "actual_input_tokens", "actual_output_tokens", "assigned_model", "assignment_reason", "attempt", "bugs_introduced", "complexity", "domain", "execution_id", "execution_time_seconds", "predicted_cost", "predicted_input_tokens", "predicted_output_tokens", "predicted_value_score", "priority", "quality_score", "revision_needed", "stakeholder_satisfaction", "success", "task_id", "task_title", "tests_failed", "tests_passed", "timestamp_ms", "value_delivered", "worker_id", "workspace"]
    AB_TEST_ID_FIELD_NUMBER: _ClassVar[int]
    AB_VARIANT_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_COST_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_MODEL_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENT_REASON_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
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
    ab_test_id: str
    ab_variant: str
    actual_cost: float
    actual_input_tokens: int
    actual_output_tokens: int
    assigned_model: str
    assignment_reason: str
    attempt: int
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
    def __init__(self, execution_id: _Optional[str] = ..., task_id: _Optional[str] = ..., task_title: _Optional[str] = ..., priority: _Optional[str] = ..., domain: _Optional[str] = ..., complexity: _Optional[str] = ..., predicted_value_score: _Optional[float] = ..., predicted_input_tokens: _Optional[int] = ..., predicted_output_tokens: _Optional[int] = ..., predicted_cost: _Optional[float] = ..., assigned_model: _Optional[str] = ..., assignment_reason: _Optional[str] = ..., actual_input_tokens: _Optional[int] = ..., actual_output_tokens: _Optional[int] = ..., actual_cost: _Optional[float] = ..., execution_time_seconds: _Optional[float] = ..., success: bool = ..., quality_score: _Optional[float] = ..., tests_passed: _Optional[int] = ..., tests_failed: _Optional[int] = ..., bugs_introduced: _Optional[int] = ..., revision_needed: bool = ..., stakeholder_satisfaction: _Optional[float] = ..., value_delivered: _Optional[float] = ..., timestamp_ms: _Optional[int] = ..., worker_id: _Optional[str] = ..., workspace: _Optional[str] = ..., ab_test_id: _Optional[str] = ..., ab_variant: _Optional[str] = ..., attempt: _Optional[int] = ...) -> None: ...

class ErrorCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Dimension(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ModelTier(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ExclusionReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class EstimateSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
