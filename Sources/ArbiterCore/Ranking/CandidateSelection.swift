/// Resolves requested model names against the catalog, the same way for estimation and ranking.
enum CandidateSelection {
    enum Outcome {
        case candidate(ModelDescriptor)
        case excluded(ExcludedCandidate)
    }

    /// Calls `body` for each candidate in order: every enabled model when `names` is empty, else each
    /// distinct name, as the model or as the reason it cannot be offered.
    ///
    /// Names match by their UTF-8 bytes, like `PerformanceTable`; the first catalog entry of a name wins.
    static func resolve(_ names: [String], in catalog: [ModelDescriptor], _ body: (Outcome) -> Void) {
        if names.isEmpty {
            for model in catalog where model.enabled {
                body(.candidate(model))
            }
            return
        }
        for (position, name) in names.enumerated() {
            // A repeated name is the same candidate; listing it twice would only crowd out others.
            if names[..<position].contains(where: { ExactString.equal($0, name) }) { continue }
            guard let model = catalog.first(where: { ExactString.equal($0.name, name) }) else {
                body(.excluded(ExcludedCandidate(model: name, reason: .unknown)))
                continue
            }
            guard model.enabled else {
                body(.excluded(ExcludedCandidate(model: name, reason: .disabled)))
                continue
            }
            body(.candidate(model))
        }
    }

    /// `.failedPrecondition` on `candidates`, saying why each was left out.
    static func noneUsable(_ names: [String], _ excluded: [ExcludedCandidate]) -> ArbiterError {
        let message: String
        if excluded.isEmpty {
            message = names.isEmpty ? "The catalog has no enabled model." : "No candidate model can be used."
        } else {
            message = "No candidate model can be used: " + excluded.map(\.message).joined(separator: " ")
        }
        return ArbiterError(.failedPrecondition, message, field: "candidates")
    }
}
