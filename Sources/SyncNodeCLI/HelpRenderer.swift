/// Help text in the sections of swift-argument-parser: OVERVIEW, USAGE,
/// ARGUMENTS, OPTIONS, SUBCOMMANDS, and (as in man pages) EXAMPLES last.
enum HelpRenderer {
    static func usageLine(_ spec: CommandSpec, path: [String]) -> String {
        var parts = ["syncnode"] + path
        if !spec.subcommands.isEmpty && spec.run == nil {
            parts.append("<subcommand>")
        } else {
            for a in spec.arguments {
                let n = "<\(a.name)>" + (a.variadic ? " ..." : "")
                parts.append(a.optional ? "[\(n)]" : n)
            }
            if !spec.options.isEmpty { parts.append("[<options>]") }
        }
        return parts.joined(separator: " ")
    }

    static func help(_ spec: CommandSpec, path: [String]) -> String {
        var out = "OVERVIEW: \(spec.abstract)\n"
        if let d = spec.discussion { out += "\n\(d)\n" }
        out += "\nUSAGE: \(usageLine(spec, path: path))\n"
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for a in spec.arguments { out += row("<\(a.name)>", a.help) }
        }
        let options = spec.run == nil && !path.isEmpty ? CommandSpec.commonOptions : spec.allOptions
        out += "\nOPTIONS:\n"
        for o in options {
            var label = "--\(o.name)"
            if let v = o.value { label += " <\(v)>" }
            if let s = o.short { label = "-\(s), " + label }
            out += row(label, o.help + (o.repeatable ? " (May be repeated.)" : ""))
        }
        if !spec.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n"
            for s in spec.subcommands { out += row(s.name, s.abstract) }
            out += "\n  See 'syncnode help \((path + ["<subcommand>"]).joined(separator: " "))' for detailed help.\n"
        }
        if !spec.examples.isEmpty {
            out += "\nEXAMPLES:\n"
            for e in spec.examples { out += "  \(e.command)\n      \(e.explanation)\n" }
        }
        return out
    }

    static func row(_ label: String, _ text: String) -> String {
        let pad = 26
        if label.count + 2 >= pad { return "  \(label)\n" + String(repeating: " ", count: pad) + text + "\n" }
        return "  " + label + String(repeating: " ", count: pad - 2 - label.count) + text + "\n"
    }

    /// The three lines of a usage error.
    static func usageError(_ e: UsageError, root: CommandSpec) -> String {
        var spec = root
        for word in e.command { if let s = spec.subcommand(word) { spec = s } }
        let see = (["syncnode"] + e.command + ["--help"]).joined(separator: " ")
        return "Error: \(e.message)\nUsage: \(usageLine(spec, path: e.command))\n  See '\(see)' for more information."
    }
}
