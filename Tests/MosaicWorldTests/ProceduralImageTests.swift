import MosaicCore
import Testing
@testable import MosaicWorld

@Suite struct ProceduralImageTests {
    static func category(_ name: String) -> Int { InterestCategory.all.firstIndex(of: name)! }

    static func meanColor(_ name: String, samples: Int = 12) -> SIMD3<Double> {
        var sum = SIMD3<Double>(0, 0, 0)
        for s in 0..<samples {
            sum += ProceduralImage(category: category(name), seed: UInt64(1_000 + s)).render(width: 64, height: 64).meanColor
        }
        return sum / Double(samples)
    }

    @Test func renderHasTheRequestedSizeAndIsDeterministic() {
        let image = ProceduralImage(category: 0, seed: 99)
        let big = image.render(width: 1080, height: 1080)
        #expect(big.pixels.count == 1080 * 1080 * 3)
        #expect(big == image.render(width: 1080, height: 1080))
        let thumb = image.render(width: 150, height: 100)
        #expect(thumb.width == 150 && thumb.height == 100 && thumb.pixels.count == 150 * 100 * 3)
        #expect(ProceduralImage(category: 0, seed: 100).render(width: 64, height: 64) != image.render(width: 64, height: 64))
    }

    @Test func categoriesHaveTheirColours() {
        let food = Self.meanColor("food"), nature = Self.meanColor("nature"), travel = Self.meanColor("travel")
        let cars = Self.meanColor("cars"), music = Self.meanColor("music"), sports = Self.meanColor("sports")
        #expect(food.x > food.z + 30, "food is warm: \(food)")
        #expect(nature.y > nature.x + 15 && nature.y > nature.z + 15, "nature is green: \(nature)")
        #expect(sports.y > sports.x + 15, "sports is a green field: \(sports)")
        #expect(travel.z > travel.x + 30, "travel is blue: \(travel)")
        let spread = max(cars.x, cars.y, cars.z) - min(cars.x, cars.y, cars.z)
        #expect(spread < 20, "cars are grey: \(cars)")
        #expect(music.x + music.y + music.z < 3 * 90, "music is dark: \(music)")
    }

    /// Visual features carry signal: a nearest-centroid classifier on mean colour alone, trained on some
    /// seeds and tested on others, recognises the category far above chance (1 in 12).
    @Test func meanColourAloneRecognisesTheCategory() {
        let k = InterestCategory.all.count
        func feature(_ c: Int, _ seed: UInt64) -> SIMD3<Double> {
            ProceduralImage(category: c, seed: seed).render(width: 48, height: 48).meanColor
        }
        let centroids = (0..<k).map { c in (0..<10).map { feature(c, UInt64($0)) }.reduce(.zero, +) / 10 }
        var correct = 0, total = 0
        for c in 0..<k {
            for s in 100..<110 {
                let f = feature(c, UInt64(s))
                func distance(_ j: Int) -> Double { let d = centroids[j] - f; return (d * d).sum() }
                let guess = (0..<k).min { distance($0) < distance($1) }!
                if guess == c { correct += 1 }
                total += 1
            }
        }
        #expect(Double(correct) / Double(total) > 0.5, "\(correct)/\(total)")
    }

    @Test func carsHaveStrongerEdgesThanNature() {
        // Mean absolute horizontal+vertical gradient of luminance: hard-edged metal vs. soft foliage.
        func edges(_ name: String) -> Double {
            var total = 0.0
            for s in 0..<6 {
                let img = ProceduralImage(category: Self.category(name), seed: UInt64(s)).render(width: 96, height: 96)
                let lum: [Double] = stride(from: 0, to: img.pixels.count, by: 3).map { (i: Int) -> Double in
                    let r = 0.299 * Double(img.pixels[i]), g = 0.587 * Double(img.pixels[i + 1])
                    return r + g + 0.114 * Double(img.pixels[i + 2])
                }
                var strong = 0
                for y in 1..<96 { for x in 1..<96 {
                    let here = lum[y * 96 + x]
                    let g = abs(here - lum[y * 96 + x - 1]) + abs(here - lum[(y - 1) * 96 + x])
                    if g > 40 { strong += 1 }
                } }
                total += Double(strong)
            }
            return total
        }
        #expect(edges("cars") > 1.5 * edges("nature"))
    }

    @Test func worldImagesFollowThePostCategory() {
        let world = WorldFixtures.small()
        let i = 42
        #expect(world.image(ofPost: i).category == Int(world.posts.categories[i]))
        #expect(world.image(ofPost: i) == world.image(ofPost: i))
        #expect(world.image(ofPost: i).seed != world.image(ofPost: i + 1).seed)
    }
}
