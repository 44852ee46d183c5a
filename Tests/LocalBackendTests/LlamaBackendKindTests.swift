@testable import LocalBackend
import TensorCore
import Testing

/// The backend kind a run directory records: resume refuses to mix runs whose arithmetic differs.
@Suite("Local backend: the recorded kind")
struct LlamaBackendKindTests {
    @Test("float32 weights are plain llama; 16-bit weights name their format")
    func kindNamesSixteenBitFormats() {
        #expect(LlamaBackend.kind(weightFormats: [.float32]) == "llama")
        #expect(LlamaBackend.kind(weightFormats: [.float16]) == "llama-float16")
        #expect(LlamaBackend.kind(weightFormats: [.bfloat16, .float32]) == "llama-bfloat16")
        #expect(LlamaBackend.kind(weightFormats: [.bfloat16, .float16]) == "llama-bfloat16-float16")
    }
}
