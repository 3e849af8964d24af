import Foundation

/// The kernel's name for the calling thread (`/proc/thread-self/comm`), as `ps`, `top` and
/// debuggers show it.
///
/// Foundation's `Thread.name` can miss on Linux (it races with the thread's start and is not
/// always what the kernel holds), and Glibc's Swift module lacks `pthread_setname_np`, so the
/// name is written where the kernel keeps it.
package enum ThreadName {
    /// Names the calling thread; the kernel keeps the first 15 bytes.
    package static func set(_ name: String) {
        guard let comm = fopen("/proc/thread-self/comm", "w") else { return }
        fputs(name, comm)
        fclose(comm)
    }

    /// The calling thread's name, or nil when /proc cannot tell.
    package static var current: String? {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8) else { return nil }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
