import Foundation
import Testing
@testable import EventLog
import PostgresLog
import TestSupport

/// One key store under test: a fresh, empty one, and a second instance on the same keys
/// (another process).
struct KeyBackend: CustomStringConvertible, Sendable {
    let description: String
    let open: @Sendable () -> Keys

    struct Keys {
        let store: any KeyStore
        let reopened: () -> any KeyStore
        /// Keeps the folder or the database alive as long as the keys are used.
        let owner: AnyObject
    }

    static let file = KeyBackend(description: "file") {
        let log = TestLog()
        return Keys(store: FileKeyStore(beside: log.path), reopened: { FileKeyStore(beside: log.path) }, owner: log)
    }

    static let memory = KeyBackend(description: "memory") {
        let store = MemoryKeyStore()
        return Keys(store: store, reopened: { store }, owner: store)
    }

    /// A database of its own, where `amina` founded the log (so she is its coordinator).
    static let postgres = KeyBackend(description: "postgres") {
        let database = try! TestPostgres.freshLog()
        _ = try! TestPostgres.store(database).append([TestLog.event(1)], expectingLast: 0)
        return Keys(store: PostgresKeyStore(TestPostgres.store(database)),
                    reopened: { PostgresKeyStore(TestPostgres.store(database)) }, owner: database as NSString)
    }

    static var all: [KeyBackend] { [file, memory] + (TestPostgres.available ? [postgres] : []) }
}

@Suite struct KeyStoreConformanceTests {
    static let amina = [UInt8](repeating: 0xA1, count: 32)
    static let jo = [UInt8](repeating: 0x70, count: 32)

    @Test(arguments: KeyBackend.all)
    func aNewStoreHoldsNoKeys(backend: KeyBackend) throws {
        let keys = backend.open()
        #expect(try keys.store.keys().isEmpty)
    }

    @Test(arguments: KeyBackend.all)
    func keptKeysAreReadByAnotherInstance(backend: KeyBackend) throws {
        let keys = backend.open()
        try keys.store.add(KeyStoreConformanceTests.amina, id: "c1")
        try keys.store.add(KeyStoreConformanceTests.jo, id: "c2")
        #expect(try keys.reopened().keys() == ["c1": KeyStoreConformanceTests.amina, "c2": KeyStoreConformanceTests.jo])
    }

    @Test(arguments: KeyBackend.all)
    func aDestroyedKeyIsGoneForEveryInstanceAndTheOthersStay(backend: KeyBackend) throws {
        let keys = backend.open()
        try keys.store.add(KeyStoreConformanceTests.amina, id: "c1")
        try keys.store.add(KeyStoreConformanceTests.jo, id: "c2")
        try keys.reopened().destroy("c1")
        #expect(try keys.store.keys() == ["c2": KeyStoreConformanceTests.jo])
        try keys.store.add(KeyStoreConformanceTests.amina, id: "c3")
        #expect(try keys.reopened().keys() == ["c2": KeyStoreConformanceTests.jo, "c3": KeyStoreConformanceTests.amina])
    }

    @Test(arguments: KeyBackend.all)
    func destroyingAKeyThatIsNotKeptIsNoError(backend: KeyBackend) throws {
        let keys = backend.open()
        try keys.store.destroy("nobody")
        try keys.store.add(KeyStoreConformanceTests.jo, id: "c2")
        try keys.store.destroy("nobody")
        #expect(try keys.store.keys() == ["c2": KeyStoreConformanceTests.jo])
    }
}

/// What only the key file must withstand: other users, and links planted beside the log.
@Suite struct FileKeyStoreTests {
    @Test func theKeyFileIsCreatedReadableByItsOwnerOnly() throws {
        let log = TestLog()
        let keys = FileKeyStore(beside: log.path)
        try keys.add([UInt8](repeating: 1, count: 32), id: "c1")
        let mode = try FileManager.default.attributesOfItem(atPath: keys.path)[.posixPermissions] as! Int
        #expect(mode == 0o600)
    }

