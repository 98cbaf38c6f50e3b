import MosaicCore

/// The posts of a world, column by column, in time order: post index order is `createdAt` order and ID order,
/// so "the first 80 % of indices" is a time split.
public struct WorldPosts: Sendable {
    public let count: Int
    public internal(set) var ids: [MosaicID]
    public internal(set) var authors: [Int32]
    /// Index into `InterestCategory.all`.
    public internal(set) var categories: [UInt8]
    public internal(set) var createdAtMillis: [Int64]
    /// Index into `WorldPosts.places`, or -1 for no location.
    public internal(set) var places: [Int16]
    /// Latent appeal (log-normal around 1): the part of engagement that the author and topic do not explain.
    public internal(set) var quality: [Float]
    /// Per-author post lists in time order (CSR over post indices).
    public internal(set) var authorOffsets: [Int]
    public internal(set) var authorPosts: [Int32]

    /// Every place of the gazetteer, flattened, with its region index.
    public static let places: [(place: Gazetteer.Place, region: Int)] = Gazetteer.regions.enumerated().flatMap { r in
        r.element.places.map { ($0, r.offset) }
    }

    public func posts(by user: Int) -> ArraySlice<Int32> { authorPosts[authorOffsets[user]..<authorOffsets[user + 1]] }

    public func categoryName(of post: Int) -> String { InterestCategory.all[Int(categories[post])] }

    public func location(of post: Int) -> Location? {
        let p = Int(places[post])
        guard p >= 0 else { return nil }
        let place = Self.places[p].place
        return Location(name: place.name, lat: place.lat, lng: place.lng)
    }
}
