internal import CLibCrypto
public import Foundation

/// SHA-256 through the system's libcrypto (OpenSSL's EVP API), streamed or in one call.
public struct SHA256 {
    /// Owns the EVP context; freed with the last copy.
    private final class Context {
        let pointer: OpaquePointer

        init() {
            guard let pointer = EVP_MD_CTX_new(), EVP_DigestInit_ex(pointer, EVP_sha256(), nil) == 1 else {
                preconditionFailure("libcrypto cannot create a SHA-256 context (out of memory)")
            }
            self.pointer = pointer
        }

        deinit { EVP_MD_CTX_free(pointer) }
    }

    private let context = Context()

    public init() {}

    public mutating func update(data: some ContiguousBytes) {
        data.withUnsafeBytes { bytes in
            _ = EVP_DigestUpdate(context.pointer, bytes.baseAddress, bytes.count)
        }
    }

    /// The 32-byte digest; the hasher is finished afterwards.
    public func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context.pointer, $0.baseAddress, &length) }
        return Array(digest.prefix(Int(length)))
    }

    public static func hash(data: some ContiguousBytes) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: data)
        return hasher.finalize()
    }
}
