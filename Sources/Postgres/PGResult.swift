import Foundation
import NIOCore
import PostgresNIO

/// One statement's result as node-postgres's `Result` holds it: the command tag, `rowCount`,
/// `oid`, the fields and the rows, each value converted as pg-types converts the text the
/// server would have sent.
///
/// postgres-nio asks for every column in the binary format; the values are read from it here.
/// Each becomes JSON text: numbers for `int2`, `int4`, `oid`, `float4` and `float8`, strings for
/// `int8` and `numeric` (pg-types leaves them strings, since a double would lose digits), the
/// server's own JSON for `json` and `jsonb` (which `pg` parses), milliseconds since 1970 for
/// `timestamp`, `timestamptz` and `date` (which `pg` makes Dates: a `timestamp` or `date` read
/// in local time, as pg-types does), arrays as JSON arrays.
public struct PGResult: Sendable, Equatable {
    /// The command tag as the server sent it: `SELECT 1`, `INSERT 0 1`, `CREATE TABLE`.
    public var tag: String
    public var fields: [Field]
    /// Each row's values, as JSON text.
    public var rows: [[String]]

    public struct Field: Sendable, Equatable {
        public var name: String
        public var dataTypeID: UInt32
    }

    public init(tag: String, fields: [Field], rows: [[String]]) {
        self.tag = tag
        self.fields = fields
        self.rows = rows
    }

    /// `{"tag": …, "fields": [[name, oid], …], "rows": [[…], …]}`.
    public var json: String {
        var out = "{\"tag\":\(JSONText.quote(tag)),\"fields\":["
        out += fields.map { "[\(JSONText.quote($0.name)),\($0.dataTypeID)]" }.joined(separator: ",")
        out += "],\"rows\":["
        out += rows.map { "[" + $0.joined(separator: ",") + "]" }.joined(separator: ",")
        return out + "]}"
    }

    /// Reads postgres-nio's rows.
    init(tag: String, rows: [PostgresRow]) throws(PGFailure) {
        self.tag = tag
        self.fields = rows.first.map { $0.map { Field(name: $0.columnName, dataTypeID: $0.dataType.rawValue) } } ?? []
        var converted: [[String]] = []
        converted.reserveCapacity(rows.count)
        for row in rows {
            var values: [String] = []
            for cell in row {
                guard let value = Self.value(cell.bytes, type: cell.dataType.rawValue) else {
                    throw PGFailure(kind: .client, message: "crumbs' pg cannot read column \"\(cell.columnName)\": its type "
                                    + "(OID \(cell.dataType.rawValue), \(cell.dataType)) is not one it converts; cast it in the query, e.g. \(cell.columnName)::text")
                }
                values.append(value)
            }
            converted.append(values)
        }
        self.rows = converted
    }

    // MARK: Values

    /// The JSON text of one value in the binary format, or `nil` for a type it does not read.
    static func value(_ bytes: ByteBuffer?, type oid: UInt32) -> String? {
        guard var buffer = bytes else { return "null" }
        switch oid {
        case 16:  // bool
            return buffer.readInteger(as: UInt8.self).map { $0 != 0 ? "true" : "false" }
        case 21:  // int2
            return buffer.readInteger(as: Int16.self).map { String($0) }
        case 23:  // int4
            return buffer.readInteger(as: Int32.self).map { String($0) }
        case 26, 2202...2206, 4089, 4096:  // oid, and the reg* types, which are oids (pg shows their names)
            let n = buffer.readInteger(as: UInt32.self).map { String($0) }
            return oid == 26 ? n : n.map { JSONText.quote($0) }
        case 20:  // int8: a string, as pg-types leaves it
            return buffer.readInteger(as: Int64.self).map { JSONText.quote(String($0)) }
        case 700:  // float4
            return buffer.readInteger(as: UInt32.self).map { JSONText.number(Double(Float(bitPattern: $0))) }
        case 701:  // float8
            return buffer.readInteger(as: UInt64.self).map { JSONText.number(Double(bitPattern: $0)) }
        case 1700:  // numeric: a string
            return numeric(&buffer).map(JSONText.quote)
        case 25, 1043, 1042, 19, 705, 142, 18, 1033:  // text, varchar, bpchar, name, unknown, xml, "char", aclitem
            return buffer.readString(length: buffer.readableBytes).map(JSONText.quote)
        case 114:  // json: the server's text, which pg parses
            return buffer.readString(length: buffer.readableBytes)
        case 3802:  // jsonb: a version byte, then the text
            guard buffer.readInteger(as: UInt8.self) == 1 else { return nil }
            return buffer.readString(length: buffer.readableBytes)
        case 1184:  // timestamptz: microseconds since 2000-01-01 UTC
            return buffer.readInteger(as: Int64.self).map { micro in
                special(micro) ?? JSONText.number(Self.milliseconds(micro))
            }
        case 1114:  // timestamp: a wall-clock time, which pg-types reads in local time
            return buffer.readInteger(as: Int64.self).map { micro in
                special(micro) ?? JSONText.number(Self.local(milliseconds: Self.milliseconds(micro)))
            }
        case 1082:  // date: days since 2000-01-01, local midnight
            return buffer.readInteger(as: Int32.self).map { days in
                days == Int32.max ? "\"infinity\"" : days == Int32.min ? "\"-infinity\""
                    : JSONText.number(Self.local(milliseconds: (946_684_800 + Double(days) * 86_400) * 1000))
            }
        case 1083:  // time: a string, as the server writes it
            return buffer.readInteger(as: Int64.self).map { JSONText.quote(Self.timeOfDay($0)) }
        case 2950:  // uuid
            guard let bytes = buffer.readBytes(length: 16) else { return nil }
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { r in
                String(hex[hex.index(hex.startIndex, offsetBy: r.lowerBound)..<hex.index(hex.startIndex, offsetBy: r.upperBound)])
            }
            return JSONText.quote(parts.joined(separator: "-"))
        case 17:  // bytea: the server's hex text (pg would make a Buffer)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            return JSONText.quote("\\x" + bytes.map { String(format: "%02x", $0) }.joined())
        case 199, 1000, 1002, 1003, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 1115, 1182, 1183, 1185, 1231, 2951, 3807:
            return array(&buffer)
        default:
            return nil
        }
    }

