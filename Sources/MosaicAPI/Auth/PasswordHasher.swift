import Crypto
import CryptoExtras
import Dispatch
import Foundation
import MosaicCore

/// scrypt (RFC 7914) password hashes, self-describing: `scrypt$N$r$p$salt$hash` (base64url), so the cost can be
/// raised later and old hashes still verify. Hashing runs on a dedicated queue: ~50 ms of CPU must not stall
/// the cooperative thread pool that serves every other request.
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's N. 15 (32 MiB, ~100 ms) in production; tests and the demo world use less.
    public var costLog2: Int
    public init(costLog2: Int = 15) { self.costLog2 = costLog2 }

    private static let queue = DispatchQueue(label: "mosaic.password-hashing", attributes: .concurrent)

    public func hash(_ password: String) async throws -> String {
        let cost = costLog2
        return try await Self.offload {
            var salt = [UInt8](repeating: 0, count: 16)
            var rng = SystemRandomNumberGenerator()
            for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &rng) }
            let key = try Self.derive(password, salt: salt, n: 1 << cost, r: 8, p: 1)
            return "scrypt$\(1 << cost)$8$1$\(Base64URL.encode(salt))$\(Base64URL.encode(key))"
        }
    }

    public func verify(_ password: String, against stored: String) async throws -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
              n >= 2, n <= 1 << 20, r >= 1, r <= 32, p >= 1, p <= 16,
              let salt = Base64URL.decode(parts[4]), let expected = Base64URL.decode(parts[5]) else { return false }
        let derived = try await Self.offload { try Self.derive(password, salt: salt, n: n, r: r, p: p) }
        // Constant-time comparison.
        guard derived.count == expected.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(derived, expected) { diff |= a ^ b }
        return diff == 0
    }

    static func derive(_ password: String, salt: [UInt8], n: Int, r: Int, p: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32,
                                           rounds: n, blockSize: r, parallelism: p, maxMemory: 256 * 1024 * 1024)
        return key.withUnsafeBytes { Array($0) }
    }

    private static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { cont in
            queue.async { cont.resume(with: Result { try work() }) }
        }
    }
}

/// Session tokens: 256 random bits given to the client once; only their SHA-256 is stored, so a leaked
/// database holds no usable tokens.
public enum SessionToken {
    public static func generate() -> (token: String, hash: [UInt8]) {
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        let token = "mos_" + Base64URL.encode(bytes)
        return (token, hash(token))
    }

    public static func hash(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }
}
