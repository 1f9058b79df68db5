import Synchronization

/// Where the recorder publishes ``RankingSnapshot``s and the I/O thread reads them.
///
/// A read takes the lock only to retain the snapshot, so rank calls never
/// wait behind a write in progress.
final class RankingBoard: Sendable {
    private let current: Mutex<RankingSnapshot>

    init(_ snapshot: RankingSnapshot) {
        current = Mutex(snapshot)
    }

    var snapshot: RankingSnapshot {
        current.withLock { $0 }
    }

    func publish(_ snapshot: RankingSnapshot) {
        // Swapped so that the previous snapshot is released after the lock:
        // when no reader holds it any more, freeing it releases all its
        // tables, and readers should not wait for that.
        var previous = snapshot
        current.withLock { swap(&$0, &previous) }
    }
}
