import Foundation
import Hummingbird
import MosaicCore

extension Services {
    func addDirectRoutes(_ r: RouteTable) {
    }
}
