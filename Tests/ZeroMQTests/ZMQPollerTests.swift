import Testing
import ZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct ZMQPollerTests {
    @Test func reportsReadySockets() throws {
        let context = try ZMQContext()
        let router = try makeSocket(context, .router)
        let endpoint = try bindToFreePort(router)
        let idle = try makeSocket(context, .pull)
        try idle.bind("inproc://idle")
        let dealer = try makeSocket(context, .dealer)
        try dealer.connect(endpoint)

        var poller = ZMQPoller()
        let idleIndex = poller.register(idle)
        let routerIndex = poller.register(router, for: .pollIn)
        #expect(poller.count == 2)
        #expect(try poller.poll(timeout: 0).isEmpty)

        try dealer.send([UInt8]("wake"))
        let ready = try poller.poll(timeout: 5000)
        #expect(ready == [ZMQPoller.Ready(index: routerIndex, events: .pollIn)])
        #expect(poller.readyEvents(at: idleIndex) == [])
        #expect(try router.events.contains(.pollIn))

        _ = try router.receiveMultipart()
        #expect(try poller.poll(timeout: 0).isEmpty)

        // A connected DEALER can send, so it polls ready for output.
        var output = ZMQPoller()
        output.register(dealer, for: [.pollIn, .pollOut])
        #expect(try output.poll(timeout: 1000).first?.events == .pollOut)
    }

    @Test func pollTimesOut() throws {
        let context = try ZMQContext()
        let pull = try makeSocket(context, .pull)
        try pull.bind("inproc://poll-timeout")
        var poller = ZMQPoller()
        poller.register(pull)

        let clock = ContinuousClock()
        let start = clock.now
        #expect(try poller.poll(timeout: 100).isEmpty)
        #expect(clock.now - start >= .milliseconds(90))
    }

    @Test func reportsReadyFileDescriptors() throws {
        let context = try ZMQContext()
        let pull = try makeSocket(context, .pull)
        try pull.bind("inproc://poll-fd")
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }

        var poller = ZMQPoller()
        poller.register(pull)
        let pipeIndex = poller.register(fileDescriptor: fds[0])
        #expect(try poller.poll(timeout: 0).isEmpty)

        var byte: UInt8 = 1
        #expect(write(fds[1], &byte, 1) == 1)
        #expect(try poller.poll(timeout: 1000) == [ZMQPoller.Ready(index: pipeIndex, events: .pollIn)])
    }

    @Test func closedSocketFailsThePoll() throws {
        let context = try ZMQContext()
        let pull = try makeSocket(context, .pull)
        var poller = ZMQPoller()
        poller.register(pull)
        pull.close()
        #expect(throws: ZMQError.failed(call: "zmq_poll", errno: ENOTSOCK)) {
            try poller.poll(timeout: 0)
        }
    }
}
