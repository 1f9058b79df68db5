import ArbiterCore
import ArbiterWire

extension WireRequest.Method {
    /// Whether a client in `role` may make this call.
    ///
    /// Read-only clients may rank, estimate and read. The list names what they
    /// may do rather than what they may not, so that a call added later is
    /// refused to them until someone decides it only reads.
    func isAllowed(for role: ClientRole) -> Bool {
        switch (role, self) {
        case (.readWrite, _):
            true
        case (.readOnly, .rankModels), (.readOnly, .estimateTask), (.readOnly, .listModels),
             (.readOnly, .getSubscriptionUsage), (.readOnly, .getPerformance), (.readOnly, .getStatus):
            true
        // Reads of what the learning batch, the A/B tests and the alert monitor hold.
        case (.readOnly, .listAdjustments), (.readOnly, .getParameters), (.readOnly, .getReport),
             (.readOnly, .getAbTest), (.readOnly, .listAbTests), (.readOnly, .analyzeAbTest),
             (.readOnly, .assignVariant), (.readOnly, .abStatistics), (.readOnly, .listAlerts):
            true
        case (.readOnly, _):
            false
        }
    }
}
