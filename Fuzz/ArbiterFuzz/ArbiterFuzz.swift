import ArbiterServer
import Foundation
import SystemPackage

// The fuzz target: arbitrary bytes through the server's whole request path
// (size limit, protobuf-c decode, validation, role check, dispatch to the
// handler and actors over a fresh state, response encoding).
//
// Built with `-D FUZZING -sanitize=fuzzer,address` (scripts/fuzz.sh) it is a
// libFuzzer binary; in the normal build it is `arbiter-fuzz FILE|DIR...`,
// which replays inputs (the committed corpus) through the same path.

/// The pipeline, made once per process: libFuzzer calls the target millions of times.
let pipeline: RequestPipeline = {
    var configuration = ServerConfiguration()
    let directory = ProcessInfo.processInfo.environment["ARBITER_FUZZ_STATE"]
        ?? NSTemporaryDirectory() + "arbiter-fuzz-\(getpid())-\(UUID().uuidString)"
    configuration.stateDirectory = FilePath(directory)
    configuration.maxBatchSize = 100
    configuration.maxRequestBytes = 1 << 20
    do {
        return try RequestPipeline(configuration: configuration)
    } catch {
        fatalError("cannot set up the pipeline in \(directory): \(error)")
    }
}()

/// Runs one input; the second half of the inputs comes from a read-only client.
func run(_ bytes: UnsafeRawBufferPointer) {
    let done = DispatchSemaphore(value: 0)
    let role: ClientRole? = bytes.count % 3 == 0 ? .readOnly : nil
    let frame = Array(bytes)
    Task {
        _ = await pipeline.respond(to: frame, role: role)
        done.signal()
    }
    done.wait()
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    run(UnsafeRawBufferPointer(start: data, count: count))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under the name `<module>_main`
/// (and defines `main` as it), so libFuzzer's own `main` is not used: start
/// its driver from here.
@_cdecl("arbiter_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
#else
@main
enum ArbiterFuzz {
    static func main() throws {
        var files: [String] = []
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw FuzzError(description: "\(argument) does not exist")
            }
            if isDirectory.boolValue {
                files += try FileManager.default.contentsOfDirectory(atPath: argument).sorted().map { "\(argument)/\($0)" }
            } else {
                files.append(argument)
            }
        }
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            data.withUnsafeBytes { run($0) }
        }
        print("arbiter-fuzz: replayed \(files.count) inputs through the request path")
    }
}

struct FuzzError: Error, CustomStringConvertible {
    var description: String
}
#endif
