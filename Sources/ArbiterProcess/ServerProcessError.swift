/// Why a ``ServerProcess`` could not start or stop, with the server's log when there is one.
public struct ServerProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
