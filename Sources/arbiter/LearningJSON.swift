import ArbiterCore
import Foundation

/// The learning batch's values as JSON objects with the proto field names.
enum LearningJSON {
    static func adjustment(_ a: Adjustment) -> [String: Any] {
        [
            "id": a.id,
            "parameter_name": a.parameterName,
            "parameter_type": a.parameterType.rawValue,
            "original_value": Console.jsonNumber(a.originalValue),
            "adjusted_value": Console.jsonNumber(a.adjustedValue),
            "adjustment_reason": a.adjustmentReason,
            "confidence_score": Console.jsonNumber(a.confidenceScore),
            "effective_date_ms": a.effectiveDateMs,
            "created_at_ms": a.createdAtMs,
            "status": a.status.rawValue,
            "status_changed_at_ms": a.statusChangedAtMs,
            "applied_sequence": a.appliedSequence,
        ]
    }

    static func parameter(_ p: EffectiveParameter) -> [String: Any] {
        var object: [String: Any] = ["name": p.name, "value": Console.jsonNumber(p.value), "source": p.source.rawValue]
        if let adjustment = p.adjustment { object["adjustment"] = self.adjustment(adjustment) }
        return object
    }

    static func report(_ r: LearningReport) -> [String: Any] {
        var values: [String: Any] = [
            "window_start_ms": r.values.window.startMs,
            "window_end_ms": r.values.window.endMs,
            "executions": r.values.executions,
            "enough_data": r.values.enoughData,
            "priorities_examined": r.values.prioritiesExamined,
            "groups": r.values.groups.map { g -> [String: Any] in
                var group: [String: Any] = [
                    "dimension": g.dimension.rawValue, "label": g.label, "executions": g.executions,
                    "mean_predicted": Console.jsonNumber(g.meanPredicted), "mean_delivered": Console.jsonNumber(g.meanDelivered),
                ]
                if let ratio = g.ratio { group["ratio"] = Console.jsonNumber(ratio) }
                return group
            },
            "points": r.values.points.map { ["predicted": Console.jsonNumber($0.predicted), "delivered": Console.jsonNumber($0.delivered)] },
        ]
        if let correlation = r.values.correlation { values["correlation"] = Console.jsonNumber(correlation) }
        return [
            "as_of_ms": r.asOfMs,
            "dry_run": r.dryRun,
            "graduation_threshold": Console.jsonNumber(r.graduationThreshold),
            "executions_stored": r.executionsStored,
            // `LearningSettings`, whose field names are the catalog's `learning:` keys; every value is a number.
            "settings": Dictionary(uniqueKeysWithValues: r.configuration.settingsByKey.map { ($0.key, Double($0.value) ?? .nan) }),
            "tokens": [
                "window_start_ms": r.tokens.window.startMs,
                "window_end_ms": r.tokens.window.endMs,
                "executions": r.tokens.executions,
                "groups": r.tokens.groups.map {
                    [
                        "dimension": $0.dimension.rawValue, "label": $0.label, "executions": $0.executions,
                        "mean_input_ratio": Console.jsonNumber($0.meanInputRatio), "mean_output_ratio": Console.jsonNumber($0.meanOutputRatio),
                    ] as [String: Any]
                },
                "points": r.tokens.points.map {
                    [
                        "complexity": $0.complexity, "predicted_input_tokens": $0.predictedInputTokens, "actual_input_tokens": $0.actualInputTokens,
                        "predicted_output_tokens": $0.predictedOutputTokens, "actual_output_tokens": $0.actualOutputTokens,
                    ] as [String: Any]
                },
            ] as [String: Any],
            "values": values,
            "costs": [
                "window_start_ms": r.costs.window.startMs,
                "window_end_ms": r.costs.window.endMs,
                "premium_executions": r.costs.premiumExecutions,
                "executions_with_saving": r.costs.executionsWithSaving,
                "best_saving": Console.jsonNumber(r.costs.bestSaving),
                "opportunities": r.costs.opportunities.map {
                    [
                        "task_type": $0.taskType, "priority": $0.priority, "domain": $0.domain, "complexity": $0.complexity,
                        "current_model": $0.currentModel, "suggested_model": $0.suggestedModel, "executions": $0.executions,
                        "total_saving": Console.jsonNumber($0.totalSaving), "mean_saving": Console.jsonNumber($0.meanSaving),
                        "quality_difference": Console.jsonNumber($0.qualityDifference), "confidence": Console.jsonNumber($0.confidence),
                        "suggested_model_tasks": $0.suggestedModelTasks, "mean_actual_cost": Console.jsonNumber($0.meanActualCost),
                        "mean_suggested_cost": Console.jsonNumber($0.meanSuggestedCost),
                    ] as [String: Any]
                },
            ] as [String: Any],
            "adjustments": r.adjustments.map(adjustment),
            "value_per_dollar": r.valuePerDollar.map {
                ["model": $0.model, "task_type": $0.taskType, "value_per_dollar": Console.jsonNumber($0.valuePerDollar), "samples": $0.samples] as [String: Any]
            },
            "history": r.history.map(adjustment),
            "sections": r.sections.map { ["title": $0.title, "lines": $0.lines] as [String: Any] },
            "ab_tests": r.abTests.map {
                [
                    "test_id": $0.testID, "name": $0.name, "status": $0.status.rawValue, "verdict": $0.verdict.rawValue,
                    "winner": $0.winner?.rawValue ?? "", "primary_metric": $0.primaryMetric.rawValue, "stopping_rule": $0.stoppingRule.rawValue,
                    "sequential_p_value": $0.sequentialPValue.map(Console.jsonNumber) ?? NSNull(),
                    "fixed_horizon_p_value": $0.fixedHorizonPValue.map(Console.jsonNumber) ?? NSNull(),
                    "control_samples": $0.controlSamples, "treatment_samples": $0.treatmentSamples,
                    "control_samples_needed": $0.controlSamplesNeeded, "treatment_samples_needed": $0.treatmentSamplesNeeded,
                    "verdict_withheld": $0.verdictWithheld, "guardrail_failed": $0.guardrailFailed,
                    "control_mean": Console.jsonNumber($0.controlMean), "treatment_mean": Console.jsonNumber($0.treatmentMean),
                    "control_strategy": $0.controlStrategy, "treatment_strategy": $0.treatmentStrategy,
                ] as [String: Any]
            },
        ]
    }
}
