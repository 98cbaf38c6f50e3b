import Foundation
import MosaicCore
import MosaicVectors

/// What the Explore policy reads of a post (`ExploreContext.allows`).
public struct PolicyFacts: Sendable, Equatable {
    public var authorID: UserID
    public var createdAt: Date
    public var reports: Int32
    public var deleted: Bool
    public var authorPrivate: Bool
    /// `CatalogEntry.regions`: a geographic restriction is one AND with the viewer's region bit.
    public var regions: UInt8
    public var categoryCode: UInt8

    init() {
        authorID = UserID(rawValue: 0); createdAt = .distantPast; reports = 0; deleted = true; authorPrivate = false
        regions = 0; categoryCode = 0
    }

    public init(_ e: CatalogEntry) {
        authorID = e.authorID; createdAt = e.createdAt; reports = e.reports; deleted = e.deleted
        authorPrivate = e.authorPrivate; regions = e.regions; categoryCode = e.categoryCode
    }
}

/// The facts packed into an index node's two attribute words (`NodeAttributes`), which the ANN filter reads from
/// the node record the search has already fetched:
///
///     first   author ID
///     second  bits 0–31 created (whole seconds since 1970), 32–39 category code, 40–47 region mask,
///             48–55 reports (clamped to 255), bit 56 known, 57 deleted, 58 author private
///
/// `known` makes all-zero words (a node whose facts have not arrived) fail every check. Seconds round down, so
/// a post up to a second older than the horizon can pass here; the funnel checks each hit's entry exactly.
extension PolicyFacts {
    static let knownBit: UInt64 = 1 << 56, deletedBit: UInt64 = 1 << 57, privateBit: UInt64 = 1 << 58

    public var attributes: NodeAttributes {
        var second = UInt64(Self.seconds(createdAt)) | UInt64(categoryCode) << 32 | UInt64(regions) << 40
            | UInt64(UInt8(clamping: max(reports, 0))) << 48 | Self.knownBit
        if deleted { second |= Self.deletedBit }
        if authorPrivate { second |= Self.privateBit }
        return NodeAttributes(first: authorID.rawValue, second: second)
    }

    /// `date` in whole seconds since 1970, clamped to 32 bits (good until 2106).
    static func seconds(_ date: Date) -> UInt32 {
        UInt32(clamping: Int64(max(0, date.timeIntervalSince1970.rounded(.down))))
    }
}
