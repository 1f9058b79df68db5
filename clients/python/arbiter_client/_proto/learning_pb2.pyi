from . import ab_testing_pb2 as _ab_testing_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ADJUSTMENT_STATUS_APPLIED: AdjustmentStatus
ADJUSTMENT_STATUS_PROPOSED: AdjustmentStatus
ADJUSTMENT_STATUS_REJECTED: AdjustmentStatus
ADJUSTMENT_STATUS_UNSPECIFIED: AdjustmentStatus
DESCRIPTOR: _descriptor.FileDescriptor
REPORT_FORMAT_HTML: ReportFormat
REPORT_FORMAT_MARKDOWN: ReportFormat
REPORT_FORMAT_PROTOBUF: ReportFormat
REPORT_FORMAT_UNSPECIFIED: ReportFormat

class Adjustment(_message.Message):
    __slots__ = ["adjusted_value", "adjustment_reason", "applied_sequence", "confidence_score", "created_at_ms", "effective_date_ms", "id", "original_value", "parameter_name", "parameter_type", "status", "status_changed_at_ms"]
    ADJUSTED_VALUE_FIELD_NUMBER: _ClassVar[int]
    ADJUSTMENT_REASON_FIELD_NUMBER: _ClassVar[int]
    APPLIED_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_SCORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_DATE_MS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_VALUE_FIELD_NUMBER: _ClassVar[int]
    PARAMETER_NAME_FIELD_NUMBER: _ClassVar[int]
    PARAMETER_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUS_CHANGED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    adjusted_value: float
    adjustment_reason: str
    applied_sequence: int
    confidence_score: float
    created_at_ms: int
    effective_date_ms: int
    id: str
    original_value: float
    parameter_name: str
    parameter_type: str
    status: AdjustmentStatus
    status_changed_at_ms: int
    def __init__(self, id: _Optional[str] = ..., parameter_name: _Optional[str] = ..., parameter_type: _Optional[str] = ..., original_value: _Optional[float] = ..., adjusted_value: _Optional[float] = ..., adjustment_reason: _Optional[str] = ..., confidence_score: _Optional[float] = ..., effective_date_ms: _Optional[int] = ..., created_at_ms: _Optional[int] = ..., status: _Optional[_Union[AdjustmentStatus, str]] = ..., status_changed_at_ms: _Optional[int] = ..., applied_sequence: _Optional[int] = ...) -> None: ...

class ApplyAdjustmentRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ApplyAdjustmentResponse(_message.Message):
    __slots__ = ["adjustment"]
    ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    adjustment: Adjustment
    def __init__(self, adjustment: _Optional[_Union[Adjustment, _Mapping]] = ...) -> None: ...

class CostEffectivenessReport(_message.Message):
    __slots__ = ["best_saving", "executions_with_saving", "opportunities", "premium_executions", "window_end_ms", "window_start_ms"]
    BEST_SAVING_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_WITH_SAVING_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITIES_FIELD_NUMBER: _ClassVar[int]
    PREMIUM_EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_END_MS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_START_MS_FIELD_NUMBER: _ClassVar[int]
    best_saving: float
    executions_with_saving: int
    opportunities: _containers.RepeatedCompositeFieldContainer[CostOpportunity]
    premium_executions: int
    window_end_ms: int
    window_start_ms: int
    def __init__(self, window_start_ms: _Optional[int] = ..., window_end_ms: _Optional[int] = ..., premium_executions: _Optional[int] = ..., executions_with_saving: _Optional[int] = ..., best_saving: _Optional[float] = ..., opportunities: _Optional[_Iterable[_Union[CostOpportunity, _Mapping]]] = ...) -> None: ...

class CostOpportunity(_message.Message):
    __slots__ = ["complexity", "confidence", "current_model", "domain", "executions", "mean_actual_cost", "mean_saving", "mean_suggested_cost", "priority", "quality_difference", "suggested_model", "suggested_model_tasks", "task_type", "total_saving"]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    CURRENT_MODEL_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    MEAN_ACTUAL_COST_FIELD_NUMBER: _ClassVar[int]
    MEAN_SAVING_FIELD_NUMBER: _ClassVar[int]
    MEAN_SUGGESTED_COST_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    QUALITY_DIFFERENCE_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_MODEL_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_MODEL_TASKS_FIELD_NUMBER: _ClassVar[int]
    TASK_TYPE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SAVING_FIELD_NUMBER: _ClassVar[int]
    complexity: str
    confidence: float
    current_model: str
    domain: str
    executions: int
    mean_actual_cost: float
    mean_saving: float
    mean_suggested_cost: float
    priority: str
    quality_difference: float
    suggested_model: str
    suggested_model_tasks: int
    task_type: str
    total_saving: float
    def __init__(self, task_type: _Optional[str] = ..., priority: _Optional[str] = ..., domain: _Optional[str] = ..., complexity: _Optional[str] = ..., current_model: _Optional[str] = ..., suggested_model: _Optional[str] = ..., executions: _Optional[int] = ..., total_saving: _Optional[float] = ..., mean_saving: _Optional[float] = ..., quality_difference: _Optional[float] = ..., confidence: _Optional[float] = ..., suggested_model_tasks: _Optional[int] = ..., mean_actual_cost: _Optional[float] = ..., mean_suggested_cost: _Optional[float] = ...) -> None: ...

