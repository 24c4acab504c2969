import Express
import Foundation

/// The stores of an app that runs as several instances: each has its own MemoryStore (its own
/// memory), while a store outside the process (one SQLite file's table) is one store they share.
extension Tutor {
    /// What makes two instances' stores one: the same table of the same SQLite file. A
    /// MemoryStore, or an in-memory SQLite database, belongs to its instance alone.
    static func storeKey(_ store: SessionStore, instance: Int, index: Int) -> String {
        if case .sqlite(_, let file?, let table) = store.kind { return "sqlite \(file.standardizedFileURL.path) \(table)" }
        return "instance \(instance) store \(index)"
    }

    /// Every store of the running app once: a SQLite file the instances share counts once.
    var distinctStores: [SessionStore] {
        var seen: Set<String> = []
        var stores: [SessionStore] = []
        for (instance, runtime) in instances.enumerated() {
            for (index, store) in runtime.stores.all.enumerated() where seen.insert(Self.storeKey(store, instance: instance, index: index)).inserted {
                stores.append(store)
            }
        }
        return stores
    }

    /// Whether the app runs as several instances that keep their sessions in one shared store
    /// (and in no store of their own).
    var storesShared: Bool {
        let running = instances
        guard running.count > 1 else { return false }
        let keys = running.enumerated().map { instance, runtime in
            Set(runtime.stores.all.enumerated().map { Self.storeKey($1, instance: instance, index: $0) })
        }
        guard let first = keys.first, !first.isEmpty else { return false }
        return keys.allSatisfy { $0 == first }
    }

    /// What an instance's own stores are called in its panel group: "MemoryStore", …
    static func storeKindName(_ stores: [SessionStore]) -> String {
        let names = stores.map { store -> String in
            switch store.kind {
            case .memory: "MemoryStore"
            case .sqlite(let name, let file, _): file == nil ? "SQLite (in memory)" : "SQLite \(name)"
            }
        }
        return names.isEmpty ? "no store" : names.joined(separator: " + ")
    }

    /// Each instance's sessions, for the store panel when the instances keep their own.
    func instanceSessions() -> [[SessionStore.Entry]] {
        instances.map { $0.stores.sessions }
    }
}
