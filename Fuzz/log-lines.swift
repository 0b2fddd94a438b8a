import FuzzEntries

/// libFuzzer's entry for the log-lines fuzzer (scripts/fuzz builds it with -sanitize=fuzzer).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntries.logLines(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}
