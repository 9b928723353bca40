import Testing

/// Runs a test, or every test of a suite, through ``OffPool``: for tests that hold their thread
/// for long (waiting for processes, checking thousands of cases), so that they do not starve
/// the tests running beside them on the cooperative pool.
public struct OffPoolTrait: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await OffPool.run(function)
    }
}

extension Trait where Self == OffPoolTrait {
    /// Runs the test (or the suite's tests) outside the cooperative pool; see ``OffPool``.
    public static var offPool: Self { OffPoolTrait() }
}
