import Foundation
import Hummingbird
import MosaicCore

extension Services {
    func addNotificationRoutes(_ r: RouteTable) {
    }
}
