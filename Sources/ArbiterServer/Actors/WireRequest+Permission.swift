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
        case (.readOnly, _):
            false
        }
    }
}
