/// Where a task falls: the test and variant to record on its execution, and the strategy to apply.
public struct AbAssignment: Sendable, Hashable {
    /// Empty when no running test matches.
    public var testID: String
    /// control, treatment or production.
    public var variant: String
    /// The variant's strategy, or for production a graduated one; nil: the catalog as it is.
    public var strategy: AbStrategy?

    public init(testID: String, variant: String, strategy: AbStrategy?) {
        self.testID = testID
        self.variant = variant
        self.strategy = strategy
    }

    public static let production = AbAssignment(testID: "", variant: AbVariant.production, strategy: nil)
}
