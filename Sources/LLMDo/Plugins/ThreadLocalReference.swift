import Glibc

/// One object reference per thread (a pthread key): which plugin-thread pool a thread serves,
/// and which plugin call it is running. Unretained: whoever sets a value keeps the object alive
/// and clears the value before letting it go.
final class ThreadLocalReference<Object: AnyObject>: Sendable {
    private let key: pthread_key_t

    init() {
        var key = pthread_key_t()
        // Fails only when the process is out of keys (PTHREAD_KEYS_MAX, 1024): a bug, not input.
        guard pthread_key_create(&key, nil) == 0 else { fatalError("no pthread key left") }
        self.key = key
    }

    /// The current thread's object, or `nil`.
    var value: Object? {
        pthread_getspecific(key).map { Unmanaged<Object>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Sets (or with `nil` clears) the current thread's object.
    func set(_ object: Object?) {
        pthread_setspecific(key, object.map { Unmanaged.passUnretained($0).toOpaque() })
    }
}
