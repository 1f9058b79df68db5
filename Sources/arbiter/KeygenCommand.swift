import ArbiterClient
import ArbiterCore
import ArgumentParser

/// `arbiter keygen`: a CURVE key pair for a server or a client.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a CURVE key pair: NAME.key (public) and NAME.key_secret (secret, mode 0600).",
        discussion: """
            For the server, pass NAME.key_secret to `arbiterd --curve-secret-key` and give NAME.key to clients \
            (--server-key). For a client, copy NAME.key into the server's --authorized-clients directory (or its \
            readonly/ subdirectory) and pass NAME.key_secret to --curve-secret-key.
            """
    )

    @Argument(help: ArgumentHelp("Path and name of the key files, without extension.", valueName: "name"))
    var name: String

    func run() throws {
        let written = try Console.reportingErrors { () throws(ArbiterError) in
            try CurveKeyFile.generate(name: name)
        }
        print("public key \(written.publicKey)")
        print("wrote \(written.publicPath) (public) and \(written.secretPath) (secret, mode 0600)")
    }
}
