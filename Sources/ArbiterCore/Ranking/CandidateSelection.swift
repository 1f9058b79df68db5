/// Resolves requested model names against the catalog, the same way for estimation and ranking.
enum CandidateSelection {
    enum Outcome {
        /// The model at this index of the catalog: an index, so that no descriptor is copied per candidate.
        case candidate(Int)
        case excluded(ExcludedCandidate)
    }

    /// Calls `body` for each candidate in order: every enabled model when `names` is empty, else each
    /// distinct name, as the model or as the reason it cannot be offered.
    ///
    /// Names match by their UTF-8 bytes, like `PerformanceTable`; the first catalog entry of a name wins.
    static func resolve(_ names: [String], in catalog: [ModelDescriptor], _ body: (Outcome) -> Void) {
        if names.isEmpty {
            for index in catalog.indices where catalog[index].enabled {
                body(.candidate(index))
            }
            return
        }
        for (position, name) in names.enumerated() {
            // A repeated name is the same candidate; listing it twice would only crowd out others.
            if names[..<position].contains(where: { ExactString.equal($0, name) }) { continue }
            guard let index = catalog.firstIndex(where: { ExactString.equal($0.name, name) }) else {
                body(.excluded(ExcludedCandidate(model: name, reason: .unknown)))
                continue
            }
            guard catalog[index].enabled else {
                body(.excluded(ExcludedCandidate(model: name, reason: .disabled)))
                continue
            }
            body(.candidate(index))
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
