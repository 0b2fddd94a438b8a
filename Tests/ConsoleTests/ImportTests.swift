import Foundation
import Testing
@testable import Application
@testable import EventLog
import TestSupport

/// `engage import FILE --log NEW.jsonl`: a file log into a new or empty file log, checked
/// whole first, appearing complete or not at all.
@Suite struct ImportTests {
    typealias E = EngageProcess

    /// The sample log and its key store, copied into `folder` (a checkout leaves the key
    /// store readable by others, which engage refuses).
    static func sample(in folder: E.Folder) throws -> String {
        let sample = folder.path("sample.jsonl")
        try FileManager.default.copyItem(atPath: SampleLogTests.sample, toPath: sample)
        try FileManager.default.copyItem(atPath: SampleLogTests.sample + ".keys", toPath: sample + ".keys")
        chmod(sample + ".keys", 0o600)
        return sample
    }

    /// The files in `folder` whose names start with `prefix`: what an import left there.
    static func left(_ prefix: String, in folder: E.Folder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix(prefix) }.sorted()
    }

    @Test func aFileLogImportedIntoANewFileLogIsByteIdenticalVerifiesAndKeepsItsContacts() throws {
        let folder = E.Folder()
        let sample = try Self.sample(in: folder)
        let imported = try E.run(["import", "sample.jsonl", "--log", "new.jsonl"], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("Imported 656 records and "), "\(imported.stdout)")
        #expect(imported.stdout.contains("contacts' keys from sample.jsonl into new.jsonl; the chain verifies."))
        #expect(FileManager.default.contents(atPath: folder.path("new.jsonl")) == FileManager.default.contents(atPath: sample))
        // The keys went along, private to their owner.
        let keys = try FileKeyStore(beside: folder.path("new.jsonl")).keys()
        let original = try FileKeyStore(beside: sample).keys()
        #expect(!keys.isEmpty && keys == original)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.path("new.jsonl.keys"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let verify = try E.run(["--log", "new.jsonl", "verify"], in: folder)
        #expect(verify.status == 0 && verify.stdout.contains("verify: OK"), "\(verify.stdout)\(verify.stderr)")
        let dossier = try E.run(["--log", "new.jsonl", "--as", "lena", "partner", "show", "id=wash"], in: folder)
        #expect(dossier.stdout.contains("Rania Saleh <rania@wash.example.org>"), "\(dossier.stdout)\(dossier.stderr)")
        // Nothing else was left beside it.
        #expect(try Self.left("new.jsonl", in: folder) == ["new.jsonl", "new.jsonl.keys"])
    }

    /// The check, on two threads, says how far it has come: every byte of the file, once.
    @Test func theImportSaysHowFarItsCheckHasCome() throws {
        let folder = E.Folder()
        let sample = try Self.sample(in: folder)
        let progress = ToldProgress()
        let summary = try LogImport.intoFile(from: sample, to: folder.path("new.jsonl"), progress: progress)
        #expect(summary.records == 656)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: sample)[.size] as? Int)
        #expect(progress.value.began == 1 && progress.value.ended == 1)
        #expect(progress.value.bytes == Int64(size))
    }

    @Test func anEmptyFileLogIsFilledAndTheImportedLogTakesAppends() throws {
        let folder = E.Folder()
        _ = try Self.sample(in: folder)
        folder.write("new.jsonl", "")
        let imported = try E.run(["import", "sample.jsonl", "--log", "new.jsonl"], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        let next = try E.run(["--log", "new.jsonl", "--as", "lena", "-c", "decision text=\"Imported, and going on\""], in: folder,
                             environment: ["ENGAGE_NOW": "2027-06-01T10:00:00Z"])
        #expect(next.status == 0 && next.stdout.hasPrefix("Recorded #657:"), "\(next.stdout)\(next.stderr)")
    }

    @Test func aDamagedFileIsRefusedInOneLineAndNothingIsWritten() throws {
        let folder = E.Folder()
        let sample = try Self.sample(in: folder)
        let original = try String(contentsOfFile: sample, encoding: .utf8).split(separator: "\n").map(String.init)
        var lines = original
        lines[400] = lines[400].replacingOccurrences(of: "\"actor\":\"", with: "\"actor\":\"x")
        folder.write("damaged.jsonl", lines.joined(separator: "\n") + "\n")
        let damaged = try E.run(["import", "damaged.jsonl", "--log", "new.jsonl"], in: folder)
        #expect(damaged.status == 1)
        #expect(damaged.stderr.split(separator: "\n").count == 1 && damaged.stderr.contains("record #401"), "\(damaged.stderr)")
        // A torn last line (no newline), and a file that is not a log at all.
        folder.write("torn.jsonl", original.joined(separator: "\n"))
        let torn = try E.run(["import", "torn.jsonl", "--log", "new.jsonl"], in: folder)
        #expect(torn.status == 1 && torn.stderr.contains("record #656") && torn.stderr.contains("torn"), "\(torn.stderr)")
        folder.write("notes.txt", "not a log\n")
        let notes = try E.run(["import", "notes.txt", "--log", "new.jsonl"], in: folder)
        #expect(notes.status == 1 && notes.stderr.split(separator: "\n").count == 1, "\(notes.stderr)")
        #expect(try Self.left("new.jsonl", in: folder) == [])
    }

    @Test func aTargetThatHoldsRecordsIsRefusedAndKeptAsItWas() throws {
        let folder = E.Folder()
        _ = try Self.sample(in: folder)
        let started = try E.run(["--log", "new.jsonl", "--as", "lena", "-c", "decision text=\"Already here\""], in: folder)
        #expect(started.status == 0, "\(started.stderr)")
        let before = FileManager.default.contents(atPath: folder.path("new.jsonl"))
        let refused = try E.run(["import", "sample.jsonl", "--log", "new.jsonl"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr == "engage: new.jsonl is not empty: a log is imported only into a new or empty one. Nothing was written\n")
        #expect(FileManager.default.contents(atPath: folder.path("new.jsonl")) == before)
        #expect(try Self.left("new.jsonl", in: folder) == ["new.jsonl"])
    }

    @Test func aSymbolicLinkWhereTheLogGoesIsRefusedAndNotFollowed() throws {
        let folder = E.Folder()
        _ = try Self.sample(in: folder)
        // A link planted where the log will go, pointing where the attacker wants it written.
        try FileManager.default.createSymbolicLink(atPath: folder.path("new.jsonl"), withDestinationPath: folder.path("elsewhere.jsonl"))
        let refused = try E.run(["import", "sample.jsonl", "--log", "new.jsonl"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.split(separator: "\n").count == 1 && refused.stderr.contains("is a symbolic link"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("elsewhere.jsonl")))
        #expect(try Self.left("new.jsonl", in: folder) == ["new.jsonl"])
        // Also when the link points at an empty file.
        folder.write("elsewhere.jsonl", "")
        #expect(try E.run(["import", "sample.jsonl", "--log", "new.jsonl"], in: folder).status == 1)
        #expect(folder.read("elsewhere.jsonl").isEmpty)
    }

    @Test func aKeyStoreOthersMayReadStopsTheImportBeforeAnythingIsWritten() throws {
        let folder = E.Folder()
        let sample = try Self.sample(in: folder)
        chmod(sample + ".keys", 0o644)
        let refused = try E.run(["import", "sample.jsonl", "--log", "new.jsonl"], in: folder)
        #expect(refused.status == 1 && refused.stderr.contains("sample.jsonl.keys"), "\(refused.stderr)")
        #expect(try Self.left("new.jsonl", in: folder) == [])
    }
}
