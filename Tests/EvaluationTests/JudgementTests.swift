import EvalSets
@testable import Evaluation
import Foundation
import Puzzles
import Testing

@Suite("Judging a completion of a run's puzzle")
struct JudgementTests {
    /// in-domain-5-0002 (`18, 54, 4, 16, 8: 1944`) has shortcut depth 5 in the committed depth table.
    static let deepID = "in-domain-5-0002"
    static let deepResponse = "4*54=216, 216*8=1728, 18*1728=31104, 31104/16=1944"

    static func plan() throws -> ScoringPlan {
        try ScoringPlan.load(evalSetsDirectory: TestSupport.evalSets, selection: RunSelection(sets: [.inDomain], limit: 3))
    }

    static func deepItem(_ plan: ScoringPlan) throws -> EvalItem {
        try #require(plan.items.first { $0.id == deepID })
    }

    @Test("the reference response is valid, valid with a calculator, at the depth table's depth")
    func referenceResponse() throws {
        let plan = try Self.plan()
        let item = try Self.deepItem(plan)
        #expect(item.response == Self.deepResponse)
        #expect(plan.judge(Self.deepResponse, of: item) == Judgement(verdict: .valid, depth: 5, calculator: true))
        // A depth 0 puzzle: the depth comes from the table, not from a constant.
        let shallow = try #require(plan.items.first { $0.id == "in-domain-5-0000" })
        #expect(plan.judge(shallow.response, of: shallow).depth == 0)
    }

    @Test("text that is not a step fails at format and a calculator does not repair it")
    func invalid() throws {
        let plan = try Self.plan()
        let judgement = plan.judge("no shortcut", of: try Self.deepItem(plan))
        #expect(judgement == Judgement(verdict: Verdict(failure: .format), depth: 5, calculator: false))
    }

    @Test("a last result off by one fails at arithmetic but is valid with a calculator")
    func validOnlyWithCalculator() throws {
        let plan = try Self.plan()
        let judgement = plan.judge("4*54=216, 216*8=1728, 18*1728=31104, 31104/16=1945", of: try Self.deepItem(plan))
        #expect(judgement == Judgement(verdict: Verdict(failure: .arithmetic), depth: 5, calculator: true))
    }

    @Test("a fresh record is the items.jsonl line of the completion with its judged fields")
    func freshRecord() throws {
        let plan = try Self.plan()
        let completion = BackendCompletion(text: "no shortcut", generatedTokens: 12, stop: .eos)
        let record = plan.record(completion, of: try Self.deepItem(plan))
        #expect(String(decoding: record.jsonLine, as: UTF8.self) == #"{"id":"in-domain-5-0002","set":"in-domain","n":5,"#
            + #""prompt":"18, 54, 4, 16, 8: 1944","completion":"no shortcut","generated_tokens":12,"stop":"eos","#
            + #""valid":false,"error":"format","depth":5,"calculator":false}"# + "\n")
    }

    @Test("setting a judgement replaces the verdict, depth and calculator a line recorded")
    func setJudgement() throws {
        let plan = try Self.plan()
        let item = try Self.deepItem(plan)
        let completion = BackendCompletion(text: Self.deepResponse, generatedTokens: 52, stop: .eos)
        var record = plan.record(completion, of: item)
        record.valid = false
        record.error = .target
        record.depth = nil
        record.calculator = nil
        let judgement = plan.judge(record.completion, of: item)
        #expect(!record.records(judgement.verdict))
        record.setJudgement(judgement)
        #expect(record.records(judgement.verdict))
        #expect(record == plan.record(completion, of: item))
    }

    @Test("a record of an unselected puzzle, or with another prompt, is not one of this run's puzzles")
    func foreignRecord() throws {
        let plan = try Self.plan()
        let item = try Self.deepItem(plan)
        let file = URL(fileURLWithPath: "/runs/x/items.jsonl")
        var record = plan.record(BackendCompletion(text: "", generatedTokens: 1, stop: .eos), of: item)
        #expect(try plan.item(of: record, in: file, line: 3) == item)

        record.prompt = "18, 54, 4, 16, 8: 1945"
        #expect(throws: EvaluationError.self) { try plan.item(of: record, in: file, line: 3) }
        do {
            _ = try plan.item(of: record, in: file, line: 3)
        } catch {
            #expect(error.description == "/runs/x/items.jsonl:3: item in-domain-5-0002 is not one of this run's puzzles")
        }
        // in-domain-5-0003 exists in the set but the selection takes 3 per N.
        record.id = "in-domain-5-0003"
        #expect(throws: EvaluationError.self) { try plan.item(of: record, in: file, line: 1) }
    }
}
