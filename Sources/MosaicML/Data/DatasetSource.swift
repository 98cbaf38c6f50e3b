import Foundation

/// Opens whatever the user points `mosaic train`/`mosaic eval` at: a MovieLens folder (100K, 1M or RecBole
/// atomic files) or a plain `user,item,rating,timestamp` CSV file with an optional item CSV.
public enum DatasetSource {
    public static func load(path: String, items: String? = nil) throws -> InteractionDataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MovieLensLoader.LoadError.notFound(path)
        }
        return isDirectory.boolValue
            ? try MovieLensLoader.load(directory: path)
            : try CSVInteractionLoader.load(interactions: path, items: items)
    }
}
