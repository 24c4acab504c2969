import Cookies
import Foundation

/// A request the learner asks the browser to make.
public struct BrowserRequest: Sendable, Hashable {
    public enum Body: Sendable, Hashable {
        /// `application/x-www-form-urlencoded` pairs.
        case form([(String, String)])
        /// A JSON text, sent as `application/json`.
        case json(String)
        /// Any other bytes with their content type.
        case raw(String, contentType: String)

        public static func == (a: Body, b: Body) -> Bool { a.encoded == b.encoded }
        public func hash(into h: inout Hasher) { h.combine(encoded.contentType); h.combine(encoded.bytes) }

        var encoded: (contentType: String, bytes: [UInt8]) {
            switch self {
            case .form(let pairs):
                let text = pairs.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
                return ("application/x-www-form-urlencoded", Array(text.utf8))
            case .json(let text):
                return ("application/json", Array(text.utf8))
            case .raw(let text, let type):
                return (type, Array(text.utf8))
            }
        }

        static func formEncode(_ s: String) -> String {
            var allowed = CharacterSet.alphanumerics.intersection(.init(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
            allowed.insert(charactersIn: "*-._")
            return (s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s).replacingOccurrences(of: "%20", with: "+")
        }
    }

    public var method: String
    /// A path (`/newpage`), resolved against the browser's base URL, or an absolute http URL.
    public var target: String
    public var headers: [HeaderField]
    public var body: Body?
    /// The page that started the request, for SameSite; `nil` when the learner typed it.
    public var initiator: String?
    /// A top-level navigation (the address bar) or a subresource (an image, a fetch).
    public var isTopLevelNavigation: Bool

    public init(method: String = "GET", _ target: String, headers: [HeaderField] = [], body: Body? = nil,
                initiator: String? = nil, isTopLevelNavigation: Bool = true) {
        self.method = method.uppercased()
        self.target = target
        self.headers = headers
        self.body = body
        self.initiator = initiator
        self.isTopLevelNavigation = isTopLevelNavigation
    }
}
