import ArbiterCore
import Foundation
import Testing

/// Daily learning runs over overlapping 30-day windows, as the server's scheduler makes them,
/// where each execution is predicted with the factors in force at its time: the estimates
/// must settle within the tolerance of the truth and stay there.
@Suite struct CalibrationConvergenceTests {
    static let day: Int64 = 86_400_000
    static let start: Int64 = 1_700_000_000_000
    static let complexities = ["complex", "medium", "simple"]
    static let domains = ["backend", "data", "frontend", "infra"]
    static let priorities = ["P1", "P2"]

    /// How far the truth is from the catalog's estimate: a fixed multiple per label.
    struct Truth {
        var complexity: [String: Double] = [:]
        var domain: [String: Double] = [:]
        var priority: [String: Double] = [:]
        var valueDomain: [String: Double] = [:]

        func tokens(_ complexity: String, _ domain: String) -> Double {
            (self.complexity[complexity] ?? 1) * (self.domain[domain] ?? 1)
        }

        func value(_ priority: String, _ domain: String) -> Double {
            (self.priority[priority] ?? 1) * (valueDomain[domain] ?? 1)
        }
    }

    /// A store fed day by day and a learning run at the end of each day, the adjustments logged
    /// and recorded as the server does (`Recorder.runLearning`).
    struct Simulation {
        var truth: Truth
        var state = LearningState()
        var random = SeededRandom(seed: 11)
        var logged: [Adjustment] = []
        var nextID = 0

        func factor(_ name: String) -> Double { state.adjustments.effectiveValue(named: name) }

        /// The estimate relative to the catalog's base: complexity factor × domain factor.
        func inputEstimate(_ complexity: String, _ domain: String) -> Double {
            factor(ParameterAdjustments.tokenEstimateInputName(complexity: complexity))
                * factor(ParameterAdjustments.tokenEstimateInputDomainName(domain: domain))
        }

        func outputEstimate(_ complexity: String, _ domain: String) -> Double {
            factor(ParameterAdjustments.tokenEstimateOutputName(complexity: complexity))
                * factor(ParameterAdjustments.tokenEstimateOutputDomainName(domain: domain))
        }

        /// Priority weight × domain modifier.
        func valueEstimate(_ priority: String, _ domain: String) -> Double {
            factor(ParameterAdjustments.priorityWeightName(priority: priority)) * factor(ParameterAdjustments.domainModifierName(domain: domain))
        }

        /// One day's executions, predicted with the factors in force. Values delivered are noisy
        /// (a uniform factor with mean 1), so the correlation stays low and priorities are examined.
        mutating func record(day: Int) {
            var index = 0
            for complexity in CalibrationConvergenceTests.complexities {
                for domain in CalibrationConvergenceTests.domains {
                    for priority in CalibrationConvergenceTests.priorities {
                        for _ in 0..<4 {
                            index += 1
                            let noise = 0.7 + 0.6 * Double(random.next() >> 11) / Double(1 << 53)
                            let execution = TaskExecution(
                                executionID: "d\(day)-\(index)", taskID: "t\(day)-\(index)",
                                priority: priority, domain: domain, complexity: complexity,
                                predictedValueScore: 50 * valueEstimate(priority, domain),
                                predictedInputTokens: Int64((4000 * inputEstimate(complexity, domain)).rounded()),
                                predictedOutputTokens: Int64((2000 * outputEstimate(complexity, domain)).rounded()),
                                assignedModel: "m",
                                actualInputTokens: Int64((4000 * truth.tokens(complexity, domain)).rounded()),
                                actualOutputTokens: Int64((2000 * truth.tokens(complexity, domain) * 0.9).rounded()),
                                actualCost: 1, success: true, qualityScore: 7,
                                valueDelivered: 50 * truth.value(priority, domain) * noise,
                                timestampMs: CalibrationConvergenceTests.start + Int64(day) * CalibrationConvergenceTests.day + Int64(index) * 1000)
                            _ = state.apply(execution)
                        }
                    }
                }
            }
        }

        /// The run at the end of `day` (as_of = the day's end), logged at that time.
        mutating func learn(afterDay day: Int) {
            let asOf = CalibrationConvergenceTests.start + Int64(day + 1) * CalibrationConvergenceTests.day
            let outcome = LearningRun().analyze(state, models: [], asOfMs: asOf, dryRun: false)
            let adjustments = state.adjustments.logging(outcome.proposals, nowMs: asOf, graduationThreshold: 0.8) {
                nextID += 1
                return "a\(nextID)"
            }
            for adjustment in adjustments { state.record(adjustment) }
            logged += adjustments
        }

        /// The largest distance from 1 of estimate / truth over every cell, for tokens (input
        /// and output) and for values.
        func worstErrors() -> (tokens: Double, values: Double) {
            var tokens = 0.0, values = 0.0
            for c in CalibrationConvergenceTests.complexities {
                for d in CalibrationConvergenceTests.domains {
                    tokens = max(tokens, (inputEstimate(c, d) / truth.tokens(c, d) - 1).magnitude)
                    tokens = max(tokens, (outputEstimate(c, d) / (truth.tokens(c, d) * 0.9) - 1).magnitude)
                }
            }
            for p in CalibrationConvergenceTests.priorities {
                for d in CalibrationConvergenceTests.domains {
                    values = max(values, (valueEstimate(p, d) / truth.value(p, d) - 1).magnitude)
                }
            }
            return (tokens, values)
        }
    }

