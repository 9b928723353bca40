/// Escapes text for XML and HTML: element content and attribute values alike.
///
/// Characters that XML 1.0 forbids (most C0 controls, lone surrogates cannot occur in a Swift
/// string) are dropped, so no feed title can make the digest feed ill-formed.
enum XMLText {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xfffe || scalar.value == 0xffff { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
