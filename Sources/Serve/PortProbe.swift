#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds out, before an app's code runs, which port its server will get: the app reads
/// `process.env.PORT` while it loads, and the server binds only afterwards.
enum PortProbe {
    /// Binds 127.0.0.1:`port` for a moment (with SO_REUSEADDR, as the server does) and
    /// returns the port it got (a free one for 0), or nil when it is taken.
    static func claim(_ port: Int) -> Int? {
        guard (0...65535).contains(port) else { return nil }
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}

/// Where an app's server goes, decided before its code runs so that `process.env.PORT` can
/// say it: the port asked for (`--port`, else 3000), or a free one when that is taken. Used by
/// `crumbs serve` and by the tutor's lesson servers alike.
public struct PortChoice: Sendable {
    /// `--port`, when given: it wins over what the app asks for, as in `crumbs serve`.
    public let explicit: Int?
    public let preferred: Int
    /// The port `process.env.PORT` holds.
    public let chosen: Int

    public init(explicit: Int?) {
        self.explicit = explicit
        preferred = explicit ?? 3000
        chosen = (preferred != 0 ? PortProbe.claim(preferred) : nil) ?? PortProbe.claim(0) ?? preferred
    }

    /// The port to bind once the app asked for `asked` (nil: it never called listen). An app
    /// that asked for the usual port, or for process.env.PORT, gets the chosen one.
    public func target(asked: Int?) -> Int {
        let asked = asked ?? 3000
        return explicit != nil || asked == preferred || asked == chosen ? chosen : asked
    }

    /// Says so when the preferred port was taken and the server got the chosen one instead.
    public func note(bound: Int) -> String? {
        guard preferred != 0, chosen != preferred, bound == chosen else { return nil }
        return "port \(preferred) is taken, so the app listens on port \(bound) instead (process.env.PORT is \(bound))"
    }

    /// A line when the app printed the port it asked for and is not there: nil when it told the truth.
    public static func correction(asked: Int?, bound: Int, printed: [String]) -> String? {
        guard let asked, asked != 0, asked != bound, printed.contains(where: { mentions($0, port: asked) }) else { return nil }
        return "the app says port \(asked), but it listens on port \(bound): http://localhost:\(bound) "
            + "(`app.listen(process.env.PORT || \(asked))` would say so)"
    }

    /// Whether `text` has `port` as a number of its own (3000 in "port 3000", not in "30001").
    public static func mentions(_ text: String, port: Int) -> Bool {
        let digits = String(port)
        var rest = Substring(text)
        while let range = rest.range(of: digits) {
            let before = range.lowerBound == rest.startIndex ? nil : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
            if !(before?.isNumber ?? false) && !(after?.isNumber ?? false) { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
