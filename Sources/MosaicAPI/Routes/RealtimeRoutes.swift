import Foundation
import Hummingbird
import MosaicCore

extension Services {
    func addRealtimeRoutes(_ r: RouteTable) {
    }
}
