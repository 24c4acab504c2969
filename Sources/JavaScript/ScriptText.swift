import CJavaScriptCore

/// A script's text, handed to JavaScriptCore once and evaluated in many contexts (crumbs' own
/// scripts, which every app runs): each evaluation skips converting the text again.
/// JavaScriptCore's strings are immutable and reference-counted across threads.
public final class ScriptText: @unchecked Sendable {
    public let source: String
    /// The name errors and stack frames show.
    public let file: String
    let text: JSStringRef
    let url: JSStringRef

    public init(_ source: String, file: String) {
        self.source = source
        self.file = file
        text = JSStringRef.make(source)
        url = JSStringRef.make(file)
    }

    deinit {
        JSStringRelease(text)
        JSStringRelease(url)
    }
}
