/// The catalog's subscription models by exact name: which model's quota an execution counts against.
///
/// Made once per catalog, so counting an execution is one hash lookup instead of a scan of
/// the catalog. Names are compared by their UTF-8 bytes, as ``ModelCatalog/model(named:)`` does.
public struct SubscriptionModels: Sendable {
    private let byName: [ExactString: ModelDescriptor]

    public init(_ catalog: ModelCatalog) {
        var byName: [ExactString: ModelDescriptor] = [:]
        // The first model of a name is the one `model(named:)` finds, subscription or not.
        for model in catalog.models where byName[ExactString(model.name)] == nil {
            byName[ExactString(model.name)] = model
        }
        self.byName = byName.filter { $0.value.subscription != nil }
    }

    public var isEmpty: Bool { byName.isEmpty }

    /// The subscription model named `name`; nil when there is none of that name or it has no subscription.
    public func model(named name: String) -> ModelDescriptor? {
        byName[ExactString(name)]
    }
}
