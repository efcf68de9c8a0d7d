import FoundationEssentials
import Glibc
import SyncNodeCLI

// Parse, run, exit with the documented code. All logic lives in SyncNodeCLI.
let code = SyncNodeCLI.run(arguments: Array(CommandLine.arguments.dropFirst()),
                           environment: ProcessInfo.processInfo.environment)
exit(code)