    /// ±infinity, which pg-types leaves as the strings the server writes.
    static func special(_ micro: Int64) -> String? {
        micro == Int64.max ? "\"infinity\"" : micro == Int64.min ? "\"-infinity\"" : nil
    }

    /// Milliseconds since 1970 of microseconds since 2000, whole milliseconds as a Date holds them.
    static func milliseconds(_ micro: Int64) -> Double {
        (946_684_800_000 + (Double(micro) / 1000).rounded(.down))
    }

    /// The instant whose local wall-clock reading is the UTC reading of `milliseconds`.
    static func local(milliseconds wall: Double) -> Double {
        let zone = TimeZone.current
        var guess = wall - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall / 1000))) * 1000
        guess = wall - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess / 1000))) * 1000
        return guess
    }

    /// `HH:MM:SS[.ffffff]`, trailing zeros of the fraction dropped, as the server writes a time.
    static func timeOfDay(_ micro: Int64) -> String {
        let seconds = micro / 1_000_000, fraction = micro % 1_000_000
        var text = String(format: "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if fraction != 0 {
            var digits = String(format: "%06lld", fraction)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// A `numeric` in the binary format (base-10000 digits, a weight, a sign and a display
    /// scale) as the server writes it in text.
    static func numeric(_ buffer: inout ByteBuffer) -> String? {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
              let sign = buffer.readInteger(as: UInt16.self), let scale = buffer.readInteger(as: UInt16.self) else { return nil }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        var digits: [Int16] = []
        for _ in 0..<max(0, Int(count)) {
            guard let d = buffer.readInteger(as: Int16.self) else { return nil }
            digits.append(d)
        }
        func digit(_ i: Int) -> Int16 { digits.indices.contains(i) ? digits[i] : 0 }
        var whole = ""
        if weight < 0 {
            whole = "0"
        } else {
            for i in 0...Int(weight) {
                whole += i == 0 ? String(digit(i)) : String(format: "%04d", digit(i))
            }
        }
        var text = (sign == 0x4000 ? "-" : "") + whole
        if scale > 0 {
            var fraction = ""
            var i = Int(weight) + 1
            while fraction.count < Int(scale) {
                fraction += String(format: "%04d", digit(i))
                i += 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        return text
    }

    /// An array in the binary format: dimensions, then each element with its own length.
    static func array(_ buffer: inout ByteBuffer) -> String? {
        guard let dimensions = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
              let element = buffer.readInteger(as: UInt32.self) else { return nil }
        if dimensions == 0 { return "[]" }
        var sizes: [Int] = []
        for _ in 0..<dimensions {
            guard let size = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil else { return nil }
            sizes.append(Int(size))
        }
        func level(_ depth: Int) -> String? {
            var items: [String] = []
            for _ in 0..<sizes[depth] {
                if depth + 1 < sizes.count {
                    guard let inner = level(depth + 1) else { return nil }
                    items.append(inner)
                    continue
                }
                guard let length = buffer.readInteger(as: Int32.self) else { return nil }
                if length < 0 {
                    items.append("null")
                    continue
                }
                guard let slice = buffer.readSlice(length: Int(length)), let item = value(slice, type: element) else { return nil }
                items.append(item)
            }
            return "[" + items.joined(separator: ",") + "]"
        }
        return level(0)
    }
}
