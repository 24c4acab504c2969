#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Watches a folder with inotify and reports the names of files written in it (saved in place,
/// or renamed into it as most editors save). A thread of its own blocks in `poll` on the
/// inotify descriptor and a pipe that `stop()` writes to: no polling loop.
final class FileWatcher: @unchecked Sendable {
    private let inotify: Int32
    private let wake: (read: Int32, write: Int32)
    private let thread: Thread

    /// Starts watching `folder`; nil when the system refuses (no inotify, no such folder).
    init?(folder: URL, onChange: @escaping @Sendable (String) -> Void) {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE)
        guard inotify_add_watch(fd, folder.path, mask) >= 0 else {
            close(fd)
            return nil
        }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            close(fd)
            return nil
        }
        inotify = fd
        wake = (pipeFDs[0], pipeFDs[1])
        let wakeRead = pipeFDs[0]
        thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
                let ready = poll(&fds, 2, -1)
                if ready < 0 && errno == EINTR { continue }
                if ready < 0 || fds[1].revents != 0 { break }
                let count = read(fd, &buffer, buffer.count)
                guard count > 0 else { if count < 0 && errno == EINTR { continue }; break }
                // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[]; }
                var offset = 0
                var names: Set<String> = []
                while offset + 16 <= count {
                    let length = Int(buffer[offset + 12]) | Int(buffer[offset + 13]) << 8 | Int(buffer[offset + 14]) << 16 | Int(buffer[offset + 15]) << 24
                    let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                    names.insert(String(decoding: nameBytes, as: UTF8.self))
                    offset += 16 + length
                }
                for name in names.sorted() where !name.isEmpty { onChange(name) }
            }
            close(fd)
            close(wakeRead)
        }
        thread.start()
    }

    /// Stops watching; the thread ends and closes its descriptors.
    func stop() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        close(wake.write)
    }
}
