/// One kind of event: its name and schema version in the log, and its payload codec.
///
/// Members are written in the order `encode` sets them, and `init(from:)` reads them in
/// the same order, which is what keeps the byte-level reader on its fast path.
package protocol EventPayload: Equatable, Sendable {
    static var type: String { get }
    static var version: Int { get }
    init(from payload: inout PayloadReader) throws(PayloadError)
    func encode(into payload: inout PayloadBuilder)
}
