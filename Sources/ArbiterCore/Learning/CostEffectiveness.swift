/// Step 3 of the learning batch: premium-model executions a cheaper model could have done about as well.
///
/// For each execution in the window on a premium-tier catalog model, each other enabled catalog
/// model with learned performance on the same task type is an alternative when its mean quality
/// there is lower by less than the configured loss, and it would have been cheaper at list
/// price for the same tokens. The execution is an opportunity when the saving (its actual cost
/// less the alternative's list price for its tokens) is above the configured minimum.
/// Opportunities are aggregated per (task type, current model, suggested model).
public struct CostEffectiveness: Sendable, Hashable {
    /// Every execution of one task type on one premium model that one cheaper model could have taken.
    public struct Opportunity: Sendable, Hashable {
        public var priority: String
        public var domain: String
        public var complexity: String
        public var currentModel: String
        public var suggestedModel: String
        public var executions: Int
        public var totalSaving: Double
        /// The current model's mean quality less the suggested model's, on this task type (0-10 scale).
        public var qualityDifference: Double
        /// min(the suggested model's executions on the task type / configured count, 1).
        public var confidence: Double
        public var suggestedModelTasks: Int
        /// Mean actual cost of these executions, and what they would have cost on the suggested model.
        public var meanActualCost: Double
        public var meanSuggestedCost: Double

        public init(
            priority: String, domain: String, complexity: String, currentModel: String, suggestedModel: String,
            executions: Int, totalSaving: Double, qualityDifference: Double, confidence: Double, suggestedModelTasks: Int,
            meanActualCost: Double, meanSuggestedCost: Double
        ) {
            self.priority = priority
            self.domain = domain
            self.complexity = complexity
            self.currentModel = currentModel
            self.suggestedModel = suggestedModel
            self.executions = executions
            self.totalSaving = totalSaving
            self.qualityDifference = qualityDifference
            self.confidence = confidence
            self.suggestedModelTasks = suggestedModelTasks
            self.meanActualCost = meanActualCost
            self.meanSuggestedCost = meanSuggestedCost
        }

        public var taskType: String { "\(priority)_\(domain)_\(complexity)" }
        public var meanSaving: Double { executions > 0 ? totalSaving / Double(executions) : 0 }
    }

    public var window: LearningWindow
    /// Executions in the window on a premium-tier model.
    public var premiumExecutions: Int
    /// Executions with at least one opportunity.
    public var executionsWithSaving: Int
    /// The sum over those executions of the largest saving any alternative offered.
    public var bestSaving: Double
    /// By total saving, largest first.
    public var opportunities: [Opportunity]

    public init(window: LearningWindow, premiumExecutions: Int = 0, executionsWithSaving: Int = 0, bestSaving: Double = 0, opportunities: [Opportunity] = []) {
        self.window = window
        self.premiumExecutions = premiumExecutions
        self.executionsWithSaving = executionsWithSaving
        self.bestSaving = bestSaving
        self.opportunities = opportunities
    }

    /// A premium model on a task type, and its alternatives there.
    private struct Key: Hashable {
        var priority: StringInterner.ID
        var domain: StringInterner.ID
        var complexity: StringInterner.ID
        var model: StringInterner.ID
    }

    private struct Alternative {
        var model: Int
        var qualityDifference: Double
        var tasks: Int
        var executions = 0
        var saving = 0.0
        var actualCost = 0.0
        var suggestedCost = 0.0
    }

