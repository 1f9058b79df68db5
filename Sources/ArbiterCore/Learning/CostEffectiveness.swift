/// Step 3 of the learning batch: premium-model executions a cheaper model could have done about as well.
///
/// For each first attempt (not `TaskExecution.isRetry`) in the window on a premium-tier catalog
/// model, each other enabled catalog model with learned performance on the same task type is an
/// alternative when its mean quality there is lower by less than the configured loss, and it
/// would have been cheaper at list price for the same tokens. The execution is an opportunity when the saving (its actual cost
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

        public var taskType: String { TaskExecution.taskType(priority: priority, domain: domain, complexity: complexity) }
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

    /// A premium model on a task type: four label ids.
    struct Key: Hashable, Sendable {
        var priority: StringInterner.ID
        var domain: StringInterner.ID
        var complexity: StringInterner.ID
        var model: StringInterner.ID
    }

    /// A cheaper model with learned performance on a task type, and what it would have saved there.
    struct Alternative: Sendable {
        var model: Int
        /// List prices per token, copied here so the row loop touches no `ModelDescriptor`.
        var inputPrice: Double
        var outputPrice: Double
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
        let partial = Partial(
            store, performance: performance, models: models, window: window, configuration: configuration, chunks: 0..<store.flags.chunkCount)
        self.init(store, models: models, window: window, configuration: configuration, partial: partial)
    }

    /// The analysis from the merged partials of every chunk.
    init(_ store: ExecutionStore, models: [ModelDescriptor], window: LearningWindow, configuration: LearningConfiguration, partial scan: Partial) {
        self.init(window: window)
        let premium = scan.premium, withSaving = scan.withSaving, best = scan.best
        let keyList = scan.keyList, ranges = scan.ranges, alternatives = scan.alternatives
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

    /// The aggregates over one range of the store's chunks; partials of disjoint ranges merge into the whole.
    ///
    /// The row loop mutates this one value in place (no captured variables, whose boxes and
    /// dynamic exclusivity checks cost more than the arithmetic).
    struct Partial: Sendable {
        let store: ExecutionStore
        let performance: PerformanceTable
        let models: [ModelDescriptor]
        let configuration: LearningConfiguration
        let inputPrices: [Double]
        let outputPrices: [Double]
        var keys = KeyTable()
        var keyList: [Key] = []
        var ranges: [Range<Int>] = []
        var alternatives: [Alternative] = []
        var premium = 0
        var withSaving = 0
        var best = 0.0

        init(
            _ store: ExecutionStore, performance: PerformanceTable, models: [ModelDescriptor], window: LearningWindow,
            configuration: LearningConfiguration, chunks: Range<Int>
        ) {
            self.store = store
            self.performance = performance
            self.models = models
            self.configuration = configuration
            inputPrices = models.map { $0.inputPricePerMillion / 1_000_000 }
            outputPrices = models.map { $0.outputPricePerMillion / 1_000_000 }
            // Catalog index of each premium model, by interned name; -1 for every other label.
            var premiumByLabel = [Int32](repeating: -1, count: store.strings.count)
            for (index, model) in models.enumerated() where model.tier == .premium {
                if let id = store.strings.id(of: model.name) { premiumByLabel[Int(id)] = Int32(index) }
            }
            guard premiumByLabel.contains(where: { $0 >= 0 }) else { return }
            let selection = RowSelection()
            for chunk in chunks {
                store.timestampsMs.withChunk(chunk) { timestamps in
                store.assignedModels.withChunk(chunk) { assigned in
                store.priorities.withChunk(chunk) { priorities in
                store.domains.withChunk(chunk) { domains in
                store.complexities.withChunk(chunk) { complexities in
                store.actualInputTokens.withChunk(chunk) { actualInput in
                store.actualOutputTokens.withChunk(chunk) { actualOutput in
                store.actualCosts.withChunk(chunk) { actualCosts in
                store.attempts.withChunk(chunk) { attempts in
                premiumByLabel.withUnsafeBufferPointer { premiumByLabel in
                    // A retry ran on the premium model because a cheaper one had just failed the task: no saving.
                    selection.forEach(in: timestamps.count, where: {
                        RowSelection.both(
                            RowSelection.both(premiumByLabel[Int(assigned[$0])] >= 0, window.contains(timestamps[$0])), attempts[$0] < 2)
                    }) { rows in
                        for selected in rows {
                            let row = Int(selected)
                            add(
                                Key(priority: priorities[row], domain: domains[row], complexity: complexities[row], model: assigned[row]),
                                current: Int(premiumByLabel[Int(assigned[row])]),
                                input: Double(actualInput[row]), output: Double(actualOutput[row]), cost: actualCosts[row])
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
                }
            }
        }

        /// Adds the aggregates of a later range of chunks. A key's alternatives depend only on
        /// the key, so both partials list them in the same order.
        mutating func merge(_ later: Partial) {
            premium += later.premium
            withSaving += later.withSaving
            best += later.best
            for (index, key) in later.keyList.enumerated() {
                let theirs = later.ranges[index]
                let slot = keys.slot(for: key)
                if slot.isNew {
                    keys.insert(key, value: ranges.count, at: slot.index)
                    keyList.append(key)
                    let start = alternatives.count
                    alternatives += later.alternatives[theirs]
                    ranges.append(start..<alternatives.count)
                } else {
                    let ours = ranges[keys.value(at: slot.index)]
                    for (mine, other) in zip(ours, theirs) {
                        alternatives[mine].executions += later.alternatives[other].executions
                        alternatives[mine].saving += later.alternatives[other].saving
                        alternatives[mine].actualCost += later.alternatives[other].actualCost
                        alternatives[mine].suggestedCost += later.alternatives[other].suggestedCost
                    }
                }
            }
        }

        /// One premium execution in the window.
        @inline(__always)
        private mutating func add(_ key: Key, current: Int, input: Double, output: Double, cost: Double) {
            premium += 1
            let slot = keys.slot(for: key)
            let rangeIndex: Int
            if slot.isNew {
                rangeIndex = ranges.count
                keys.insert(key, value: rangeIndex, at: slot.index)
                keyList.append(key)
                ranges.append(findAlternatives(for: key, current: current))
            } else {
                rangeIndex = keys.value(at: slot.index)
            }
            let range = ranges[rangeIndex]
            guard !range.isEmpty else { return }
            let listPrice = input * inputPrices[current] + output * outputPrices[current]
            let minimumSaving = configuration.minimumSaving
            var rowBest = 0.0
            // Without branches: whether an alternative saves enough is as good as random, and
            // adding 0 leaves a sum bit for bit as skipping would (sums start at +0, so none is -0).
            alternatives.withUnsafeMutableBufferPointer { alternatives in
                for index in range {
                    let price = input * alternatives[index].inputPrice + output * alternatives[index].outputPrice
                    let saving = cost - price
                    let saves = price < listPrice && saving > minimumSaving
                    alternatives[index].executions &+= saves ? 1 : 0
                    alternatives[index].saving += saves ? saving : 0
                    alternatives[index].actualCost += saves ? cost : 0
                    alternatives[index].suggestedCost += saves ? price : 0
                    rowBest = saves ? max(rowBest, saving) : rowBest
                }
            }
            withSaving &+= rowBest > 0 ? 1 : 0
            best += rowBest > 0 ? rowBest : 0
        }

        /// The enabled models with learned performance on `key`'s task type whose quality there is
        /// lower than the current model's by less than the configured loss, less those never cheaper.
        ///
        /// A model whose input and output prices are both at least the current model's never
        /// costs less for the same tokens (token counts are validated non-negative, and rounding
        /// keeps the order of the products and of their sum), so it would never count: leaving
        /// it out changes no figure and spares the row loop its arithmetic.
        private mutating func findAlternatives(for key: Key, current: Int) -> Range<Int> {
            let start = alternatives.count
            let strings = store.strings
            guard let learned = performance.taskType(priority: strings[key.priority], domain: strings[key.domain], complexity: strings[key.complexity]),
                  let own = learned.cell(model: models[current].name)?.aggregate else { return start..<start }
            for (index, model) in models.enumerated() where index != current && model.enabled {
                guard inputPrices[index] < inputPrices[current] || outputPrices[index] < outputPrices[current],
                      let theirs = learned.cell(model: model.name)?.aggregate, theirs.count > 0 else { continue }
                let difference = own.qualityMean - theirs.qualityMean
                if difference < configuration.maximumQualityLoss {
                    alternatives.append(Alternative(
                        model: index, inputPrice: inputPrices[index], outputPrice: outputPrices[index],
                        qualityDifference: difference, tasks: theirs.count))
                }
            }
            return start..<alternatives.count
        }
    }

    /// Open addressing over (priority, domain, complexity, model) ids with a multiplicative
    /// hash: the row loop looks a key up for every premium execution, and `Dictionary`'s
    /// seeded SipHash cost more than the rest of the loop. Keys come from the store, not from
    /// a client request, so the fixed hash needs no protection against chosen collisions.
    struct KeyTable: Sendable {
        private var keys: [Key?] = Array(repeating: nil, count: 64)
        private var values: [Int] = Array(repeating: 0, count: 64)
        private var count = 0

        /// Where `key` is, or the empty slot where it belongs.
        func slot(for key: Key) -> (index: Int, isNew: Bool) {
            let mask = keys.count - 1
            var index = Self.hash(key) & mask
            while let existing = keys[index] {
                if existing == key { return (index, false) }
                index = (index + 1) & mask
            }
            return (index, true)
        }

        func value(at index: Int) -> Int { values[index] }

        /// Stores `key` at `index` (from `slot(for:)`), growing the table once half full, which moves every entry.
        mutating func insert(_ key: Key, value: Int, at index: Int) {
            keys[index] = key
            values[index] = value
            count += 1
            guard count * 2 > keys.count else { return }
            let old = zip(keys, values).compactMap { entry in entry.0.map { ($0, entry.1) } }
            keys = Array(repeating: nil, count: keys.count * 2)
            values = Array(repeating: 0, count: keys.count)
            for (key, value) in old {
                let slot = slot(for: key)
                keys[slot.index] = key
                values[slot.index] = value
            }
        }

        private static func hash(_ key: Key) -> Int {
            var h = UInt64(key.priority) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ UInt64(key.domain)) &* 0xBF58_476D_1CE4_E5B9
            h = (h ^ UInt64(key.complexity)) &* 0x94D0_49BB_1331_11EB
            h = (h ^ UInt64(key.model)) &* 0x9E37_79B9_7F4A_7C15
            return Int(truncatingIfNeeded: h >> 32)
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
