import Testing
import MosaicCore
import MosaicWorld

/// The regions users may choose are the ones generated worlds place their users in.
@Test func theGazetteersRegionsAreTheValidRegionCodes() {
    #expect(Gazetteer.regions.map(\.code) == RegionCode.all)
    #expect(RegionCode.canonical("EU") == "eu" && RegionCode.canonical("atlantis") == nil && RegionCode.canonical("") == nil)
}