class EffectiveParameter(_message.Message):
    __slots__ = ["adjustment", "name", "source", "value"]
    ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    adjustment: Adjustment
    name: str
    source: str
    value: float
    def __init__(self, name: _Optional[str] = ..., value: _Optional[float] = ..., source: _Optional[str] = ..., adjustment: _Optional[_Union[Adjustment, _Mapping]] = ...) -> None: ...

class GetParametersRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class GetParametersResponse(_message.Message):
    __slots__ = ["parameters"]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    parameters: _containers.RepeatedCompositeFieldContainer[EffectiveParameter]
    def __init__(self, parameters: _Optional[_Iterable[_Union[EffectiveParameter, _Mapping]]] = ...) -> None: ...

class GetReportRequest(_message.Message):
    __slots__ = ["as_of_ms", "format"]
    AS_OF_MS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    as_of_ms: int
    format: ReportFormat
    def __init__(self, format: _Optional[_Union[ReportFormat, str]] = ..., as_of_ms: _Optional[int] = ...) -> None: ...

class GetReportResponse(_message.Message):
    __slots__ = ["document", "report"]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    document: str
    report: LearningReport
    def __init__(self, report: _Optional[_Union[LearningReport, _Mapping]] = ..., document: _Optional[str] = ...) -> None: ...

