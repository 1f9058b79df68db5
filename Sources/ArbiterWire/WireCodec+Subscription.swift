import ArbiterCore
import CArbiterProto

/// `[SubscriptionUsage]` ⇔ `arbiter.v1.GetSubscriptionUsageResponse`.
extension WireCodec {
    /// A nil quota is sent as 0; `utilisation` is sent as computed, for clients in other languages.
    static func makeUsage(
        _ usage: [SubscriptionUsage],
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__GetSubscriptionUsageResponse> {
        let message = arena.make(arbiter__v1__get_subscription_usage_response__init)
        (message.pointee.n_usage, message.pointee.usage) = makeMessages(usage, in: arena) { usage in
            let period = arena.make(arbiter__v1__subscription_usage__init)
            arena.set(&period.pointee.model, to: usage.model)
            period.pointee.period_start_ms = usage.periodStartMs
            period.pointee.period_end_ms = usage.periodEndMs
            period.pointee.tokens_used = usage.tokensUsed
            period.pointee.tasks_used = usage.tasksUsed
            period.pointee.quota_tokens = usage.quotaTokens ?? 0
            period.pointee.quota_tasks = usage.quotaTasks ?? 0
            period.pointee.utilisation = usage.utilisation
            period.pointee.overflow_tasks = usage.overflowTasks
            period.pointee.overflow_api_cost = usage.overflowAPICost
            return period
        }
        return message
    }

    /// Quota 0 reads as nil; `utilisation` is ignored (`SubscriptionUsage` computes it). `periodIndex`
    /// is not on the wire: it is worked out from the period's bounds, as `SubscriptionLedger` set them.
    /// Field paths in thrown errors are relative to the response (`usage[1].model`).
    static func usage(
        from message: UnsafeMutablePointer<Arbiter__V1__GetSubscriptionUsageResponse>?
    ) throws(ArbiterError) -> [SubscriptionUsage] {
        try messages(message?.pointee.usage, count: message?.pointee.n_usage ?? 0, field: "usage") { period throws(ArbiterError) in
            let m = period.pointee
            let length = m.period_end_ms.subtractingReportingOverflow(m.period_start_ms)
            return SubscriptionUsage(
                model: try string(m.model, field: "model"),
                periodIndex: length.overflow || length.partialValue <= 0
                    ? 0 : SubscriptionLedger.periodIndex(timestampMs: m.period_start_ms, periodMs: length.partialValue),
                periodStartMs: m.period_start_ms,
                periodEndMs: m.period_end_ms,
                tokensUsed: m.tokens_used,
                tasksUsed: m.tasks_used,
                quotaTokens: m.quota_tokens == 0 ? nil : m.quota_tokens,
                quotaTasks: m.quota_tasks == 0 ? nil : m.quota_tasks,
                overflowTasks: m.overflow_tasks,
                overflowAPICost: m.overflow_api_cost
            )
        }
    }
}
