import Foundation
import JavaScript
import Postgres

/// The `pg` module's queries: started from JavaScript, run on postgres-nio while the app goes on
/// serving, and completed on the app's executor, as a Node socket's data event would.
extension ExpressRuntime {
    /// Starts a query on pool `id`; `crumbs.pgDone(call, outcome)` receives its results or error.
    /// While it runs no JavaScript does, so the request waiting for it is not stuck.
    func startQuery(pool id: Int, text: String, parameters: [String?], call: Int, requestID: Int) {
        guard !stopped else { return }
        hostOperations += 1
        switch postgres.entry(id) {
        case .pool(let pool)?:
            Task { [weak self] in
                let outcome = await pool.query(text, parameters: parameters)
                await self?.finishQuery(call: call, outcome: outcome, config: pool.config, requestID: requestID)
            }
        case .invalid(let failure)?:
            Task { [weak self] in await self?.finish(call: call, outcome: "{\"error\":\(failure.json)}") }
        case nil:
            Task { [weak self] in await self?.finish(call: call, outcome: "{\"error\":\(PGFailure.poolEnded.json)}") }
        }
    }

    /// pg-pool's `end()` on pool `id`; `crumbs.pgDone(call, "{}")` follows.
    func endPool(_ id: Int, call: Int) {
        guard !stopped else { return }
        hostOperations += 1
        let pool: PGPool? = if case .pool(let p)? = postgres.entry(id) { p } else { nil }
        Task { [weak self] in
            await pool?.end()
            await self?.finish(call: call, outcome: "{}")
        }
    }

    func finishQuery(call: Int, outcome: Result<[PGResult], PGFailure>, config: PGConfig, requestID: Int) {
        switch outcome {
        case .success(let results):
            finish(call: call, outcome: "{\"results\":[" + results.map(\.json).joined(separator: ",") + "]}")
        case .failure(let failure):
            // The error stays node-postgres's; what to do about it is crumbs' note beside it.
            if !stopped, let note = postgres.note(for: failure, config: config) {
                events.append(ServerEvent(kind: .note, text: "pg: " + note, requestID: requestID))
            }
            finish(call: call, outcome: "{\"error\":\(failure.json)}")
        }
    }

    func finish(call: Int, outcome: String) {
        hostOperations -= 1
        guard !stopped else { return }
        run(origin: "A PostgreSQL query callback") {
            _ = try crumbs.invoke("pgDone", [js.number(Double(call)), js.string(outcome)])
        }
    }
}
