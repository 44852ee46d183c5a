/// Reads a prompt in the paper's format, `34, 18, 31, 41, 19, 55: -110`, back into a puzzle.
///
/// Spaces and tabs around numbers, commas and the colon are tolerated; anything else that is not
/// an integer is an error that says what and where. At least two numbers are required.
public enum PromptParser {
    public static func parse(_ prompt: String) throws(PuzzleError) -> Puzzle {
        let bytes = Array(prompt.utf8)
        guard let colon = bytes.lastIndex(of: UInt8(ascii: ":")) else {
            throw .malformedPrompt(prompt, reason: "expected ':' before the target")
        }
        var numbers: [Int64] = []
        var fieldStart = 0
        for index in 0...colon where index == colon || bytes[index] == UInt8(ascii: ",") {
            let value = try integer(bytes[fieldStart..<index], prompt: prompt,
                                    what: "number \(numbers.count + 1)")
            numbers.append(value)
            fieldStart = index + 1
        }
        let target = try integer(bytes[(colon + 1)...], prompt: prompt, what: "the target")
        guard numbers.count >= 2 else {
            throw .malformedPrompt(prompt, reason: "a puzzle needs at least 2 numbers, found \(numbers.count)")
        }
        return Puzzle(numbers: numbers, target: target)
    }

    private static func integer(_ field: ArraySlice<UInt8>, prompt: String, what: String) throws(PuzzleError) -> Int64 {
        let blanks: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        var trimmed = field.drop(while: blanks.contains)
        while let last = trimmed.last, blanks.contains(last) { trimmed = trimmed.dropLast() }
        guard !trimmed.isEmpty else {
            throw .malformedPrompt(prompt, reason: "\(what) is empty")
        }
        let text = String(decoding: trimmed, as: UTF8.self)
        let digits = trimmed.first == UInt8(ascii: "-") ? trimmed.dropFirst() : trimmed[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw .malformedPrompt(prompt, reason: "\(what) '\(text.prefix(40))' is not an integer")
        }
        guard let value = Int64(text) else {
            throw .malformedPrompt(prompt, reason: "\(what) '\(text.prefix(40))' does not fit in 64 bits")
        }
        return value
    }
}
