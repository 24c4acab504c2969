#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard input, output and error.
public enum StandardStreams {
    /// Opens `/dev/null` on any of descriptors 0, 1 and 2 that the process started without
    /// (a service manager or CI may start it with standard input closed). Otherwise the first
    /// socket or file opened takes that number, and code that treats 0, 1 or 2 as a standard
    /// stream reads, writes or closes it by mistake.
    public static func ensureOpen() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 {
            let opened = open("/dev/null", O_RDWR)
            if opened >= 0, opened != fd {
                dup2(opened, fd)
                close(opened)
            }
        }
    }
}
