import HTTPTypes
import Hummingbird
import Synchronization

/// The paths and methods the router serves, read from the router once every route is added,
/// so that a request for a known path with another method answers 405 with an `Allow` header
/// instead of 404.
public final class RouteTable: Sendable {
    private struct Route: Sendable {
        var components: [String]
        var method: HTTPRequest.Method
    }

    private let routes = Mutex<[Route]>([])

    public init() {}

    /// Records the router's routes; called once the router is complete.
    func load(_ descriptions: [Router<some RequestContext>.RouteDescription]) {
        let loaded = descriptions.map { Route(components: Self.components(of: $0.path.description), method: $0.method) }
        routes.withLock { $0 = loaded }
    }

    /// The methods served on a concrete request path; empty when the path is not routed at all.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let requested = Self.components(of: path)
        let methods = routes.withLock { routes in
            routes.filter { Self.matches($0.components, requested) }.map(\.method)
        }
        var unique: [HTTPRequest.Method] = []
        for method in methods where !unique.contains(method) { unique.append(method) }
        return unique.sorted { $0.rawValue < $1.rawValue }
    }

    private static func components(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// A `{name}` component matches any one segment; every other component matches itself.
    private static func matches(_ pattern: [String], _ path: [String]) -> Bool {
        guard pattern.count == path.count else { return false }
        return zip(pattern, path).allSatisfy { pattern, segment in
            (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
        }
    }
}
