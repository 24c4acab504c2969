import Browser
import Express

/// A route that never answers costs the browser its whole time-out (3 s at the prompt, more on
/// a learner's path that asks twice). The app can tell sooner: when the request waits and
/// nothing it has queued (a callback, a database query, a timer due before the browser gives
/// up) could answer it, only another request could, and the tutor's browser sends none while it
/// waits for this one. So the browser stops waiting then, with the time-out's outcome.
extension Tutor {
    /// Tells the browser to ask the app's instances whether its request is hopeless.
    func listenForQuiet() async {
        await browser.setHopeless { [weak self] localPort, horizon in
            await self?.isHopeless(clientPort: localPort, horizon: horizon) ?? false
        }
    }

    /// Whether the request from `clientPort` is waiting on an instance of the running app with
    /// nothing there to answer it within `horizon` seconds; waits until so, or until cancelled
    /// (the answer came).
    func isHopeless(clientPort: Int, horizon: Double) async -> Bool {
        let instances = self.instances
        guard !instances.isEmpty else { return false }
        return await withTaskGroup(of: Bool.self) { group in
            for runtime in instances {
                group.addTask { await runtime.untilQuiet(clientPort: clientPort, horizon: horizon) }
            }
            // The instance that has the request says; the others wait until cancelled.
            for await quiet in group where quiet {
                group.cancelAll()
                return true
            }
            return false
        }
    }
}
