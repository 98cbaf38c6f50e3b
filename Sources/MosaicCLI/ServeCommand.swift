import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MosaicAPI
import MosaicExplore
import MosaicStore

/// Options shared by `serve` and `demo`.
struct ServerOptions: ParsableArguments {
    @Option(help: "Data folder: database, media, logs, models and indexes.")
    var data: String = "./mosaic-data"
    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080
    @Flag(help: "Relax abuse limits ×1000 (tests and load tests on loopback); same as MOSAIC_LIMITS=relaxed.")
    var relaxedLimits = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"
    @Option(help: "Explore experiment arms, name:from-to:ranker-version,… over user buckets 0-100 (versions in <data>/models/rankers).")
    var experiment: String = ""
    @Option(help: "A ranker version scored in shadow on every Explore request and logged, never served.")
    var shadowRanker: String = ""
    @Flag(help: "Do not log Explore's ranked lists and served pages to <data>/logs/explore.")
    var noExploreLog = false

    func validate() throws {
        do { _ = try ExperimentPlan.parse(experiment) } catch { throw ValidationError("\(error)") }
    }

    func configuration() -> ServerConfiguration {
        var c = ServerConfiguration(host: host, port: port, dataDirectory: data)
        if relaxedLimits { c.relaxedLimits = true }
        c.exploreExperiments = (try? ExperimentPlan.parse(experiment, shadow: shadowRanker)) ?? ExperimentPlan()
        c.exploreLog = !noExploreLog
        if let cost = ProcessInfo.processInfo.environment["MOSAIC_PASSWORD_COST"].flatMap(Int.init), (10...20).contains(cost) {
            c.passwordCostLog2 = cost
        }
        return c
    }

    func logger() -> Logger {
        var logger = Logger(label: "mosaic")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the Mosaic API and web app.")
    @OptionGroup var options: ServerOptions

    func run() async throws {
        let config = options.configuration()
        let runtime = try await MosaicRuntime.open(config: config, logger: options.logger())
        try await runtime.serve { port in
            announce("Mosaic is serving on http://\(config.host):\(port)/  (data: \(config.dataDirectory))")
        }
    }
}

/// Writes a line to stdout unbuffered: scripts and tests wait for the "serving on" line through a pipe.
func announce(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
