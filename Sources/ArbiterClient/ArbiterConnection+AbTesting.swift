public import ArbiterCore
public import ArbiterWire

/// A/B testing calls.
extension ArbiterConnection {
    public func createAbTest(_ test: AbTest) throws(ArbiterError) -> AbTest {
        let payload = try call(.createAbTest(test))
        guard case .createAbTest(let created) = payload else { throw unexpected(payload, for: "create_ab_test") }
        return created
    }

    public func abTest(id: String) throws(ArbiterError) -> AbTest {
        let payload = try call(.getAbTest(testID: id))
        guard case .getAbTest(let test) = payload else { throw unexpected(payload, for: "get_ab_test") }
        return test
    }

    public func abTests() throws(ArbiterError) -> [AbTest] {
        let payload = try call(.listAbTests)
        guard case .listAbTests(let tests) = payload else { throw unexpected(payload, for: "list_ab_tests") }
        return tests
    }

    public func stopAbTest(id: String) throws(ArbiterError) -> AbTest {
        let payload = try call(.stopAbTest(testID: id))
        guard case .stopAbTest(let test) = payload else { throw unexpected(payload, for: "stop_ab_test") }
        return test
    }

    public func assignVariant(_ task: TaskDescriptor, candidates: [String] = []) throws(ArbiterError) -> AbVariantAssignment {
        let payload = try call(.assignVariant(task: task, candidates: candidates))
        guard case .assignVariant(let assignment) = payload else { throw unexpected(payload, for: "assign_variant") }
        return assignment
    }

    public func analyzeAbTest(id: String) throws(ArbiterError) -> AbTestAnalysis {
        let payload = try call(.analyzeAbTest(testID: id))
        guard case .analyzeAbTest(let analysis) = payload else { throw unexpected(payload, for: "analyze_ab_test") }
        return analysis
    }

    public func graduateAbTest(id: String) throws(ArbiterError) -> (test: AbTest, analysis: AbTestAnalysis) {
        let payload = try call(.graduateAbTest(testID: id))
        guard case .graduateAbTest(let test, let analysis) = payload else { throw unexpected(payload, for: "graduate_ab_test") }
        return (test, analysis)
    }
}
