import Synchronization

/// Where the recorder publishes ``RankingSnapshot``s and the I/O thread reads them.
///
/// A read takes the lock only to copy the snapshot out (a few reference
/// counts), so rank calls never wait behind a write in progress.
final class RankingBoard: Sendable {
    private let current: Mutex<RankingSnapshot>

    init(_ snapshot: RankingSnapshot) {
        current = Mutex(snapshot)
    }

    var snapshot: RankingSnapshot {
        current.withLock { $0 }
    }

    func publish(_ snapshot: RankingSnapshot) {
        current.withLock { $0 = snapshot }
    }
}
