import Foundation
import Testing
import MosaicCore
@testable import MosaicAPI

/// The post lists are encoded with their own snake_case keys instead of `convertToSnakeCase`: the JSON must be
/// the same object either way, with every optional field present and absent.
@Suite struct SnakeCaseKeyedTests {
    static func page(full: Bool) -> PostListView {
        let author = AuthorView(userId: MosaicID(rawValue: 77 << 23), username: "ana", profilePicUrl: full ? "https://x/p.jpg" : nil,
                                isVerified: full, fullName: "Ana Lima")
        let media = MediaView(mediaId: MosaicID(rawValue: 5 << 23), type: "image", url: "https://x/m/1080.jpg",
                              urls: ["1080": "https://x/m/1080.jpg", "640": "https://x/m/640.jpg", "150": "https://x/m/150.jpg"],
                              width: 1080, height: 1350, altText: "a bowl of ramen", placeholder: "data:image/jpeg;base64,AAAA")
        let post = PostView(postId: MosaicID(rawValue: 9 << 23), permalink: "https://x/p/9", author: author, media: [media, media],
                            caption: "ramen #food", hashtags: ["food"], mentions: ["bo"],
                            location: full ? LocationView(name: "Lisbon", lat: 38.7, lng: nil) : nil,
                            taggedUserIds: [MosaicID(rawValue: 3 << 23)], category: "food", regions: full ? ["eu"] : nil,
                            likeCount: 3, commentCount: 1, saveCount: 2, createdAt: Date(timeIntervalSince1970: 1_800_000_000.25),
                            viewerHasLiked: true, viewerHasSaved: false,
                            source: full ? "ann" : nil, reasons: full ? ["similar to posts you saved"] : nil, score: full ? 0.75 : nil)
        return PostListView(posts: [post, post], nextCursor: full ? "abc" : nil, hasMore: full, servedBy: full ? "funnel" : nil)
    }

    @Test(arguments: [true, false])
    func keyedEncodingEqualsTheConvertedOne(full: Bool) throws {
        let view = Self.page(full: full)
        let converted = try JSONSerialization.jsonObject(with: JSONBody.encoder.encode(view)) as? NSDictionary
        let keyed = try JSONSerialization.jsonObject(with: JSONBody.keyedEncoder.encode(view)) as? NSDictionary
        #expect(converted != nil && converted == keyed)
        let first = try #require((keyed?["posts"] as? [[String: Any]])?.first)
        #expect(first["tagged_user_ids"] != nil && first["viewer_has_liked"] != nil && (first["author"] as? [String: Any])?["profile_pic_url"] != nil)
    }
}
