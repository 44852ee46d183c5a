import ArgumentParser
import Foundation
import TensorCore

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the OpenBLAS build, the kernels (core) it runs on this CPU and its thread count."
    )

    @Option(help: "OpenBLAS threads to use (default: all cores).")
    var threads: Int?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let info = OpenBLAS.info(context: threads.map(ComputeContext.init) ?? .machineDefault)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(info), as: UTF8.self))
            return
        }
        let origin: String
        if info.coreTypeSelectedAutomatically {
            origin = "selected by reckon for this CPU (OPENBLAS_CORETYPE=\(info.coreTypeEnvironment ?? ""))"
        } else if let environment = info.coreTypeEnvironment {
            origin = "from OPENBLAS_CORETYPE=\(environment) in the environment"
        } else {
            origin = "detected by OpenBLAS"
        }
        print("""
            OpenBLAS version: \(info.version ?? "unknown")
            configuration:    \(info.configuration)
            core (kernels):   \(info.coreName), \(origin)
            threads:          \(info.threadCount)
            """)
    }
}
