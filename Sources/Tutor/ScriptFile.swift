import Foundation

/// A file of tutor commands (`crumbs run FILE`), read as Node reads source: UTF-8, with any
/// bytes that are not UTF-8 replaced by U+FFFD and a warning, never refused.
public enum ScriptFile {
    public static func read(_ path: String) throws(TutorError) -> (text: String, warning: String?) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { throw .isFolder(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            let code = access(path, R_OK) == 0 ? EIO : errno
            throw .cannotRead(path: path, errno: code)
        }
        return decode(Array(data), path: path)
    }

    /// The text of `bytes`, and a warning naming the first byte that is not UTF-8, if any.
    static func decode(_ bytes: [UInt8], path: String) -> (text: String, warning: String?) {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, nil) }
        let text = String(decoding: bytes, as: UTF8.self)
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            let before = offset
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: break loop
            case .error:
                offset = before
                break loop
            }
        }
        let line = bytes.prefix(offset).filter { $0 == 0x0A }.count + 1
        let hex = offset < bytes.count ? String(format: "0x%02X", bytes[offset]) : "the end"
        return (text, "warning: \(path) is not UTF-8 text (byte \(hex) on line \(line)); such bytes read as \u{FFFD}")
    }
}