    @Test func aLineACrashCutShortDoesNotSwallowTheNextKey() throws {
        let log = TestLog()
        let keys = FileKeyStore(beside: log.path)
        try keys.add([UInt8](repeating: 1, count: 32), id: "c1")
        let torn = try #require(FileHandle(forWritingAtPath: keys.path))
        torn.seekToEndOfFile()
        torn.write(Data("deadbeef AAAA".utf8))
        try torn.close()
        try keys.add([UInt8](repeating: 2, count: 32), id: "c2")
        let kept = try keys.keys()
        #expect(kept["c1"] == [UInt8](repeating: 1, count: 32))
        #expect(kept["c2"] == [UInt8](repeating: 2, count: 32))
    }

    @Test func aKeyFileOthersMayReadIsRefused() throws {
        let log = TestLog()
        let keys = FileKeyStore(beside: log.path)
        try keys.add([UInt8](repeating: 1, count: 32), id: "c1")
        chmod(keys.path, 0o644)
        #expect(throws: StoreError.self) { try keys.keys() }
        #expect(throws: StoreError.self) { try keys.add([UInt8](repeating: 2, count: 32), id: "c2") }
    }

    @Test func aLinkPlantedAtTheKeyPathIsNotFollowed() throws {
        let log = TestLog()
        let target = log.folder.appendingPathComponent("target").path
        try "precious\n".write(toFile: target, atomically: false, encoding: .utf8)
        let keys = FileKeyStore(beside: log.path)
        symlink(target, keys.path)
        #expect(throws: StoreError.self) { try keys.add([UInt8](repeating: 1, count: 32), id: "c1") }
        #expect(throws: StoreError.self) { try keys.keys() }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
    }

    @Test func aDestroyedKeyLeavesNoTraceInTheFile() throws {
        let log = TestLog()
        let keys = FileKeyStore(beside: log.path)
        let secret = (0..<32).map { UInt8($0 * 7 % 256) }
        try keys.add(secret, id: "c1")
        try keys.add([UInt8](repeating: 2, count: 32), id: "c2")
        try keys.destroy("c1")
        let text = try String(contentsOfFile: keys.path, encoding: .utf8)
        #expect(!text.contains(Base64.encode(secret)) && !text.contains("c1"))
        let mode = try FileManager.default.attributesOfItem(atPath: keys.path)[.posixPermissions] as! Int
        #expect(mode == 0o600)
    }

    /// An import keeps its keys before its log appears; when the log cannot appear after
    /// all, only the keys it added go, never one another process kept meanwhile.
    @Test func takingBackAnImportsKeysLeavesTheKeysOthersKept() throws {
        let log = TestLog()
        let keys = FileKeyStore(beside: log.path)
        try keys.add(KeyStoreConformanceTests.amina, id: "c1")
        let added = try keys.addAll(["c1": KeyStoreConformanceTests.amina, "c2": KeyStoreConformanceTests.jo])
        #expect(added == ["c2": KeyStoreConformanceTests.jo])
        try FileKeyStore(beside: log.path).add([UInt8](repeating: 3, count: 32), id: "c3")
        try keys.takeBack(added)
        #expect(try keys.keys() == ["c1": KeyStoreConformanceTests.amina, "c3": [UInt8](repeating: 3, count: 32)])
    }

    @Test func takingBackEveryKeyOfAStoreAnImportCreatedRemovesIt() throws {
        let log = TestLog()
        let keys = FileKeyStore(beside: log.path)
        let added = try keys.addAll(["c1": KeyStoreConformanceTests.amina])
        #expect(FileManager.default.fileExists(atPath: keys.path))
        try keys.takeBack(added)
        #expect(!FileManager.default.fileExists(atPath: keys.path))
        #expect(try keys.keys().isEmpty)
    }

    @Test func base64RoundTripsEveryLength() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(($0 * 37 + n) % 256) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy" && Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("Zm9=v") == nil && Base64.decode("Z!==") == nil)
    }
}
