extension Result where Failure == any Error {
    /// Captures an async throwing body's outcome, so cleanup can run before rethrowing.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
