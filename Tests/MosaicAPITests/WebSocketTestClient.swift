import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal WebSocket client for tests (FoundationNetworking here has no WebSocket support): a blocking
/// POSIX socket driven from a GCD queue, so it never parks a thread of the Swift cooperative pool that the
/// in-process server also runs on. Text frames only, masked as RFC 6455 requires of clients.
final class WebSocketTestClient: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let queue = DispatchQueue(label: "ws-test-client")
    /// The `last_event_id` of the server's `ready` frame, once `awaitReady()` has seen it.
    private(set) var readyEventID: String?

    /// Connects to `127.0.0.1:port` and performs the upgrade for `path` (query included). Throws on any
    /// answer other than 101.
    /// `receiveBuffer` shrinks the socket's receive buffer (a client on a slow link).
    static func connect(port: Int, path: String, receiveBuffer: Int32? = nil) async throws -> WebSocketTestClient {
        try await withCheckedThrowingContinuation { cont in
            DispatchQueue.global().async {
                do { cont.resume(returning: try WebSocketTestClient(port: port, path: path, receiveBuffer: receiveBuffer)) }
                catch { cont.resume(throwing: error) }
            }
        }
    }

    private init(port: Int, path: String, receiveBuffer: Int32?) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if var size = receiveBuffer { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw TestFailure("connect() failed") }
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        try write(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8))
        var head: [UInt8] = []
        while !head.ends(with: [13, 10, 13, 10]) {
            guard let b = try readBytes(1).first else { throw TestFailure("closed during upgrade") }
            head.append(b)
        }
        let status = String(decoding: head, as: UTF8.self).split(separator: " ").dropFirst().first.map(String.init)
        guard status == "101" else { close(fd); throw TestFailure("upgrade refused: \(String(decoding: head, as: UTF8.self))") }
    }

    deinit { close(fd) }

    /// Drops the connection abruptly (no close frame), as a client losing its network would.
    func disconnect() { shutdown(fd, Int32(SHUT_RDWR)) }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestFailure("send failed") }
            sent += n
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw TestFailure("connection closed or timed out") }
            buffer += chunk[0..<n]
        }
        let out = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return out
    }

    /// Sends one masked text frame.
    func send(text: String) async throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 { frame.append(0x80 | UInt8(payload.count)) }
        else { frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xff)] }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        let bytes = frame
        try await onQueue { try self.write(bytes) }
    }

    /// The next text frame's JSON (pings are answered, other control frames skipped). Throws on close or
    /// after ten seconds of silence.
    func nextJSON() async throws -> [String: Any] {
        let text: String = try await onQueue {
            while true {
                let h = try self.readBytes(2)
                var len = Int(h[1] & 0x7f)
                if len == 126 { let b = try self.readBytes(2); len = Int(b[0]) << 8 | Int(b[1]) }
                else if len == 127 { len = try self.readBytes(8).reduce(0) { $0 << 8 | Int($1) } }
                let payload = try self.readBytes(len)
                switch h[0] & 0x0f {
                case 0x1: return String(decoding: payload, as: UTF8.self)
                case 0x8: throw TestFailure("closed by server")
                case 0x9:
                    let mask: [UInt8] = [1, 2, 3, 4]
                    try self.write([0x8a, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
                default: continue
                }
            }
        }
        return (try JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// Reads frames up to the server's `ready` (subscribed; live from here) and returns those before it
    /// (a replay). Its `last_event_id` is kept in `readyEventID`.
    @discardableResult
    func awaitReady() async throws -> [[String: Any]] {
        var before: [[String: Any]] = []
        while true {
            let frame = try await nextJSON()
            if frame["type"] as? String == "ready" {
                readyEventID = frame["last_event_id"] as? String
                return before
            }
            before.append(frame)
        }
    }

    /// The next frame of `type`, skipping others (heartbeats, the `ready` frame, other kinds).
    func next(_ type: String) async throws -> [String: Any] {
        while true {
            let frame = try await nextJSON()
            if frame["type"] as? String == type { return frame }
        }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { cont in
            queue.async { do { cont.resume(returning: try body()) } catch { cont.resume(throwing: error) } }
        }
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
