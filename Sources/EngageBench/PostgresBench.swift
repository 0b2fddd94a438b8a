import Engagement
import EventLog
import Foundation
import PostgresLog
import Synchronization

/// `EngageBench --postgres-appends URL --writers N --seconds S`: durable appends per second
/// on a shared log, N writers on separate connections (logins writer1…writerN, each with its
/// name as password and a coordinator of the log), each appending one event a transaction
/// for S seconds. Prints `appends=COUNT seconds=S`.
func postgresAppends(_ arguments: [String]) throws {
    var url = ""
    var writers = 1
    var duration = 5.0
    var rest = arguments[...]
    while let argument = rest.popFirst() {
        switch argument {
        case "--postgres-appends": url = rest.popFirst() ?? ""
        case "--writers": writers = Int(rest.popFirst() ?? "") ?? writers
        case "--seconds": duration = Double(rest.popFirst() ?? "") ?? duration
        default: break
        }
    }
    let base = try PostgresLocation(url: url)
    let seconds = duration
    let now = Timestamp(year: 2026, month: 11, day: 20, hour: 10)!
    let total = Mutex(0)
    let failures = Mutex(0)
    let start = Date()
    DispatchQueue.concurrentPerform(iterations: writers) { index in
        var location = base
        location.user = "writer\(index + 1)"
        let store = PostgresEventStore(location, password: location.user)
        var n = 0
        while Date().timeIntervalSince(start) < seconds {
            n += 1
            let event = DomainEvent.datasetUsed(DatasetUsed(dataset: "wash.water", partner: "wash", round: 1,
                                                            purpose: "planning the response, report \(n) of \(location.user)"))
            do {
                _ = try store.append([event.newEvent(actor: location.user, at: now, audience: .everyone)], expectingLast: nil)
                total.withLock { $0 += 1 }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
    }
    let elapsed = Date().timeIntervalSince(start)
    print("appends=\(total.withLock { $0 }) failures=\(failures.withLock { $0 }) seconds=\(String(format: "%.3f", elapsed))")
}
