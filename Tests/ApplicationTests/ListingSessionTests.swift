import Testing
@testable import Application
@testable import Engagement
@testable import EventLog

/// A one-shot `log` lists a large log from its checkpoint's listing alone (who is a member,
/// what was retracted, whose contacts were forgotten), without decoding the state, and
/// lists exactly what a session holding the whole state lists.
@Suite struct ListingSessionTests {
    static let noon = SessionTests.noon

    func session(_ folder: TemporaryFolder, actor: String = "a") -> Session {
        Session(store: FileEventStore(path: folder.path("events.jsonl"), clock: { Self.noon }), actor: actor, clock: { Self.noon },
                snapshots: FileSnapshotStore(beside: folder.path("events.jsonl")))
    }

    /// Every event `session` lists, with its hash, and the marks of the retracted ones.
    static func listed(_ session: Session) throws -> [String] {
        var lines: [String] = []
        try session.forEachEvent { recorded, hash in lines.append("\(recorded.sequence) \(recorded.event.summary()) \(hash)") }
        return lines
    }

    @Test func aListingFromTheCheckpointHoldsNoStateAndListsWhatTheWholeStateLists() throws {
        let folder = TemporaryFolder()
        let store = try SessionTests.log(in: folder, count: 12_000, retractions: [(at: 500, reach: 3), (at: 11_000, reach: 10_000)])
        let full = session(folder)
        try full.catchUp()
        // Records after the checkpoint that leave the listing as it is.
        _ = try store.append((0..<3).map { i in
            DomainEvent.datasetUsed(DatasetUsed(dataset: "d", partner: "late\(i)", round: 1, purpose: "late")).newEvent(actor: "a", at: Self.noon)
        }, expectingLast: 12_000)
        try full.catchUp()

        let listing = session(folder)
        let marks = try #require(try listing.startListing { _ in true }, "listed from the checkpoint")
        #expect(listing.model == Model(), "the state was not read")
        #expect(listing.lastSequence == 12_003)
        #expect(marks.retracted == full.model.retracted && marks.retracted.keys.sorted() == [497, 1_000])
        #expect(marks.members == full.model.members)
        #expect(try Self.listed(listing) == Self.listed(full))
    }

    @Test(arguments: [
        DomainEvent.eventRetracted(EventRetracted(sequence: 42, reason: "wrong")),
        .memberAdded(MemberAdded(user: "omar", role: .reviewer, partner: nil)),
        .contactForgotten(ContactForgotten(partner: "wash", contact: "#2")),
    ])
    func recordsAfterTheCheckpointThatChangeTheListingNeedTheWholeState(_ event: DomainEvent) throws {
        let folder = TemporaryFolder()
        let store = try SessionTests.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        _ = try store.append([event.newEvent(actor: "a", at: Self.noon)], expectingLast: 12_000)
        let listing = session(folder)
        #expect(try listing.startListing { _ in true } == nil)
        // The session is untouched: it starts in full, from the checkpoint.
        try listing.catchUp()
        #expect(listing.lastSequence == 12_001 && listing.model.lastSequence == 12_001)
    }

    @Test func aReaderTheListingDoesNotSatisfyGetsAFullStart() throws {
        let folder = TemporaryFolder()
        _ = try SessionTests.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        let listing = session(folder)
        #expect(try listing.startListing { _ in false } == nil)
        try listing.catchUp()
        #expect(listing.base == 12_000 && listing.model.lastSequence == 12_000)
    }
}
