import ArbiterWire
import Foundation
import Synchronization
import ZeroMQ

/// A ROUTER socket on its own thread that answers requests as a test scripts it.
final class FakeServer: Sendable {
    /// What to send back for one request: answers, each after a delay; none to stay silent.
    typealias Script = @Sendable (_ request: WireRequest, _ index: Int) -> [(delay: Duration, response: WireResponse)]

    let endpoint: String
    private let control = Control()

    private final class Control: Sendable {
        let stopping = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
    }

    init(context: ZMQContext, script: @escaping Script) throws {
        let bound = Mutex<Result<String, ZMQError>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let control = self.control
        let thread = Thread {
            defer { control.finished.signal() }
            let router: ZMQSocket
            do {
                router = try ZMQSocket(context: context, type: .router)
                try router.setLinger(milliseconds: 0)
                try router.bind("tcp://127.0.0.1:*")
                let endpoint = try router.lastEndpoint
                bound.withLock { $0 = .success(endpoint) }
                ready.signal()
            } catch let error as ZMQError {
                bound.withLock { $0 = .failure(error) }
                ready.signal()
                return
            } catch {
                return
            }
            Self.serve(router, control: control, script: script)
            router.close()
        }
        thread.start()
        ready.wait()
        endpoint = try bound.withLock { $0! }.get()
    }

    private static func serve(_ router: ZMQSocket, control: Control, script: Script) {
        var poller = ZMQPoller()
        poller.register(router)
        var index = 0
        while !control.stopping.load(ordering: .relaxed) {
            guard let ready = try? poller.poll(timeout: 20), !ready.isEmpty,
                let message = try? router.receiveMultipart(dontWait: true),
                let payload = message.frames.last,
                let request = try? WireCodec.decodeRequest(payload)
            else {
                continue
            }
            for answer in script(request, index) {
                Thread.sleep(forTimeInterval: Double(answer.delay.components.seconds) + Double(answer.delay.components.attoseconds) / 1e18)
                try? router.send(multipart: [message.frames[0], WireCodec.encode(answer.response)])
            }
            index += 1
        }
    }

    func stop() {
        control.stopping.store(true, ordering: .relaxed)
        control.finished.wait()
    }
}
