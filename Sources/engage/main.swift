import Console

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(Engage.main(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.current))