class LearningReport(_message.Message):
    __slots__ = ["ab_tests", "adjustments", "as_of_ms", "costs", "dry_run", "executions_stored", "graduation_threshold", "history", "sections", "settings", "tokens", "value_per_dollar", "values"]
    AB_TESTS_FIELD_NUMBER: _ClassVar[int]
    ADJUSTMENTS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_MS_FIELD_NUMBER: _ClassVar[int]
    COSTS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_STORED_FIELD_NUMBER: _ClassVar[int]
    GRADUATION_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    SECTIONS_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    VALUE_PER_DOLLAR_FIELD_NUMBER: _ClassVar[int]
    ab_tests: _containers.RepeatedCompositeFieldContainer[_ab_testing_pb2.AbTestVerdictSummary]
    adjustments: _containers.RepeatedCompositeFieldContainer[Adjustment]
    as_of_ms: int
    costs: CostEffectivenessReport
    dry_run: bool
    executions_stored: int
    graduation_threshold: float
    history: _containers.RepeatedCompositeFieldContainer[Adjustment]
    sections: _containers.RepeatedCompositeFieldContainer[ReportSection]
    settings: LearningSettings
    tokens: TokenCalibrationReport
    value_per_dollar: _containers.RepeatedCompositeFieldContainer[ValuePerDollarCell]
    values: ValueCalibrationReport
    def __init__(self, as_of_ms: _Optional[int] = ..., dry_run: bool = ..., graduation_threshold: _Optional[float] = ..., executions_stored: _Optional[int] = ..., tokens: _Optional[_Union[TokenCalibrationReport, _Mapping]] = ..., values: _Optional[_Union[ValueCalibrationReport, _Mapping]] = ..., costs: _Optional[_Union[CostEffectivenessReport, _Mapping]] = ..., adjustments: _Optional[_Iterable[_Union[Adjustment, _Mapping]]] = ..., value_per_dollar: _Optional[_Iterable[_Union[ValuePerDollarCell, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[Adjustment, _Mapping]]] = ..., sections: _Optional[_Iterable[_Union[ReportSection, _Mapping]]] = ..., settings: _Optional[_Union[LearningSettings, _Mapping]] = ..., ab_tests: _Optional[_Iterable[_Union[_ab_testing_pb2.AbTestVerdictSummary, _Mapping]]] = ...) -> None: ...

class LearningSettings(_message.Message):
    __slots__ = ["correlation_threshold", "cost_full_confidence_count", "cost_logging_confidence", "cost_window_days", "domain_full_confidence_count", "domain_minimum_executions", "graduation_threshold", "maximum_quality_loss", "minimum_saving", "priority_full_confidence_count", "token_full_confidence_count", "token_ratio_tolerance", "token_window_days", "value_minimum_executions", "value_ratio_tolerance", "value_window_days"]
    CORRELATION_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    COST_FULL_CONFIDENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    COST_LOGGING_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    COST_WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FULL_CONFIDENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_MINIMUM_EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    GRADUATION_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    MAXIMUM_QUALITY_LOSS_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_SAVING_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FULL_CONFIDENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FULL_CONFIDENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_RATIO_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    TOKEN_WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    VALUE_MINIMUM_EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    VALUE_RATIO_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    VALUE_WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    correlation_threshold: float
    cost_full_confidence_count: int
    cost_logging_confidence: float
    cost_window_days: int
    domain_full_confidence_count: int
    domain_minimum_executions: int
    graduation_threshold: float
    maximum_quality_loss: float
    minimum_saving: float
    priority_full_confidence_count: int
    token_full_confidence_count: int
    token_ratio_tolerance: float
    token_window_days: int
    value_minimum_executions: int
    value_ratio_tolerance: float
    value_window_days: int
    def __init__(self, token_window_days: _Optional[int] = ..., token_ratio_tolerance: _Optional[float] = ..., token_full_confidence_count: _Optional[int] = ..., value_window_days: _Optional[int] = ..., value_minimum_executions: _Optional[int] = ..., correlation_threshold: _Optional[float] = ..., value_ratio_tolerance: _Optional[float] = ..., priority_full_confidence_count: _Optional[int] = ..., domain_minimum_executions: _Optional[int] = ..., domain_full_confidence_count: _Optional[int] = ..., cost_window_days: _Optional[int] = ..., maximum_quality_loss: _Optional[float] = ..., minimum_saving: _Optional[float] = ..., cost_full_confidence_count: _Optional[int] = ..., cost_logging_confidence: _Optional[float] = ..., graduation_threshold: _Optional[float] = ...) -> None: ...

class ListAdjustmentsRequest(_message.Message):
    __slots__ = ["created_from_ms", "created_to_ms", "parameter_name", "parameter_type", "status"]
    CREATED_FROM_MS_FIELD_NUMBER: _ClassVar[int]
    CREATED_TO_MS_FIELD_NUMBER: _ClassVar[int]
    PARAMETER_NAME_FIELD_NUMBER: _ClassVar[int]
    PARAMETER_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    created_from_ms: int
    created_to_ms: int
    parameter_name: str
    parameter_type: str
    status: AdjustmentStatus
    def __init__(self, parameter_name: _Optional[str] = ..., parameter_type: _Optional[str] = ..., status: _Optional[_Union[AdjustmentStatus, str]] = ..., created_from_ms: _Optional[int] = ..., created_to_ms: _Optional[int] = ...) -> None: ...

class ListAdjustmentsResponse(_message.Message):
    __slots__ = ["adjustments"]
    ADJUSTMENTS_FIELD_NUMBER: _ClassVar[int]
    adjustments: _containers.RepeatedCompositeFieldContainer[Adjustment]
    def __init__(self, adjustments: _Optional[_Iterable[_Union[Adjustment, _Mapping]]] = ...) -> None: ...

class RejectAdjustmentRequest(_message.Message):
    __slots__ = ["id"]
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class RejectAdjustmentResponse(_message.Message):
    __slots__ = ["adjustment"]
    ADJUSTMENT_FIELD_NUMBER: _ClassVar[int]
    adjustment: Adjustment
    def __init__(self, adjustment: _Optional[_Union[Adjustment, _Mapping]] = ...) -> None: ...

class ReportSection(_message.Message):
    __slots__ = ["lines", "title"]
    LINES_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedScalarFieldContainer[str]
    title: str
    def __init__(self, title: _Optional[str] = ..., lines: _Optional[_Iterable[str]] = ...) -> None: ...

class RunLearningRequest(_message.Message):
    __slots__ = ["as_of_ms", "cost_window_days", "dry_run", "token_window_days", "value_window_days"]
    AS_OF_MS_FIELD_NUMBER: _ClassVar[int]
    COST_WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    VALUE_WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    as_of_ms: int
    cost_window_days: int
    dry_run: bool
    token_window_days: int
    value_window_days: int
    def __init__(self, as_of_ms: _Optional[int] = ..., token_window_days: _Optional[int] = ..., value_window_days: _Optional[int] = ..., cost_window_days: _Optional[int] = ..., dry_run: bool = ...) -> None: ...

class RunLearningResponse(_message.Message):
    __slots__ = ["report"]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: LearningReport
    def __init__(self, report: _Optional[_Union[LearningReport, _Mapping]] = ...) -> None: ...

class TokenCalibrationGroup(_message.Message):
    __slots__ = ["dimension", "executions", "label", "mean_input_ratio", "mean_output_ratio"]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    MEAN_INPUT_RATIO_FIELD_NUMBER: _ClassVar[int]
    MEAN_OUTPUT_RATIO_FIELD_NUMBER: _ClassVar[int]
    dimension: str
    executions: int
    label: str
    mean_input_ratio: float
    mean_output_ratio: float
    def __init__(self, dimension: _Optional[str] = ..., label: _Optional[str] = ..., executions: _Optional[int] = ..., mean_input_ratio: _Optional[float] = ..., mean_output_ratio: _Optional[float] = ...) -> None: ...

class TokenCalibrationReport(_message.Message):
    __slots__ = ["executions", "groups", "points", "window_end_ms", "window_start_ms"]
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_END_MS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_START_MS_FIELD_NUMBER: _ClassVar[int]
    executions: int
    groups: _containers.RepeatedCompositeFieldContainer[TokenCalibrationGroup]
    points: _containers.RepeatedCompositeFieldContainer[TokenPoint]
    window_end_ms: int
    window_start_ms: int
    def __init__(self, window_start_ms: _Optional[int] = ..., window_end_ms: _Optional[int] = ..., executions: _Optional[int] = ..., groups: _Optional[_Iterable[_Union[TokenCalibrationGroup, _Mapping]]] = ..., points: _Optional[_Iterable[_Union[TokenPoint, _Mapping]]] = ...) -> None: ...

class TokenPoint(_message.Message):
    __slots__ = ["actual_input_tokens", "actual_output_tokens", "complexity", "predicted_input_tokens", "predicted_output_tokens"]
    ACTUAL_INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    actual_input_tokens: int
    actual_output_tokens: int
    complexity: str
    predicted_input_tokens: int
    predicted_output_tokens: int
    def __init__(self, complexity: _Optional[str] = ..., predicted_input_tokens: _Optional[int] = ..., actual_input_tokens: _Optional[int] = ..., predicted_output_tokens: _Optional[int] = ..., actual_output_tokens: _Optional[int] = ...) -> None: ...

class ValueCalibrationGroup(_message.Message):
    __slots__ = ["dimension", "executions", "label", "mean_delivered", "mean_predicted", "ratio"]
    DIMENSION_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    MEAN_DELIVERED_FIELD_NUMBER: _ClassVar[int]
    MEAN_PREDICTED_FIELD_NUMBER: _ClassVar[int]
    RATIO_FIELD_NUMBER: _ClassVar[int]
    dimension: str
    executions: int
    label: str
    mean_delivered: float
    mean_predicted: float
    ratio: float
    def __init__(self, dimension: _Optional[str] = ..., label: _Optional[str] = ..., executions: _Optional[int] = ..., mean_predicted: _Optional[float] = ..., mean_delivered: _Optional[float] = ..., ratio: _Optional[float] = ...) -> None: ...

class ValueCalibrationReport(_message.Message):
    __slots__ = ["correlation", "enough_data", "executions", "groups", "points", "priorities_examined", "window_end_ms", "window_start_ms"]
    CORRELATION_FIELD_NUMBER: _ClassVar[int]
    ENOUGH_DATA_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    PRIORITIES_EXAMINED_FIELD_NUMBER: _ClassVar[int]
    WINDOW_END_MS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_START_MS_FIELD_NUMBER: _ClassVar[int]
    correlation: float
    enough_data: bool
    executions: int
    groups: _containers.RepeatedCompositeFieldContainer[ValueCalibrationGroup]
    points: _containers.RepeatedCompositeFieldContainer[ValuePoint]
    priorities_examined: bool
    window_end_ms: int
    window_start_ms: int
    def __init__(self, window_start_ms: _Optional[int] = ..., window_end_ms: _Optional[int] = ..., executions: _Optional[int] = ..., enough_data: bool = ..., correlation: _Optional[float] = ..., priorities_examined: bool = ..., groups: _Optional[_Iterable[_Union[ValueCalibrationGroup, _Mapping]]] = ..., points: _Optional[_Iterable[_Union[ValuePoint, _Mapping]]] = ...) -> None: ...

class ValuePerDollarCell(_message.Message):
    __slots__ = ["model", "samples", "task_type", "value_per_dollar"]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_FIELD_NUMBER: _ClassVar[int]
    TASK_TYPE_FIELD_NUMBER: _ClassVar[int]
    VALUE_PER_DOLLAR_FIELD_NUMBER: _ClassVar[int]
    model: str
    samples: int
    task_type: str
    value_per_dollar: float
    def __init__(self, model: _Optional[str] = ..., task_type: _Optional[str] = ..., value_per_dollar: _Optional[float] = ..., samples: _Optional[int] = ...) -> None: ...

class ValuePoint(_message.Message):
    __slots__ = ["delivered", "predicted"]
    DELIVERED_FIELD_NUMBER: _ClassVar[int]
    PREDICTED_FIELD_NUMBER: _ClassVar[int]
    delivered: float
    predicted: float
    def __init__(self, predicted: _Optional[float] = ..., delivered: _Optional[float] = ...) -> None: ...

class AdjustmentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ReportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
