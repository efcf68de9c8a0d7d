/// Finds the command in the tree and checks the options and positionals
/// against its spec. Pure: no I/O.
enum ArgumentParser {
    enum Result {
        case run(CommandSpec, ParsedArguments)
        case help(CommandSpec, [String])
    }

    static func parse(_ argv: [String], root: CommandSpec) throws -> Result {
        var spec = root
        var path: [String] = []
        var rest = argv[...]
        var global: [String] = []
        // Walk down the command tree; options every command takes (--home)
        // may come before the command name, as in `syncnode --home DIR list`.
        while let first = rest.first {
            if first.hasPrefix("--home") {
                global.append(first)
                rest = rest.dropFirst()
                if first == "--home", let value = rest.first {
                    global.append(value)
                    rest = rest.dropFirst()
                }
                continue
            }
            guard !first.hasPrefix("-"), let sub = spec.subcommand(first) else { break }
            spec = sub
            path.append(first)
            rest = rest.dropFirst()
        }
        rest = (Array(rest) + global)[...]
        // `syncnode help [command...]`
        if path == ["help"] {
            var target = root
            var tpath: [String] = []
            for word in rest {
                guard let sub = target.subcommand(word) else {
                    throw UsageError(message: "Unknown command '\(word)'\(suggestion(word, target.subcommands.map(\.name)))", command: tpath)
                }
                target = sub
                tpath.append(word)
            }
            return .help(target, tpath)
        }
        var parsed = ParsedArguments(command: path)
        var onlyPositionals = false
        while let token = rest.first {
            rest = rest.dropFirst()
            if onlyPositionals || !token.hasPrefix("-") || token == "-" {
                parsed.positionals.append(token)
                continue
            }
            if token == "--" { onlyPositionals = true; continue }
            var name: String
            var inline: String?
            if token.hasPrefix("--") {
                name = String(token.dropFirst(2))
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
            } else {
                guard token.count == 2, let opt = spec.allOptions.first(where: { $0.short == token.last }) else {
                    throw UsageError(message: "Unknown option '\(token)'", command: path)
                }
                name = opt.name
            }
            if name == "help" { return .help(spec, path) }
            guard let opt = spec.allOptions.first(where: { $0.name == name }) else {
                throw UsageError(message: "Unknown option '--\(name)'\(suggestion(name, spec.allOptions.map(\.name), prefix: "--"))", command: path)
            }
            if opt.value == nil {
                if inline != nil { throw UsageError(message: "Option '--\(name)' takes no value", command: path) }
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inline { value = inline } else {
                guard let next = rest.first else {
                    throw UsageError(message: "Missing value for '--\(name) <\(opt.value!)>'", command: path)
                }
                value = next
                rest = rest.dropFirst()
            }
            if parsed.options[name] != nil && !opt.repeatable {
                throw UsageError(message: "Option '--\(name)' given more than once", command: path)
            }
            parsed.options[name, default: []].append(value)
        }
        if spec.run == nil {
            if let word = parsed.positionals.first {
                throw UsageError(message: "Unknown command '\(word)'\(suggestion(word, spec.subcommands.map(\.name)))", command: path)
            }
            if path.isEmpty { return .help(spec, path) }
            throw UsageError(message: "Missing subcommand: one of \(spec.subcommands.map(\.name).joined(separator: ", "))", command: path)
        }
        let required = spec.arguments.filter { !$0.optional }.count
        if parsed.positionals.count < required {
            let missing = spec.arguments[parsed.positionals.count]
            throw UsageError(message: "Missing expected argument '<\(missing.name)>'", command: path)
        }
        if !spec.arguments.contains(where: \.variadic) && parsed.positionals.count > spec.arguments.count {
            throw UsageError(message: "Unexpected argument '\(parsed.positionals[spec.arguments.count])'", command: path)
        }
        return .run(spec, parsed)
    }

    /// ", did you mean 'x'?" when a known word is one or two edits away.
    static func suggestion(_ word: String, _ known: [String], prefix: String = "") -> String {
        let best = known.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= 2 else { return "" }
        return "\nDid you mean '\(prefix)\(best.0)'?"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
