import Foundation

/// Errors of the Tutor module, each quoting what it is about.
public enum TutorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A file named on the command line could not be read (the errno says why).
    case cannotRead(path: String, errno: Int32)
    /// A folder was given where a file was expected.
    case isFolder(path: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let code):
            return "cannot read \(path): \(String(cString: strerror(code)))"
        case .isFolder(let path):
            return "\(path) is a folder; give a file of commands"
        }
    }
}
