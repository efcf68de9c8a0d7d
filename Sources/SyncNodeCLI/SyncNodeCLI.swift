import SyncCore
import SyncNode

/// The command line: parse, run, and map every error to a message on
/// stderr and a documented exit code.
package enum SyncNodeCLI {
    /// Runs one invocation and returns the exit code.
    package static func run(arguments: [String], environment: [String: String]) -> Int32 {
        let output = Output(environment: environment)
        let root = CommandTree.root
        // As git, curl and sqlite3 do: the first argument alone.
        if arguments == ["--version"] || arguments == ["version"] {
            output.print("syncnode \(Version.current) (sync protocol \(ProtocolVersion.number))")
            return ExitCode.success.rawValue
        }
        let parsed: ArgumentParser.Result
        do {
            parsed = try ArgumentParser.parse(arguments, root: root)
        } catch let e as UsageError {
            output.error(HelpRenderer.usageError(e, root: root))
            return ExitCode.usage.rawValue
        } catch {
            output.error("Error: \(error)")
            return ExitCode.usage.rawValue
        }
        switch parsed {
        case .help(let spec, let path):
            output.print(HelpRenderer.help(spec, path: path))
            return ExitCode.success.rawValue
        case .run(let spec, let args):
            if args.flag("quiet") { output.quiet = true }
            if args.flag("json") { output.showsProgress = false }
            let context = CommandContext(environment: environment, output: output)
            do {
                return try spec.run!(args, context).rawValue
            } catch let e as UsageError {
                output.error(HelpRenderer.usageError(e, root: root))
                return ExitCode.usage.rawValue
            } catch {
                let (code, message) = classify(error)
                output.error("Error: \(message)")
                return code.rawValue
            }
        }
    }

    /// The exit code and message for an error from below.
    static func classify(_ error: Error) -> (ExitCode, String) {
        let e = NodeError.wrapping(error)
        switch e.kind {
        case .data: return (.dataError, e.message)
        case .notFound: return (.notFound, e.message)
        case .cannotCreate: return (.cannotCreate, e.message)
        case .busy: return (.busy, e.message)
        case .unavailable: return (.peerFailed, e.message)
        case .failure: return (.failure, e.message)
        }
    }
}
