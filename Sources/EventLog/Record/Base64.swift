/// Standard base64 (RFC 4648, with padding), for the random bytes records and the key store
/// carry: salts, sealed personal data, keys. Small enough not to need Foundation.
package enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    package static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes; `nil` unless it is padded base64 and nothing else.
    package static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var i = 0
        while i < chars.count {
            let last = i + 4 == chars.count
            let pad = last ? chars[(i + 2)...].filter { $0 == UInt8(ascii: "=") }.count : 0
            if pad == 1, chars[i + 3] != UInt8(ascii: "=") { return nil }
            var quad: [UInt8] = []
            for j in 0..<(4 - pad) {
                let v = values[Int(chars[i + j])]
                guard v != 0xFF else { return nil }
                quad.append(v)
            }
            while quad.count < 4 { quad.append(0) }
            out.append(quad[0] << 2 | quad[1] >> 4)
            if pad < 2 { out.append(quad[1] << 4 | quad[2] >> 2) }
            if pad < 1 { out.append(quad[2] << 6 | quad[3]) }
            i += 4
        }
        return out
    }
}
