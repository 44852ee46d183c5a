import JSONDocument

/// Typed access to the members of a JSON configuration object that remembers which keys were
/// read, so that the caller can refuse every key it did not understand.
struct ConfigurationReader {
    let file: String
    let members: JSONObject
    private(set) var consumed: Set<String> = []

    init(_ value: JSONValue, file: String) throws(CheckpointError) {
        guard case let .object(members) = value else {
            throw .malformedFile(file: file, reason: "the top level is not a JSON object")
        }
        self.file = file
        self.members = members
    }

    /// The value of `key`, treating JSON null as absent.
    mutating func value(_ key: String) -> JSONValue? {
        consumed.insert(key)
        guard let value = members[key], !value.isNull else { return nil }
        return value
    }

    /// An integer in `minimum...maximum`; the default bound keeps products of sizes far from overflow.
    mutating func integer(
        _ key: String, default fallback: Int?, minimum: Int = 0, maximum: Int = 1 << 31
    ) throws(CheckpointError) -> Int? {
        guard let value = value(key) else { return fallback }
        guard let number = value.integer, number >= minimum, number <= maximum else {
            throw .invalidConfiguration(file: file, key: key, reason: "\(value) is not an integer in \(minimum)...\(maximum)")
        }
        return number
    }

    mutating func number(_ key: String, default fallback: Double) throws(CheckpointError) -> Double {
        guard let value = value(key) else { return fallback }
        guard case let .number(number) = value else {
            throw .invalidConfiguration(file: file, key: key, reason: "\(value) is not a number")
        }
        return number.double
    }

    mutating func bool(_ key: String, default fallback: Bool) throws(CheckpointError) -> Bool {
        guard let value = value(key) else { return fallback }
        guard case let .bool(flag) = value else {
            throw .invalidConfiguration(file: file, key: key, reason: "\(value) is not true or false")
        }
        return flag
    }

    mutating func string(_ key: String) throws(CheckpointError) -> String? {
        guard let value = value(key) else { return nil }
        guard case let .string(text) = value else {
            throw .invalidConfiguration(file: file, key: key, reason: "\(value) is not a string")
        }
        return text
    }

    /// An integer or a list of integers (token ids such as `eos_token_id`); `fallback` when the
    /// key is absent, empty when it is null.
    mutating func integers(_ key: String, default fallback: [Int]) throws(CheckpointError) -> [Int] {
        guard members[key] != nil else {
            consumed.insert(key)
            return fallback
        }
        guard let value = value(key) else { return [] }
        if let number = value.integer { return [number] }
        if case let .array(items) = value {
            let numbers = items.compactMap(\.integer)
            if numbers.count == items.count { return numbers }
        }
        throw .invalidConfiguration(file: file, key: key, reason: "\(value) is neither an integer nor a list of integers")
    }

    /// Refuses `key` unless it is absent, null, or equal to `allowed`.
    mutating func require(_ key: String, in allowed: [JSONValue]) throws(CheckpointError) {
        guard let value = value(key) else { return }
        guard allowed.contains(value) else {
            throw .unsupportedConfiguration(file: file, key: key, value: value.description)
        }
    }

    /// Marks keys whose values do not affect inference as read.
    mutating func ignore(_ keys: [String]) {
        consumed.formUnion(keys)
    }

    /// Throws for the first (alphabetically) key that was never read.
    func refuseUnknownKeys() throws(CheckpointError) {
        if let key = members.keys.filter({ !consumed.contains($0) }).sorted().first, let value = members[key] {
            throw .unsupportedConfiguration(file: file, key: key, value: value.description)
        }
    }
}
