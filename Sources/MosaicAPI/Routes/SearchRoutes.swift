import Foundation
import Hummingbird
import MosaicCore

extension Services {
    func addSearchRoutes(_ r: RouteTable) {
    }
}