    /// 30 days of history, then 75 days each ending with a run; `check` sees the simulation after each run.
    static func simulate(_ truth: Truth, check: (Int, Simulation) -> Void = { _, _ in }) -> Simulation {
        var simulation = Simulation(truth: truth)
        for day in 0..<30 { simulation.record(day: day) }
        simulation.learn(afterDay: 29)
        for day in 30..<105 {
            simulation.record(day: day)
            simulation.learn(afterDay: day)
            check(day, simulation)
        }
        return simulation
    }

    static func names(_ adjustments: [Adjustment], _ prefix: String) -> Set<String> {
        Set(adjustments.map(\.parameterName).filter { $0.hasPrefix(prefix) })
    }

    @Test func estimatesConvergeAndStayWithOverlappingWindows() {
        let truth = Truth(
            complexity: ["complex": 1.6, "medium": 1.3, "simple": 0.8], domain: ["frontend": 1.5, "data": 0.7],
            priority: ["P1": 1.6, "P2": 0.7], valueDomain: ["backend": 1.5])
        let configuration = LearningConfiguration()
        var settledAt: Int?
        var worstAfterSettling = (tokens: 0.0, values: 0.0)
        var changesAfterSettling = 0
        let simulation = Self.simulate(truth) { day, simulation in
            let errors = simulation.worstErrors()
            if settledAt == nil && errors.tokens <= configuration.tokenRatioTolerance && errors.values <= configuration.valueRatioTolerance {
                settledAt = day
            } else if settledAt != nil {
                worstAfterSettling = (max(worstAfterSettling.tokens, errors.tokens), max(worstAfterSettling.values, errors.values))
                changesAfterSettling += simulation.logged.filter { $0.status == .applied && $0.createdAtMs > Self.start + Int64(day) * Self.day }.count
            }
        }
        #expect(settledAt.map { $0 <= 45 } ?? false, "settled on day \(settledAt.map(String.init) ?? "never")")
        #expect(worstAfterSettling.tokens <= configuration.tokenRatioTolerance, "token estimates left the tolerance: \(worstAfterSettling.tokens)")
        #expect(worstAfterSettling.values <= configuration.valueRatioTolerance, "value estimates left the tolerance: \(worstAfterSettling.values)")
        #expect(changesAfterSettling == 0, "factors kept changing after settling")
        // Every factor is on the truth, not a multiple of it.
        #expect(abs(simulation.inputEstimate("complex", "frontend") / (1.6 * 1.5) - 1) <= 0.15)
        #expect(abs(simulation.valueEstimate("P1", "backend") / (1.6 * 1.5) - 1) <= 0.2)
    }

    @Test func aUniformShortfallIsCorrectedOnceByTheComplexityFactors() {
        let truth = Truth(
            complexity: ["complex": 1.3, "medium": 1.3, "simple": 1.3], priority: ["P1": 1.5, "P2": 1.5])
        let simulation = Self.simulate(truth)
        for complexity in Self.complexities {
            #expect(abs(simulation.factor(ParameterAdjustments.tokenEstimateInputName(complexity: complexity)) - 1.3) < 1e-9)
            #expect(abs(simulation.factor(ParameterAdjustments.tokenEstimateOutputName(complexity: complexity)) - 1.3 * 0.9) < 1e-9)
        }
        #expect(Self.names(simulation.logged, "token_estimate_input_domain_").isEmpty)
        #expect(Self.names(simulation.logged, "token_estimate_output_domain_").isEmpty)
        #expect(Self.names(simulation.logged, "priority_weight_") == ["priority_weight_P1", "priority_weight_P2"])
        #expect(Self.names(simulation.logged, "domain_modifier_").isEmpty)
        #expect(simulation.worstErrors().values <= 0.2)
    }

    @Test func aDomainOnlyShortfallGivesADomainFactor() {
        let truth = Truth(domain: ["frontend": 1.5], valueDomain: ["frontend": 1.6])
        let simulation = Self.simulate(truth)
        #expect(Self.names(simulation.logged, "token_estimate_input_domain_") == ["token_estimate_input_domain_frontend"])
        #expect(abs(simulation.factor("token_estimate_input_domain_frontend") - 1.5) < 1e-9)
        #expect(Self.names(simulation.logged, "token_estimate_input_").subtracting(Self.names(simulation.logged, "token_estimate_input_domain_")).isEmpty)
        #expect(Self.names(simulation.logged, "domain_modifier_") == ["domain_modifier_frontend"])
        #expect(Self.names(simulation.logged, "priority_weight_").isEmpty)
        #expect(simulation.worstErrors().tokens <= 0.15 && simulation.worstErrors().values <= 0.2)
    }
}
