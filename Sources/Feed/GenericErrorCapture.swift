internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Catches what libxml2 writes to its generic error channel while it works on one document, so none of it reaches
/// stderr and the parser can list it among the document's errors.
///
/// The structured handler on the SAX table receives the parser's own errors, but libxml2 reports some problems
/// without a parser context: failures of its encoders ("encoding error : input conversion failed due to input
/// error", "I/O error : encoder error") and lines it prints directly ("xmlParseChunk: encoder error"). Those go to
/// the generic error function, whose default writes to the `FILE` stream held in the generic error context, or to
/// stderr when there is none. Both settings live in libxml2's per-thread state, so ``run(_:)`` points them at an
/// in-memory stream of this document for the length of one call and puts back what was there: other threads and
/// other documents are not affected, and a parser pushed from different threads over its life still works.
final class GenericErrorCapture {
    /// Where `open_memstream` keeps the address and size of its buffer; they must stay put while the stream lives.
    private let bufferSlot: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let sizeSlot: UnsafeMutablePointer<Int>
    private var stream: UnsafeMutablePointer<FILE>?

    init() {
        bufferSlot = .allocate(capacity: 1)
        bufferSlot.initialize(to: nil)
        sizeSlot = .allocate(capacity: 1)
        sizeSlot.initialize(to: 0)
    }

    deinit {
        _ = drain()
        bufferSlot.deallocate()
        sizeSlot.deallocate()
    }

    /// Runs `body`, which calls into libxml2, with the generic error channel writing into this capture.
    func run<Result>(_ body: () -> Result) -> Result {
        if stream == nil { stream = open_memstream(bufferSlot, sizeSlot) }
        guard let stream, let contextSlot = __xmlGenericErrorContext(), let functionSlot = __xmlGenericError() else {
            return body()
        }
        let savedContext = contextSlot.pointee
        let savedFunction = functionSlot.pointee
        // A nil function selects libxml2's default, which writes to the context as a `FILE *`.
        xmlSetGenericErrorFunc(UnsafeMutableRawPointer(stream), nil)
        defer {
            contextSlot.pointee = savedContext
            functionSlot.pointee = savedFunction
        }
        return body()
    }

    /// The distinct non-empty lines written so far, in order; empties the capture.
    func drain() -> [String] {
        guard let stream else { return [] }
        fclose(stream)
        self.stream = nil
        guard let buffer = bufferSlot.pointee else { return [] }
        let text = String(decoding: UnsafeRawBufferPointer(start: buffer, count: sizeSlot.pointee), as: UTF8.self)
        free(buffer)
        bufferSlot.pointee = nil
        sizeSlot.pointee = 0
        var lines: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = PlainText.collapse(String(line))
            if !trimmed.isEmpty, !lines.contains(trimmed) { lines.append(trimmed) }
        }
        return lines
    }
}
