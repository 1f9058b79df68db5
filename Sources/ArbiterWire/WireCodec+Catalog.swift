import ArbiterCore
import CArbiterProto

/// `CatalogSummary`, `ModelDescriptor` and `Subscription` ⇔ `arbiter.v1.ListModelsResponse`,
/// `ModelInfo` and `Subscription`.
extension WireCodec {
    static func makeCatalog(
        _ catalog: CatalogSummary,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__ListModelsResponse> {
        let message = arena.make(arbiter__v1__list_models_response__init)
        (message.pointee.n_models, message.pointee.models) = makeMessages(catalog.models, in: arena) { makeModel($0, in: arena) }
        arena.set(&message.pointee.catalog_path, to: catalog.catalogPath)
        message.pointee.loaded_at_ms = catalog.loadedAtMs
        return message
    }

    /// Field paths in thrown errors are relative to the response (`models[1].name`).
    static func catalog(from message: UnsafeMutablePointer<Arbiter__V1__ListModelsResponse>?) throws(ArbiterError) -> CatalogSummary {
        guard let message else { return CatalogSummary() }
        let m = message.pointee
        return CatalogSummary(
            models: try messages(m.models, count: m.n_models, field: "models", model(from:)),
            catalogPath: try string(m.catalog_path, field: "catalog_path"),
            loadedAtMs: m.loaded_at_ms
        )
    }

    static func makeReloadedCatalog(
        _ catalog: CatalogSummary,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__ReloadCatalogResponse> {
        let message = arena.make(arbiter__v1__reload_catalog_response__init)
        message.pointee.catalog = makeCatalog(catalog, in: arena)
        return message
    }

    /// Field paths in thrown errors are relative to the response (`catalog.models[1].name`).
    static func reloadedCatalog(
        from message: UnsafeMutablePointer<Arbiter__V1__ReloadCatalogResponse>?
    ) throws(ArbiterError) -> CatalogSummary {
        do throws(ArbiterError) {
            return try catalog(from: message?.pointee.catalog)
        } catch {
            throw error.nested(under: "catalog")
        }
    }

    private static func makeModel(
        _ model: ModelDescriptor,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__ModelInfo> {
        let message = arena.make(arbiter__v1__model_info__init)
        arena.set(&message.pointee.name, to: model.name)
        message.pointee.tier = switch model.tier {
        case .premium: ARBITER__V1__MODEL_TIER__PREMIUM
        case .mid: ARBITER__V1__MODEL_TIER__MID
        case .cheap: ARBITER__V1__MODEL_TIER__CHEAP
        }
        message.pointee.input_price_per_million = model.inputPricePerMillion
        message.pointee.output_price_per_million = model.outputPricePerMillion
        message.pointee.enabled = cBool(model.enabled)
        if let subscription = model.subscription {
            let plan = arena.make(arbiter__v1__subscription__init)
            plan.pointee.quota_tokens = subscription.quotaTokens ?? 0
            plan.pointee.quota_tasks = subscription.quotaTasks ?? 0
            plan.pointee.period_seconds = subscription.periodSeconds
            plan.pointee.fee = subscription.fee
            message.pointee.subscription = plan
        }
        return message
    }

    /// MODEL_TIER_UNSPECIFIED and unknown tiers throw INVALID_ARGUMENT on `tier`: no tier is a safe guess.
    private static func model(from message: UnsafeMutablePointer<Arbiter__V1__ModelInfo>) throws(ArbiterError) -> ModelDescriptor {
        let m = message.pointee
        let tier: ModelTier
        switch m.tier {
        case ARBITER__V1__MODEL_TIER__PREMIUM: tier = .premium
        case ARBITER__V1__MODEL_TIER__MID: tier = .mid
        case ARBITER__V1__MODEL_TIER__CHEAP: tier = .cheap
        default:
            throw ArbiterError(
                .invalidArgument, "unknown model tier \(m.tier.rawValue); expected PREMIUM (1), MID (2) or CHEAP (3)", field: "tier")
        }
        var subscription: Subscription?
        if let plan = m.subscription?.pointee {
            subscription = Subscription(
                quotaTokens: plan.quota_tokens == 0 ? nil : plan.quota_tokens,
                quotaTasks: plan.quota_tasks == 0 ? nil : plan.quota_tasks,
                periodSeconds: plan.period_seconds,
                fee: plan.fee
            )
        }
        return ModelDescriptor(
            name: try string(m.name, field: "name"),
            tier: tier,
            inputPricePerMillion: m.input_price_per_million,
            outputPricePerMillion: m.output_price_per_million,
            enabled: bool(m.enabled),
            subscription: subscription
        )
    }
}
