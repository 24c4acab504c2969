import ArgumentParser
import Foundation
import Serve
import Tutor

/// `crumbs serve FILE.js`: runs a plain Express app for real clients.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an Express app file (written as for Node) for curl or a real browser.",
        discussion: "Each request is printed when it arrives, its console output and the session middleware's decisions as they happen, and the response with what changed in the session store when it is sent. Every line goes out at once, to a terminal or a pipe. Ctrl-C stops it."
    )

    @Argument(help: "The app file, e.g. app.js.")
    var file: String

    @Option(help: "The port; by default the one app.listen asks for (3000 in most apps).")
    var port: Int?

    @Option(help: "The address to listen on. Use 0.0.0.0 to let other machines (a classroom) connect.")
    var host: String = "127.0.0.1"

    @Option(help: "Seconds a request may wait for its response before serve says the route has not answered (a browser's wait).")
    var patience: Double = 3

    @Option(help: "Run this many copies of the app behind the one port, each with its own memory (its own MemoryStore), taking requests in turn (round-robin). Each request's lines say which copy answered: [1], [2], …")
    var instances: Int = 1

    @Flag(help: "Pin each browser to one copy with a cookie of the balancer's own (srv_id), as nginx's sticky cookie or AWS ALB's AWSALB do.")
    var sticky = false

    func validate() throws {
        guard (1...ServeCommand.maxInstances).contains(instances) else {
            throw ValidationError("--instances must be from 1 to \(ServeCommand.maxInstances), not \(instances)")
        }
    }

    func run() async throws {
        // Printing never holds up requests: a stuck terminal drops lines (and says how many).
        let output = OutputQueue()
        // As under Node, the app's process.env is the environment serve runs in (DATABASE_URL
        // for connect-pg-simple, NODE_ENV, …); PORT alone is serve's to choose.
        var environment = ProcessInfo.processInfo.environment
        environment["PORT"] = nil
        let code = await ServeCommand.run(file: file, port: port, host: host, environment: environment, patience: patience,
                                          instances: instances, sticky: sticky, output: output.enqueue)
        output.flush()
        if code != 0 { throw ExitCode(code) }
    }
}
