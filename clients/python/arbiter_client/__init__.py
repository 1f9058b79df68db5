"""Python client for the Arbiter server (ZeroMQ + protobuf, contract `arbiter.v1`).

    from arbiter_client import ArbiterClient
    with ArbiterClient("tcp://127.0.0.1:7470") as client:
        client.record_execution({"task_id": "T-1", "assigned_model": "m", ...})
        rows = client.get_performance(group_by=["model"])

The generated protobuf messages are in `arbiter_client.pb` (``pb.Request``,
``pb.TaskExecution``, ...); those of the learning batch (``Adjustment``,
``LearningReport``, ``ADJUSTMENT_STATUS_APPLIED``, ...) in `arbiter_client.learning_pb`.
"""

from ._client import (
    DEFAULT_ENDPOINT,
    ArbiterClient,
    ArbiterError,
    ErrorCode,
    load_curve_key,
    to_dimensions,
    to_task_descriptor,
    to_task_execution,
)
from ._proto import ab_testing_pb2 as abpb
from ._alerts import AlertSubscription, kind_name, severity_name, topic_of
from ._proto import alerts_pb2
from ._proto import arbiter_pb2 as pb
from ._proto import learning_pb2 as learning_pb
from ._proto.alerts_pb2 import Alert, AlertKind, AlertSeverity, ListAlertsResponse
from ._proto.arbiter_pb2 import (
    Dimension,
    EstimateTaskResponse,
    GetStatusResponse,
    ListModelsResponse,
    PerformanceRow,
    RankModelsResponse,
    RecordExecutionResponse,
    RecordExecutionsResponse,
    Request,
    Response,
    RunningEstimates,
    SubscriptionUsage,
    TaskDescriptor,
    TaskExecution,
)

__all__ = [
    "Alert",
    "AlertKind",
    "AlertSeverity",
    "AlertSubscription",
    "ListAlertsResponse",
    "alerts_pb2",
    "kind_name",
    "severity_name",
    "topic_of",
    "ArbiterClient",
    "ArbiterError",
    "ErrorCode",
    "DEFAULT_ENDPOINT",
    "Dimension",
    "EstimateTaskResponse",
    "GetStatusResponse",
    "ListModelsResponse",
    "PerformanceRow",
    "RankModelsResponse",
    "RecordExecutionResponse",
    "RecordExecutionsResponse",
    "Request",
    "Response",
    "RunningEstimates",
    "SubscriptionUsage",
    "TaskDescriptor",
    "TaskExecution",
    "load_curve_key",
    "pb",
    "learning_pb",
    "abpb",
    "to_dimensions",
    "to_task_descriptor",
    "to_task_execution",
]
__version__ = "0.1.0"
