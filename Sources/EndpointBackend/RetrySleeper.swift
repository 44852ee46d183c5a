/// Waits out the delay between two attempts of a request. The backend waits in real time
/// (`WallClockSleeper`); tests pass one that records the delays and returns at once, so that they
/// check the waits a run would make without making them.
protocol RetrySleeper: Sendable {
    /// Waits `seconds` unless `control` stops the run first; throws when it is stopped.
    func sleep(_ seconds: Double, control: RunControl) throws(CancellationError)
}

/// Real waits, cut short when the run stops.
struct WallClockSleeper: RetrySleeper {
    func sleep(_ seconds: Double, control: RunControl) throws(CancellationError) {
        try control.sleep(seconds)
    }
}
