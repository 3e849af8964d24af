import Foundation
import Synchronization

/// Watches a set of files from a thread of its own and calls back once changes settle.
///
/// inotify watches the files' folders (an atomic save renames a new file into place, which only
/// the folder sees). Files whose folder cannot be watched, and every file when inotify is
/// unavailable or polling is asked for, are polled by `stat` fingerprint instead.
/// A finished write (close after writing, rename into place) settles after `settle`;
/// anything else (create, delete, a polled change) after `debounce`, so a file still
/// being written is not read half-way. The callback runs on the monitor's thread and returns the
/// files to watch from then on (a reload can add or drop files).
final class FileChangeMonitor: Sendable {
    private let inotify: Inotify?
    /// A pipe whose write end wakes the thread from `poll` to stop.
    private let wake: (read: Int32, write: Int32)
    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts watching `files`: changes made after this returns are seen.
    init(files: WatchSet, options: WatchOptions, onChange: @escaping @Sendable () -> WatchSet) {
        inotify = options.mode == .automatic ? Inotify() : nil
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        wake = (ends[0], ends[1])
        let armed = MonitorLoop(files: files, inotify: inotify, timing: options)
        let thread = Thread { [self] in
            ThreadName.set("llmdo-reload")
            var loop = armed
            loop.run(wake: wake.read, stopRequested: stopRequested, onChange: onChange)
            finished.signal()
        }
        thread.start()
    }

    /// Whether inotify is in use (false: every file is polled).
    var usesInotify: Bool { inotify != nil }

    /// Stops the thread and waits for it to finish (at most one callback in progress).
    func stop() {
        guard !stopRequested.exchange(true, ordering: .sequentiallyConsistent) else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        finished.wait()
        close(wake.read)
        close(wake.write)
    }
}

/// The monitor thread's state: which folder each watch covers, and the fingerprints of the
/// files that are polled.
private struct MonitorLoop: Sendable {
    var files: WatchSet
    let inotify: Inotify?
    let timing: WatchOptions
    private var watches: [Int32: String] = [:]
    private var polled: [String: FileFingerprint?] = [:]
    private var deadline: ContinuousClock.Instant?
    private var nextPoll = ContinuousClock.now

    init(files: WatchSet, inotify: Inotify?, timing: WatchOptions) {
        self.files = files
        self.inotify = inotify
        self.timing = timing
        arm()
    }

    mutating func run(wake: Int32, stopRequested: borrowing Atomic<Bool>, onChange: () -> WatchSet) {
        var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        if let inotify { fds.append(pollfd(fd: inotify.descriptor, events: Int16(POLLIN), revents: 0)) }
        while !stopRequested.load(ordering: .sequentiallyConsistent) {
            _ = poll(&fds, nfds_t(fds.count), timeoutMilliseconds())
            if fds.count > 1, fds[1].revents != 0 { readInotify() }
            if !polled.isEmpty, ContinuousClock.now >= nextPoll { pollFiles() }
            if let due = deadline, ContinuousClock.now >= due, !stopRequested.load(ordering: .sequentiallyConsistent) {
                deadline = nil
                let next = onChange()
                if next != files {
                    files = next
                    arm()
                }
            }
        }
    }

    /// Watches every folder the files are in (and no other); polls files no watch covers.
    private mutating func arm() {
        let wanted = files.directories
        for (watch, directory) in watches where !wanted.contains(directory) {
            inotify?.unwatch(watch)
            watches[watch] = nil
        }
        if let inotify {
            let covered = Set(watches.values)
            for directory in wanted.subtracting(covered) {
                if let watch = inotify.watch(directory: directory) { watches[watch] = directory }
            }
        }
        let covered = Set(watches.values)
        var next: [String: FileFingerprint?] = [:]
        for file in files.files where !covered.contains((file as NSString).deletingLastPathComponent) {
            next[file] = polled[file] ?? FileFingerprint(path: file)
        }
        polled = next
    }

    private mutating func readInotify() {
        guard let inotify else { return }
        var rearm = false
        for event in inotify.readEvents() {
            if event.isOverflow {
                noteChange(complete: false)
            } else if event.isWatchGone {
                watches[event.watch] = nil
                rearm = true
            } else if let directory = watches[event.watch], files.files.contains(directory + "/" + event.name) {
                noteChange(complete: event.isComplete)
            }
        }
        // A folder that disappeared is polled (its files count as changed) until it comes back.
        if rearm {
            arm()
            noteChange(complete: false)
        }
    }

    private mutating func pollFiles() {
        nextPoll = ContinuousClock.now + timing.pollInterval
        for (file, known) in polled {
            let now = FileFingerprint(path: file)
            if now != known {
                polled[file] = now
                noteChange(complete: false)
            }
        }
    }

    /// Moves the callback to the end of a quiet period that starts now.
    private mutating func noteChange(complete: Bool) {
        deadline = ContinuousClock.now + (complete ? timing.settle : timing.debounce)
    }

    private func timeoutMilliseconds() -> Int32 {
        var until: ContinuousClock.Instant? = deadline
        if !polled.isEmpty { until = min(until ?? nextPoll, nextPoll) }
        guard let until else { return -1 }
        let remaining = until - ContinuousClock.now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
