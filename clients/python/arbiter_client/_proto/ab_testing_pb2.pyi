from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

AB_TEST_ACTIVE: AbTestStatus
AB_TEST_GRADUATED: AbTestStatus
AB_TEST_GRADUATION_REVERTED: AbTestStatus
AB_TEST_STATUS_UNSPECIFIED: AbTestStatus
AB_TEST_STOPPED: AbTestStatus
DESCRIPTOR: _descriptor.FileDescriptor

class AbGroupMetrics(_message.Message):
    __slots__ = ["avg_cost", "avg_execution_time", "avg_quality_score", "avg_value_delivered", "primary_samples", "success_rate", "total_tasks", "value_per_dollar"]
    AVG_COST_FIELD_NUMBER: _ClassVar[int]
    AVG_EXECUTION_TIME_FIELD_NUMBER: _ClassVar[int]
    AVG_QUALITY_SCORE_FIELD_NUMBER: _ClassVar[int]
    AVG_VALUE_DELIVERED_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_TASKS_FIELD_NUMBER: _ClassVar[int]
    VALUE_PER_DOLLAR_FIELD_NUMBER: _ClassVar[int]
    avg_cost: float
    avg_execution_time: float
    avg_quality_score: float
    avg_value_delivered: float
    primary_samples: int
    success_rate: float
    total_tasks: int
    value_per_dollar: float
    def __init__(self, total_tasks: _Optional[int] = ..., avg_quality_score: _Optional[float] = ..., success_rate: _Optional[float] = ..., avg_cost: _Optional[float] = ..., avg_value_delivered: _Optional[float] = ..., value_per_dollar: _Optional[float] = ..., avg_execution_time: _Optional[float] = ..., primary_samples: _Optional[int] = ...) -> None: ...

class AbStatisticsRequest(_message.Message):
    __slots__ = ["alpha", "control", "expected_shares", "observed", "treatment"]
    ALPHA_FIELD_NUMBER: _ClassVar[int]
    CONTROL_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_SHARES_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_FIELD_NUMBER: _ClassVar[int]
    alpha: float
    control: _containers.RepeatedScalarFieldContainer[float]
    expected_shares: _containers.RepeatedScalarFieldContainer[float]
    observed: _containers.RepeatedScalarFieldContainer[int]
    treatment: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, control: _Optional[_Iterable[float]] = ..., treatment: _Optional[_Iterable[float]] = ..., alpha: _Optional[float] = ..., observed: _Optional[_Iterable[int]] = ..., expected_shares: _Optional[_Iterable[float]] = ...) -> None: ...

class AbStatisticsResponse(_message.Message):
    __slots__ = ["chi_square", "sequential", "welch"]
    CHI_SQUARE_FIELD_NUMBER: _ClassVar[int]
    SEQUENTIAL_FIELD_NUMBER: _ClassVar[int]
    WELCH_FIELD_NUMBER: _ClassVar[int]
    chi_square: ChiSquareTestResult
    sequential: SequentialTestResult
    welch: WelchTestResult
    def __init__(self, welch: _Optional[_Union[WelchTestResult, _Mapping]] = ..., chi_square: _Optional[_Union[ChiSquareTestResult, _Mapping]] = ..., sequential: _Optional[_Union[SequentialTestResult, _Mapping]] = ...) -> None: ...

class AbStrategy(_message.Message):
    __slots__ = ["complexity_multipliers", "description", "name", "preferred_model", "quality_price", "quality_tolerance", "ranking_strategy", "subscription_threshold"]
    COMPLEXITY_MULTIPLIERS_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_MODEL_FIELD_NUMBER: _ClassVar[int]
    QUALITY_PRICE_FIELD_NUMBER: _ClassVar[int]
    QUALITY_TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    RANKING_STRATEGY_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIPTION_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    complexity_multipliers: _containers.RepeatedCompositeFieldContainer[ComplexityMultiplier]
    description: str
    name: str
    preferred_model: str
    quality_price: float
    quality_tolerance: float
    ranking_strategy: str
    subscription_threshold: float
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., complexity_multipliers: _Optional[_Iterable[_Union[ComplexityMultiplier, _Mapping]]] = ..., preferred_model: _Optional[str] = ..., subscription_threshold: _Optional[float] = ..., ranking_strategy: _Optional[str] = ..., quality_tolerance: _Optional[float] = ..., quality_price: _Optional[float] = ...) -> None: ...

