import Foundation
import MosaicCore
import MosaicRealtime

/// The log's binary form: one tag byte, then fixed-width little-endian fields and length-prefixed strings. A
/// ranked list with its logged features is ~12 KB and encodes in microseconds — JSON took milliseconds per
/// request, which showed in Explore's latency and halved its throughput over HTTP. Absent scores are NaN.
extension ExploreLogRecord {
    static let formatVersion: UInt8 = 1

    func encode(into w: inout ByteWriter) {
        w.u8(Self.formatVersion)
        switch self {
        case .ranked(let l):
            w.u8(1)
            w.u64(l.request); w.u64(l.viewer.rawValue); w.date(l.at); w.u32(UInt32(l.bucket))
            w.string(l.arm); w.string(l.modelVersion); w.string(l.shadowVersion ?? ""); w.string(l.servedBy)
            w.u32(UInt32(l.items.count))
            for i in l.items {
                w.u64(i.post.rawValue); w.string(i.source)
                w.f32(i.retrievalScore); w.f32(i.lightScore); w.f32(i.heavyScore ?? .nan); w.f32(i.shadowScore ?? .nan)
                let f = i.features ?? []
                w.u32(UInt32(f.count))
                for x in f { w.f32(x) }
            }
        case .served(let p):
            w.u8(2)
            w.u64(p.request); w.u64(p.viewer.rawValue); w.date(p.at); w.u32(UInt32(p.offset))
            w.u32(UInt32(p.posts.count))
            for post in p.posts { w.u64(post.rawValue) }
        }
    }

    static func decode(_ r: inout ByteReader) throws -> ExploreLogRecord {
        guard try r.u8() == formatVersion else { throw DecodingFailure("unknown explore log format") }
        switch try r.u8() {
        case 1:
            let request = try r.u64(), viewer = MosaicID(rawValue: try r.u64()), at = try r.date(), bucket = Int(try r.u32())
            let arm = try r.string(), version = try r.string(), shadow = try r.string(), servedBy = try r.string()
            let n = Int(try r.u32())
            var items: [RankedList.Item] = []
            items.reserveCapacity(min(n, 10_000))
            for _ in 0..<n {
                let post = MosaicID(rawValue: try r.u64()), source = try r.string()
                let retrieval = try r.f32(), light = try r.f32(), heavy = try r.f32(), shadowScore = try r.f32()
                let k = Int(try r.u32())
                var features: [Float] = []
                features.reserveCapacity(min(k, 4_096))
                for _ in 0..<k { features.append(try r.f32()) }
                items.append(RankedList.Item(post: post, source: source, retrievalScore: retrieval, lightScore: light,
                                             heavyScore: heavy.isNaN ? nil : heavy, shadowScore: shadowScore.isNaN ? nil : shadowScore,
                                             features: k == 0 ? nil : features))
            }
            return .ranked(RankedList(request: request, viewer: viewer, at: at, bucket: bucket, arm: arm, modelVersion: version,
                                      shadowVersion: shadow.isEmpty ? nil : shadow, servedBy: servedBy, items: items))
        case 2:
            let request = try r.u64(), viewer = MosaicID(rawValue: try r.u64()), at = try r.date(), offset = Int(try r.u32())
            let n = Int(try r.u32())
            var posts: [PostID] = []
            for _ in 0..<n { posts.append(MosaicID(rawValue: try r.u64())) }
            return .served(ServedPage(request: request, viewer: viewer, at: at, offset: offset, posts: posts))
        default:
            throw DecodingFailure("unknown explore log record")
        }
    }
}
