@testable import Evaluation
import Foundation
import Testing

/// A model on an inference server in a run's identity: what resume and merge compare, and what not.
@Suite struct ServedModelIdentityTests {
    static func identity(endpoints: [String] = ["http://127.0.0.1:8000/v1"], servedModel: String = "lora-1m",
                         root: String? = "/adapters/lora-1m", parent: String? = "open_llama_3b",
                         listing: String? = #"{"id":"lora-1m","created":1}"#, concurrency: Int = 8,
                         stop: [String] = ["\n"]) throws -> RunIdentity {
        let served = ServedModelIdentity(
            endpoints: endpoints, servedModel: servedModel, listing: listing, root: root, parent: parent,
            request: CompletionRequestSettings(temperature: 0, choices: 1, stop: stop), tokenizerCheckedWith: nil)
        return RunIdentity(backend: BackendDescriptor(kind: "endpoint", served: served,
                                                      decoding: DecodingSettings(batchSize: concurrency)),
                           evalSets: [], selection: try RunSelection(limit: 2))
    }

    @Test func otherServersAndListingTimesAreTheSameRun() throws {
        let other = try Self.identity(endpoints: ["http://10.0.0.1:8000/v1", "http://10.0.0.2:8000/v1"],
                                      listing: #"{"id":"lora-1m","created":2}"#)
        #expect(try Self.identity().differences(from: other).isEmpty)
    }

    @Test(arguments: [
        ("served model", try ServedModelIdentityTests.identity(servedModel: "lora-10m")),
        ("server's model root", try ServedModelIdentityTests.identity(root: "/adapters/lora-10m")),
        ("server's model parent", try ServedModelIdentityTests.identity(parent: "open_llama_7b")),
        ("completion request", try ServedModelIdentityTests.identity(stop: [])),
        ("batch size", try ServedModelIdentityTests.identity(concurrency: 16)),
    ])
    func anotherModelOrSettingIsRefused(what: String, other: RunIdentity) throws {
        let differences = try Self.identity().differences(from: other)
        #expect(differences.count == 1 && differences[0].hasPrefix(what + ":"), "\(differences)")
    }

    @Test("batch_size is a batch for a local run and requests in flight per server for a served one")
    func parallelismFollowsTheBackend() throws {
        #expect(try Self.identity(concurrency: 16).backend.parallelism == .requestsInFlightPerServer(16))
        #expect(try Self.identity(concurrency: 16).backend.parallelism.description == "16 requests in flight per server")
        let local = BackendDescriptor(kind: "llama", decoding: DecodingSettings(batchSize: 64))
        #expect(local.parallelism == .batch(64))
        #expect(local.parallelism.description == "batch 64")
    }

    @Test func localRunsKeepTheirIdentityFileAndName() throws {
        let local = BackendDescriptor(kind: "llama", decoding: DecodingSettings())
        let json = String(decoding: try JSONEncoder().encode(local), as: UTF8.self)
        #expect(!json.contains("served"))
        #expect(try JSONDecoder().decode(BackendDescriptor.self, from: Data(json.utf8)) == local)
        #expect(try Self.identity(servedModel: "org/Model:v1").backend.displayName == "Model_v1-endpoint")
    }
}
