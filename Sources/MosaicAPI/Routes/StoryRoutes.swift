import Foundation
import Hummingbird
import MosaicCore

extension Services {
    func addStoryRoutes(_ r: RouteTable) {
    }
}
