import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM ask a run to stop after the completion in progress, so everything
/// finished is on disk and the next run resumes; a second signal ends the process at once.
final class StopRequest: Sendable {
    private let signals = Atomic<Int>(0)
    // Dispatch sources must stay alive while the run lasts; they are only created and kept here.
    private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []

    var isRequested: Bool { signals.load(ordering: .relaxed) > 0 }

    static func install() -> StopRequest {
        let request = StopRequest()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let count = request.signals.add(1, ordering: .relaxed).newValue
                if count == 1 {
                    FileHandle.standardError.write(Data(
                        "\nstopping after the current completion (finished puzzles are kept); signal again to quit now\n".utf8))
                } else {
                    _exit(130)
                }
            }
            source.resume()
            request.sources.append(source)
        }
        return request
    }
}
