import CZeroMQ

/// The messaging pattern of a socket.
public enum ZMQSocketType: Sendable, Hashable, CaseIterable {
    case router
    case dealer
    case req
    case rep
    case pub
    case sub
    case pair
    case push
    case pull

    var rawValue: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .pair: ZMQ_PAIR
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        }
    }
}
