import ArbiterCore

/// A/B tests as JSON objects with the proto field names.
enum AbTestJSON {
    static func strategy(_ s: AbStrategy) -> [String: Any] {
        var object: [String: Any] = [
            "name": s.name, "description": s.description, "preferred_model": s.preferredModel,
            "complexity_multipliers": s.complexityMultipliers.sorted { $0.key < $1.key }.map { ["complexity": $0.key, "multiplier": $0.value] },
            "ranking_strategy": s.rankingStrategy?.rawValue ?? "",
        ]
        if let threshold = s.subscriptionThreshold { object["subscription_threshold"] = threshold }
        if let tolerance = s.qualityTolerance { object["quality_tolerance"] = tolerance }
        if let price = s.qualityPrice { object["quality_price"] = price }
        return object
    }

    static func test(_ t: AbTest) -> [String: Any] {
        [
            "test_id": t.testID, "name": t.name, "description": t.description,
            "control": strategy(t.control), "treatment": strategy(t.treatment), "assignment_ratio": t.assignmentRatio,
            "criteria": [
                "priorities": t.criteria.priorities, "domains": t.criteria.domains, "complexities": t.criteria.complexities,
                "models": t.criteria.models,
            ],
            "start_ms": t.startMs, "end_ms": t.endMs, "min_samples": t.minSamples, "primary_metric": t.primaryMetric.rawValue,
            "significance_level": t.significanceLevel, "stopping_rule": t.stoppingRule.rawValue, "status": t.status.rawValue,
            "stopped_ms": t.stoppedMs, "graduated_variant": t.graduatedVariant?.rawValue ?? "", "created_ms": t.createdMs,
            "reverted_ms": t.revertedMs, "revert_reason": t.revertReason,
        ]
    }

    static func welch(_ w: WelchTTest?) -> [String: Any] {
        guard let w else { return ["computed": false] }
        var object: [String: Any] = [
            "computed": true, "t": Console.jsonNumber(w.t), "degrees_of_freedom": Console.jsonNumber(w.degreesOfFreedom),
            "p_value": Console.jsonNumber(w.pValue), "difference": Console.jsonNumber(w.difference),
            "confidence_low": Console.jsonNumber(w.confidenceLow), "confidence_high": Console.jsonNumber(w.confidenceHigh),
            "confidence_level": w.confidenceLevel, "control_count": w.control.count, "treatment_count": w.treatment.count,
            "control_mean": Console.jsonNumber(w.control.mean), "treatment_mean": Console.jsonNumber(w.treatment.mean),
            "control_variance": Console.jsonNumber(w.control.variance), "treatment_variance": Console.jsonNumber(w.treatment.variance),
            "standard_error": Console.jsonNumber(w.standardError),
        ]
        if let lift = w.relativeLift { object["relative_lift"] = Console.jsonNumber(lift) }
        return object
    }

    static func group(_ g: AbGroupMetrics) -> [String: Any] {
        [
            "total_tasks": g.totalTasks, "avg_quality_score": Console.jsonNumber(g.avgQualityScore), "success_rate": Console.jsonNumber(g.successRate),
            "avg_cost": Console.jsonNumber(g.avgCost), "avg_value_delivered": Console.jsonNumber(g.avgValueDelivered),
            "value_per_dollar": Console.jsonNumber(g.valuePerDollar), "avg_execution_time": Console.jsonNumber(g.avgExecutionTime),
            "primary_samples": g.primarySamples,
        ]
    }

    static func analysis(_ a: AbTestAnalysis) -> [String: Any] {
        var sequential: [String: Any] = ["computed": false]
        if let s = a.sequential {
            sequential = [
                "computed": true, "likelihood_ratio": Console.jsonNumber(s.likelihoodRatio),
                "max_likelihood_ratio": Console.jsonNumber(s.maximumLikelihoodRatio), "always_valid_p_value": s.alwaysValidPValue,
                "significant": s.isSignificant, "decided_at_samples": s.decidedAtSamples ?? 0, "decided_direction": s.decidedDirection ?? 0,
            ]
        }
        var ratio: [String: Any] = ["computed": false]
        if let r = a.sampleRatio {
            ratio = ["computed": true, "statistic": Console.jsonNumber(r.statistic), "degrees_of_freedom": r.degreesOfFreedom,
                     "p_value": Console.jsonNumber(r.pValue), "observed": r.observed, "expected": r.expected]
        }
        return [
            "test_id": a.testID, "control": group(a.control), "treatment": group(a.treatment), "primary_metric": a.primaryMetric.rawValue,
            "stopping_rule": a.stoppingRule.rawValue, "primary": welch(a.primary), "sequential": sequential, "sample_ratio": ratio,
            "sample_ratio_mismatch": a.sampleRatioMismatch, "misassigned": a.misassigned, "quality": welch(a.quality), "success": welch(a.success),
            "verdict": a.verdict.rawValue, "winner": a.winner?.rawValue ?? "", "control_samples_needed": a.controlSamplesNeeded,
            "treatment_samples_needed": a.treatmentSamplesNeeded, "notes": a.notes,
        ]
    }
}