    public init(
        _ store: ExecutionStore, performance: PerformanceTable, models: [ModelDescriptor],
        window: LearningWindow, configuration: LearningConfiguration
    ) {
        self.init(window: window)
        // Catalog index of each premium model, by interned name; -1 for every other label.
        var premiumByLabel = [Int32](repeating: -1, count: store.strings.count)
        for (index, model) in models.enumerated() where model.tier == .premium {
            if let id = store.strings.id(of: model.name) { premiumByLabel[Int(id)] = Int32(index) }
        }
        guard premiumByLabel.contains(where: { $0 >= 0 }) else { return }
        var keys: [Key: Int] = [:]
        var keyList: [Key] = []
        var ranges: [Range<Int>] = []
        var alternatives: [Alternative] = []
        var premium = 0
        var withSaving = 0
        var best = 0.0
        var lastKey: Key?
        var lastRange = 0..<0

        func findAlternatives(for key: Key, current: Int) -> Range<Int> {
            let start = alternatives.count
            let strings = store.strings
            guard let learned = performance.taskType(priority: strings[key.priority], domain: strings[key.domain], complexity: strings[key.complexity]),
                  let own = learned.cell(model: models[current].name)?.aggregate else { return start..<start }
            for (index, model) in models.enumerated() where index != current && model.enabled {
                guard let theirs = learned.cell(model: model.name)?.aggregate, theirs.count > 0 else { continue }
                let difference = own.qualityMean - theirs.qualityMean
                if difference < configuration.maximumQualityLoss {
                    alternatives.append(Alternative(model: index, qualityDifference: difference, tasks: theirs.count))
                }
            }
            return start..<alternatives.count
        }

        for chunk in 0..<store.flags.chunkCount {
            store.timestampsMs.withChunk(chunk) { timestamps in
            store.assignedModels.withChunk(chunk) { assigned in
            store.priorities.withChunk(chunk) { priorities in
            store.domains.withChunk(chunk) { domains in
            store.complexities.withChunk(chunk) { complexities in
            store.actualInputTokens.withChunk(chunk) { actualInput in
            store.actualOutputTokens.withChunk(chunk) { actualOutput in
            store.actualCosts.withChunk(chunk) { actualCosts in
                for row in 0..<timestamps.count {
                    let current = Int(premiumByLabel[Int(assigned[row])])
                    guard current >= 0, window.contains(timestamps[row]) else { continue }
                    premium += 1
                    let key = Key(priority: priorities[row], domain: domains[row], complexity: complexities[row], model: assigned[row])
                    let range: Range<Int>
                    if key == lastKey {
                        range = lastRange
                    } else if let index = keys[key] {
                        range = ranges[index]
                    } else {
                        range = findAlternatives(for: key, current: current)
                        keys[key] = ranges.count
                        keyList.append(key)
                        ranges.append(range)
                    }
                    lastKey = key
                    lastRange = range
                    guard !range.isEmpty else { continue }
                    let input = actualInput[row]
                    let output = actualOutput[row]
                    let listPrice = models[current].apiCost(inputTokens: input, outputTokens: output)
                    let cost = actualCosts[row]
                    var rowBest = 0.0
                    for index in range {
                        let price = models[alternatives[index].model].apiCost(inputTokens: input, outputTokens: output)
                        let saving = cost - price
                        guard price < listPrice, saving > configuration.minimumSaving else { continue }
                        alternatives[index].executions += 1
                        alternatives[index].saving += saving
                        alternatives[index].actualCost += cost
                        alternatives[index].suggestedCost += price
                        rowBest = max(rowBest, saving)
                    }
                    if rowBest > 0 {
                        withSaving += 1
                        best += rowBest
                    }
                }
            }
            }
            }
            }
            }
            }
            }
            }
        }
        premiumExecutions = premium
        executionsWithSaving = withSaving
        bestSaving = best
        let strings = store.strings
        for (index, key) in keyList.enumerated() {
            for alternative in alternatives[ranges[index]] where alternative.executions > 0 {
                let n = Double(alternative.executions)
                opportunities.append(Opportunity(
                    priority: strings[key.priority], domain: strings[key.domain], complexity: strings[key.complexity],
                    currentModel: strings[key.model], suggestedModel: models[alternative.model].name,
                    executions: alternative.executions, totalSaving: alternative.saving,
                    qualityDifference: alternative.qualityDifference,
                    confidence: min(Double(alternative.tasks) / Double(configuration.costFullConfidenceCount), 1),
                    suggestedModelTasks: alternative.tasks,
                    meanActualCost: alternative.actualCost / n, meanSuggestedCost: alternative.suggestedCost / n))
            }
        }
        opportunities.sort {
            $0.totalSaving != $1.totalSaving ? $0.totalSaving > $1.totalSaving
                : ExactString.compare($0.taskType + "\u{0}" + $0.currentModel + "\u{0}" + $0.suggestedModel,
                                      $1.taskType + "\u{0}" + $1.currentModel + "\u{0}" + $1.suggestedModel) < 0
        }
    }

    /// One `model_preference_{task_type}` adjustment per opportunity whose confidence is above the configured line.
    ///
    /// original_value is the mean actual cost per task and adjusted_value the mean cost on the suggested model.
    public func proposals(_ configuration: LearningConfiguration) -> [AdjustmentProposal] {
        opportunities.filter { $0.confidence > configuration.costLoggingConfidence }.map { opportunity in
            AdjustmentProposal(
                parameterName: "model_preference_\(opportunity.taskType)", parameterType: .costOptimization,
                originalValue: opportunity.meanActualCost, adjustedValue: opportunity.meanSuggestedCost,
                reason: "\(opportunity.executions) executions of \(opportunity.taskType) on \(opportunity.currentModel) could run on "
                    + "\(opportunity.suggestedModel) with a quality difference of \(FixedPoint.format(opportunity.qualityDifference)) "
                    + "and save $\(FixedPoint.format(opportunity.meanSaving)) per task ($\(FixedPoint.format(opportunity.totalSaving)) in all)",
                confidence: opportunity.confidence)
        }
    }
}
