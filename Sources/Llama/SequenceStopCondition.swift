/// A caller's rule for ending one sequence before EOS or the token limit, checked after every
/// generated token. The decoder knows nothing of what the rule means (the CLI's puzzle rule stops
/// once a completion's verdict is decided); it only asks, token by token.
///
/// One value follows one sequence from its first generated token: keep whatever state makes the
/// check incremental (the decoder never hands back the whole sequence).
public protocol SequenceStopCondition {
    /// Called once per generated token, in order, EOS ids excepted; true ends the sequence with
    /// this token as its last (`GreedyCompletion.Stop.stopCondition`).
    mutating func shouldStop(after token: Int) -> Bool
}