class AbTest(_message.Message):
    __slots__ = ["assignment_ratio", "control", "created_ms", "criteria", "description", "end_ms", "graduated_variant", "min_samples", "name", "primary_metric", "revert_reason", "reverted_ms", "significance_level", "start_ms", "status", "stopped_ms", "stopping_rule", "test_id", "treatment"]
    ASSIGNMENT_RATIO_FIELD_NUMBER: _ClassVar[int]
    CONTROL_FIELD_NUMBER: _ClassVar[int]
    CREATED_MS_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    END_MS_FIELD_NUMBER: _ClassVar[int]
    GRADUATED_VARIANT_FIELD_NUMBER: _ClassVar[int]
    MIN_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_METRIC_FIELD_NUMBER: _ClassVar[int]
    REVERTED_MS_FIELD_NUMBER: _ClassVar[int]
    REVERT_REASON_FIELD_NUMBER: _ClassVar[int]
    SIGNIFICANCE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    START_MS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STOPPED_MS_FIELD_NUMBER: _ClassVar[int]
    STOPPING_RULE_FIELD_NUMBER: _ClassVar[int]
    TEST_ID_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_FIELD_NUMBER: _ClassVar[int]
    assignment_ratio: float
    control: AbStrategy
    created_ms: int
    criteria: AbTestCriteria
    description: str
    end_ms: int
    graduated_variant: str
    min_samples: int
    name: str
    primary_metric: str
    revert_reason: str
    reverted_ms: int
    significance_level: float
    start_ms: int
    status: AbTestStatus
    stopped_ms: int
    stopping_rule: str
    test_id: str
    treatment: AbStrategy
    def __init__(self, test_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., control: _Optional[_Union[AbStrategy, _Mapping]] = ..., treatment: _Optional[_Union[AbStrategy, _Mapping]] = ..., assignment_ratio: _Optional[float] = ..., criteria: _Optional[_Union[AbTestCriteria, _Mapping]] = ..., start_ms: _Optional[int] = ..., end_ms: _Optional[int] = ..., min_samples: _Optional[int] = ..., primary_metric: _Optional[str] = ..., significance_level: _Optional[float] = ..., stopping_rule: _Optional[str] = ..., status: _Optional[_Union[AbTestStatus, str]] = ..., stopped_ms: _Optional[int] = ..., graduated_variant: _Optional[str] = ..., created_ms: _Optional[int] = ..., reverted_ms: _Optional[int] = ..., revert_reason: _Optional[str] = ...) -> None: ...

class AbTestAnalysis(_message.Message):
    __slots__ = ["control", "control_samples_needed", "misassigned", "notes", "primary", "primary_metric", "quality", "sample_ratio", "sample_ratio_mismatch", "sequential", "stopping_rule", "success", "test_id", "treatment", "treatment_samples_needed", "verdict", "winner"]
    CONTROL_FIELD_NUMBER: _ClassVar[int]
    CONTROL_SAMPLES_NEEDED_FIELD_NUMBER: _ClassVar[int]
    MISASSIGNED_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_METRIC_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_RATIO_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_RATIO_MISMATCH_FIELD_NUMBER: _ClassVar[int]
    SEQUENTIAL_FIELD_NUMBER: _ClassVar[int]
    STOPPING_RULE_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    TEST_ID_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_SAMPLES_NEEDED_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    WINNER_FIELD_NUMBER: _ClassVar[int]
    control: AbGroupMetrics
    control_samples_needed: int
    misassigned: int
    notes: _containers.RepeatedScalarFieldContainer[str]
    primary: WelchTestResult
    primary_metric: str
    quality: WelchTestResult
    sample_ratio: ChiSquareTestResult
    sample_ratio_mismatch: bool
    sequential: SequentialTestResult
    stopping_rule: str
    success: WelchTestResult
    test_id: str
    treatment: AbGroupMetrics
    treatment_samples_needed: int
    verdict: str
    winner: str
    def __init__(self, test_id: _Optional[str] = ..., control: _Optional[_Union[AbGroupMetrics, _Mapping]] = ..., treatment: _Optional[_Union[AbGroupMetrics, _Mapping]] = ..., primary_metric: _Optional[str] = ..., stopping_rule: _Optional[str] = ..., primary: _Optional[_Union[WelchTestResult, _Mapping]] = ..., sequential: _Optional[_Union[SequentialTestResult, _Mapping]] = ..., sample_ratio: _Optional[_Union[ChiSquareTestResult, _Mapping]] = ..., sample_ratio_mismatch: bool = ..., quality: _Optional[_Union[WelchTestResult, _Mapping]] = ..., success: _Optional[_Union[WelchTestResult, _Mapping]] = ..., verdict: _Optional[str] = ..., winner: _Optional[str] = ..., control_samples_needed: _Optional[int] = ..., treatment_samples_needed: _Optional[int] = ..., notes: _Optional[_Iterable[str]] = ..., misassigned: _Optional[int] = ...) -> None: ...

