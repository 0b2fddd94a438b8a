import FuzzEntries

/// libFuzzer's entry for the checkpoint fuzzer (scripts/fuzz builds it with -sanitize=fuzzer).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzEntries.checkpoint(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}
