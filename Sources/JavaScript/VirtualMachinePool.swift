import CJavaScriptCore
import Synchronization

/// JavaScriptCore virtual machines (context groups) kept for the next context after theirs
/// ended. Making a VM and ending it cost about a millisecond each, and a VM keeps the bytecode it
/// compiled for a source text (its code cache): crumbs' own JavaScript, compiled anew in every
/// fresh VM (about 5 ms), is found there by the next app, which starts in a fraction of that.
/// Lint and the tutor start an app for every step.
///
/// A VM is used by one context at a time, so apps still have a VM, a time limit and a job queue
/// each while they run. One goes back only when nothing of its last context can run again: the
/// context drained its own promise jobs (`JSContext+Jobs.swift`) and nothing it made is held by
/// the VM's roots; its objects are then garbage, collected with the next app's.
final class VirtualMachinePool: Sendable {
    /// A VM, with a function of a global of its own that does nothing: a context that ends hands
    /// it its unhandled-rejection callback (JavaScriptCore holds that function as a root, which
    /// would keep the ended context's global alive, and has no way to clear it).
    struct VirtualMachine: @unchecked Sendable {
        let group: JSContextGroupRef
        private let blank: JSGlobalContextRef
        let nothing: JSObjectRef

        /// A new VM.
        init() {
            group = JSContextGroupCreate()!
            blank = JSGlobalContextCreateInGroup(group, nil)
            nothing = JSObjectMakeFunctionWithCallback(blank, nil) { context, _, _, _, _, _ in JSValueMakeUndefined(context) }!
            JSValueProtect(blank, nothing)
        }

        /// Ends the VM (once no other context uses it).
        func end() {
            JSValueUnprotect(blank, nothing)
            JSGlobalContextRelease(blank)
            JSContextGroupRelease(group)
        }
    }

    /// The VMs waiting, each with the jobs' drain-later scope still held. (A VM is safe to hand
    /// between threads while no context uses it.)
    private let idle = Mutex<[VirtualMachine]>([])
    /// How many VMs wait at most (the tutor needs one; lint walks four paths at once, each with
    /// an app and the next one starting: it makes about 10 VMs a run and ends none. Walking
    /// twelve paths at once with four kept, it made 47 and ended 40).
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// How many VMs wait.
    var count: Int { idle.withLock { $0.count } }

    static let shared = VirtualMachinePool(capacity: 8)

    /// A VM no context uses, and whether an earlier context used it; or a new one.
    func take() -> (vm: VirtualMachine, reused: Bool) {
        if let kept = idle.withLock({ $0.popLast() }) { return (kept, true) }
        return (VirtualMachine(), false)
    }

    /// Keeps a VM whose last context has ended cleanly, or ends it when enough wait.
    func give(_ vm: VirtualMachine) {
        let kept = idle.withLock { idle -> Bool in
            guard idle.count < capacity else { return false }
            idle.append(vm)
            return true
        }
        if !kept { vm.end() }
    }
}