class AbTestCriteria(_message.Message):
    __slots__ = ["complexities", "domains", "models", "priorities"]
    COMPLEXITIES_FIELD_NUMBER: _ClassVar[int]
    DOMAINS_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    PRIORITIES_FIELD_NUMBER: _ClassVar[int]
    complexities: _containers.RepeatedScalarFieldContainer[str]
    domains: _containers.RepeatedScalarFieldContainer[str]
    models: _containers.RepeatedScalarFieldContainer[str]
    priorities: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, priorities: _Optional[_Iterable[str]] = ..., domains: _Optional[_Iterable[str]] = ..., complexities: _Optional[_Iterable[str]] = ..., models: _Optional[_Iterable[str]] = ...) -> None: ...

class AbTestVerdictSummary(_message.Message):
    __slots__ = ["control_mean", "control_samples", "control_samples_needed", "control_strategy", "fixed_horizon_p_value", "guardrail_failed", "name", "primary_metric", "sequential_p_value", "status", "stopping_rule", "test_id", "treatment_mean", "treatment_samples", "treatment_samples_needed", "treatment_strategy", "verdict", "verdict_withheld", "winner"]
    CONTROL_MEAN_FIELD_NUMBER: _ClassVar[int]
    CONTROL_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    CONTROL_SAMPLES_NEEDED_FIELD_NUMBER: _ClassVar[int]
    CONTROL_STRATEGY_FIELD_NUMBER: _ClassVar[int]
    FIXED_HORIZON_P_VALUE_FIELD_NUMBER: _ClassVar[int]
    GUARDRAIL_FAILED_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_METRIC_FIELD_NUMBER: _ClassVar[int]
    SEQUENTIAL_P_VALUE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STOPPING_RULE_FIELD_NUMBER: _ClassVar[int]
    TEST_ID_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_MEAN_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_SAMPLES_NEEDED_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_STRATEGY_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    VERDICT_WITHHELD_FIELD_NUMBER: _ClassVar[int]
    WINNER_FIELD_NUMBER: _ClassVar[int]
    control_mean: float
    control_samples: int
    control_samples_needed: int
    control_strategy: str
    fixed_horizon_p_value: float
    guardrail_failed: bool
    name: str
    primary_metric: str
    sequential_p_value: float
    status: AbTestStatus
    stopping_rule: str
    test_id: str
    treatment_mean: float
    treatment_samples: int
    treatment_samples_needed: int
    treatment_strategy: str
    verdict: str
    verdict_withheld: bool
    winner: str
    def __init__(self, test_id: _Optional[str] = ..., name: _Optional[str] = ..., status: _Optional[_Union[AbTestStatus, str]] = ..., verdict: _Optional[str] = ..., winner: _Optional[str] = ..., primary_metric: _Optional[str] = ..., stopping_rule: _Optional[str] = ..., sequential_p_value: _Optional[float] = ..., fixed_horizon_p_value: _Optional[float] = ..., control_samples: _Optional[int] = ..., treatment_samples: _Optional[int] = ..., control_samples_needed: _Optional[int] = ..., treatment_samples_needed: _Optional[int] = ..., verdict_withheld: bool = ..., guardrail_failed: bool = ..., control_mean: _Optional[float] = ..., treatment_mean: _Optional[float] = ..., control_strategy: _Optional[str] = ..., treatment_strategy: _Optional[str] = ...) -> None: ...

class AnalyzeAbTestRequest(_message.Message):
    __slots__ = ["test_id"]
    TEST_ID_FIELD_NUMBER: _ClassVar[int]
    test_id: str
    def __init__(self, test_id: _Optional[str] = ...) -> None: ...

