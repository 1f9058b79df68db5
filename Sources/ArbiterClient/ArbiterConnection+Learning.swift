public import ArbiterCore
public import ArbiterWire

/// The learning batch's calls.
extension ArbiterConnection {
    /// Runs the learning batch and returns its report; a dry run changes nothing.
    public func runLearning(_ request: LearningRequest = LearningRequest()) throws(ArbiterError) -> LearningReport {
        let payload = try call(.runLearning(request))
        guard case .runLearning(let report) = payload else { throw unexpected(payload, for: "run_learning") }
        return report
    }

    /// The logged adjustments `filter` matches, in logging order.
    public func adjustments(_ filter: AdjustmentFilter = AdjustmentFilter()) throws(ArbiterError) -> [Adjustment] {
        let payload = try call(.listAdjustments(filter))
        guard case .listAdjustments(let adjustments) = payload else { throw unexpected(payload, for: "list_adjustments") }
        return adjustments
    }

    /// Puts adjustment `id` in force and returns it.
    public func applyAdjustment(id: String) throws(ArbiterError) -> Adjustment {
        let payload = try call(.applyAdjustment(id: id))
        guard case .applyAdjustment(let adjustment) = payload else { throw unexpected(payload, for: "apply_adjustment") }
        return adjustment
    }

    /// Sets adjustment `id` aside (taking it out of force when applied) and returns it.
    public func rejectAdjustment(id: String) throws(ArbiterError) -> Adjustment {
        let payload = try call(.rejectAdjustment(id: id))
        guard case .rejectAdjustment(let adjustment) = payload else { throw unexpected(payload, for: "reject_adjustment") }
        return adjustment
    }

    /// Every estimation parameter in force: catalog bases, then learned values with their adjustments.
    public func parameters() throws(ArbiterError) -> [EffectiveParameter] {
        let payload = try call(.getParameters)
        guard case .getParameters(let parameters) = payload else { throw unexpected(payload, for: "get_parameters") }
        return parameters
    }

    /// The learning report, rendered in `request.format` (the document is empty for protobuf).
    public func report(_ request: ReportRequest = ReportRequest()) throws(ArbiterError) -> ReportDocument {
        let payload = try call(.getReport(request))
        guard case .getReport(let document) = payload else { throw unexpected(payload, for: "get_report") }
        return document
    }
}