class AnalyzeAbTestResponse(_message.Message):
    __slots__ = ["analysis"]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    analysis: AbTestAnalysis
    def __init__(self, analysis: _Optional[_Union[AbTestAnalysis, _Mapping]] = ...) -> None: ...

class AssignVariantRequest(_message.Message):
    __slots__ = ["candidates", "complexity", "domain", "priority", "task_id"]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedScalarFieldContainer[str]
    complexity: str
    domain: str
    priority: str
    task_id: str
    def __init__(self, task_id: _Optional[str] = ..., priority: _Optional[str] = ..., domain: _Optional[str] = ..., complexity: _Optional[str] = ..., candidates: _Optional[_Iterable[str]] = ...) -> None: ...

class AssignVariantResponse(_message.Message):
    __slots__ = ["strategy", "test_id", "variant"]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    TEST_ID_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    strategy: str
    test_id: str
    variant: str
    def __init__(self, test_id: _Optional[str] = ..., variant: _Optional[str] = ..., strategy: _Optional[str] = ...) -> None: ...

class ChiSquareTestResult(_message.Message):
    __slots__ = ["computed", "degrees_of_freedom", "expected", "observed", "p_value", "statistic"]
    COMPUTED_FIELD_NUMBER: _ClassVar[int]
    DEGREES_OF_FREEDOM_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_FIELD_NUMBER: _ClassVar[int]
    P_VALUE_FIELD_NUMBER: _ClassVar[int]
    STATISTIC_FIELD_NUMBER: _ClassVar[int]
    computed: bool
    degrees_of_freedom: int
    expected: _containers.RepeatedScalarFieldContainer[float]
    observed: _containers.RepeatedScalarFieldContainer[int]
    p_value: float
    statistic: float
    def __init__(self, computed: bool = ..., statistic: _Optional[float] = ..., degrees_of_freedom: _Optional[int] = ..., p_value: _Optional[float] = ..., observed: _Optional[_Iterable[int]] = ..., expected: _Optional[_Iterable[float]] = ...) -> None: ...

class ComplexityMultiplier(_message.Message):
    __slots__ = ["complexity", "multiplier"]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    MULTIPLIER_FIELD_NUMBER: _ClassVar[int]
    complexity: str
    multiplier: float
    def __init__(self, complexity: _Optional[str] = ..., multiplier: _Optional[float] = ...) -> None: ...

class CreateAbTestRequest(_message.Message):
    __slots__ = ["test"]
    TEST_FIELD_NUMBER: _ClassVar[int]
    test: AbTest
    def __init__(self, test: _Optional[_Union[AbTest, _Mapping]] = ...) -> None: ...

class CreateAbTestResponse(_message.Message):
    __slots__ = ["test"]
    TEST_FIELD_NUMBER: _ClassVar[int]
    test: AbTest
    def __init__(self, test: _Optional[_Union[AbTest, _Mapping]] = ...) -> None: ...

class GetAbTestRequest(_message.Message):
    __slots__ = ["test_id"]
    TEST_ID_FIELD_NUMBER: _ClassVar[int]
    test_id: str
    def __init__(self, test_id: _Optional[str] = ...) -> None: ...

class GetAbTestResponse(_message.Message):
    __slots__ = ["test"]
    TEST_FIELD_NUMBER: _ClassVar[int]
    test: AbTest
    def __init__(self, test: _Optional[_Union[AbTest, _Mapping]] = ...) -> None: ...

class GraduateAbTestRequest(_message.Message):
    __slots__ = ["test_id"]
    TEST_ID_FIELD_NUMBER: _ClassVar[int]
    test_id: str
    def __init__(self, test_id: _Optional[str] = ...) -> None: ...

class GraduateAbTestResponse(_message.Message):
    __slots__ = ["analysis", "test"]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    TEST_FIELD_NUMBER: _ClassVar[int]
    analysis: AbTestAnalysis
    test: AbTest
    def __init__(self, test: _Optional[_Union[AbTest, _Mapping]] = ..., analysis: _Optional[_Union[AbTestAnalysis, _Mapping]] = ...) -> None: ...

class ListAbTestsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListAbTestsResponse(_message.Message):
    __slots__ = ["tests"]
    TESTS_FIELD_NUMBER: _ClassVar[int]
    tests: _containers.RepeatedCompositeFieldContainer[AbTest]
    def __init__(self, tests: _Optional[_Iterable[_Union[AbTest, _Mapping]]] = ...) -> None: ...

class SequentialTestResult(_message.Message):
    __slots__ = ["always_valid_p_value", "computed", "decided_at_samples", "decided_direction", "likelihood_ratio", "max_likelihood_ratio", "significant"]
    ALWAYS_VALID_P_VALUE_FIELD_NUMBER: _ClassVar[int]
    COMPUTED_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_SAMPLES_FIELD_NUMBER: _ClassVar[int]
    DECIDED_DIRECTION_FIELD_NUMBER: _ClassVar[int]
    LIKELIHOOD_RATIO_FIELD_NUMBER: _ClassVar[int]
    MAX_LIKELIHOOD_RATIO_FIELD_NUMBER: _ClassVar[int]
    SIGNIFICANT_FIELD_NUMBER: _ClassVar[int]
    always_valid_p_value: float
    computed: bool
    decided_at_samples: int
    decided_direction: int
    likelihood_ratio: float
    max_likelihood_ratio: float
    significant: bool
    def __init__(self, computed: bool = ..., likelihood_ratio: _Optional[float] = ..., max_likelihood_ratio: _Optional[float] = ..., always_valid_p_value: _Optional[float] = ..., significant: bool = ..., decided_at_samples: _Optional[int] = ..., decided_direction: _Optional[int] = ...) -> None: ...

class StopAbTestRequest(_message.Message):
    __slots__ = ["test_id"]
    TEST_ID_FIELD_NUMBER: _ClassVar[int]
    test_id: str
    def __init__(self, test_id: _Optional[str] = ...) -> None: ...

class StopAbTestResponse(_message.Message):
    __slots__ = ["test"]
    TEST_FIELD_NUMBER: _ClassVar[int]
    test: AbTest
    def __init__(self, test: _Optional[_Union[AbTest, _Mapping]] = ...) -> None: ...

class WelchTestResult(_message.Message):
    __slots__ = ["computed", "confidence_high", "confidence_level", "confidence_low", "control_count", "control_mean", "control_variance", "degrees_of_freedom", "difference", "p_value", "relative_lift", "standard_error", "t", "treatment_count", "treatment_mean", "treatment_variance"]
    COMPUTED_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_HIGH_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_LOW_FIELD_NUMBER: _ClassVar[int]
    CONTROL_COUNT_FIELD_NUMBER: _ClassVar[int]
    CONTROL_MEAN_FIELD_NUMBER: _ClassVar[int]
    CONTROL_VARIANCE_FIELD_NUMBER: _ClassVar[int]
    DEGREES_OF_FREEDOM_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCE_FIELD_NUMBER: _ClassVar[int]
    P_VALUE_FIELD_NUMBER: _ClassVar[int]
    RELATIVE_LIFT_FIELD_NUMBER: _ClassVar[int]
    STANDARD_ERROR_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_MEAN_FIELD_NUMBER: _ClassVar[int]
    TREATMENT_VARIANCE_FIELD_NUMBER: _ClassVar[int]
    T_FIELD_NUMBER: _ClassVar[int]
    computed: bool
    confidence_high: float
    confidence_level: float
    confidence_low: float
    control_count: int
    control_mean: float
    control_variance: float
    degrees_of_freedom: float
    difference: float
    p_value: float
    relative_lift: float
    standard_error: float
    t: float
    treatment_count: int
    treatment_mean: float
    treatment_variance: float
    def __init__(self, computed: bool = ..., t: _Optional[float] = ..., degrees_of_freedom: _Optional[float] = ..., p_value: _Optional[float] = ..., difference: _Optional[float] = ..., confidence_low: _Optional[float] = ..., confidence_high: _Optional[float] = ..., confidence_level: _Optional[float] = ..., relative_lift: _Optional[float] = ..., control_count: _Optional[int] = ..., treatment_count: _Optional[int] = ..., control_mean: _Optional[float] = ..., treatment_mean: _Optional[float] = ..., standard_error: _Optional[float] = ..., control_variance: _Optional[float] = ..., treatment_variance: _Optional[float] = ...) -> None: ...

class AbTestStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
