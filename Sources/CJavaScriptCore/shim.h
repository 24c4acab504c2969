#ifndef CRUMBS_CJAVASCRIPTCORE_SHIM_H
#define CRUMBS_CJAVASCRIPTCORE_SHIM_H
#include <JavaScriptCore/JavaScript.h>

/* Exported by libjavascriptcoregtk-4.1 but declared only in the private header
   JSContextRefPrivate.h, which Debian does not ship. */
typedef bool (*JSShouldTerminateCallback)(JSContextRef ctx, void *context);
JS_EXPORT void JSContextGroupSetExecutionTimeLimit(JSContextGroupRef group, double limit,
    JSShouldTerminateCallback callback, void *context);
JS_EXPORT void JSContextGroupClearExecutionTimeLimit(JSContextGroupRef group);

/* Exported too, declared in JSBasePrivate.h: the heap's size and object counts. */
JS_EXPORT JSObjectRef JSGetMemoryUsageStatistics(JSContextRef ctx);
JS_EXPORT void JSSynchronousGarbageCollectForDebugging(JSContextRef ctx);

/* Exported, declared in JSHeapFinalizerPrivate.h: called at the end of each garbage collection. */
typedef void (*JSHeapFinalizer)(JSContextGroupRef group, void *userData);
JS_EXPORT void JSContextGroupAddHeapFinalizer(JSContextGroupRef group, JSHeapFinalizer finalizer, void *userData);
JS_EXPORT void JSContextGroupRemoveHeapFinalizer(JSContextGroupRef group, JSHeapFinalizer finalizer, void *userData);

/* Exported, declared in JSContextRefPrivate.h: `function(promise, reason)` is called for each
   promise rejected with no handler at the end of a microtask checkpoint. */
JS_EXPORT void JSGlobalContextSetUnhandledRejectionCallback(JSGlobalContextRef ctx, JSObjectRef function,
    JSValueRef *exception);

/* Exported, declared in JSContextRefPrivate.h: JavaScriptCore's sampling profiler, whose samples
   come back as JSON (`bench/js-profile` reads them). */
JS_EXPORT bool JSContextGroupEnableSamplingProfiler(JSContextGroupRef group);
JS_EXPORT JSStringRef JSContextGroupTakeSamplesFromSamplingProfiler(JSContextGroupRef group);

/* Exported, declared in JSContextRefPrivate.h: whether an exception that reaches the C API is
   reported to the (remote) inspector with the native stack above it. Collecting that stack
   resolves the name of every frame with dladdr, on every exception. */
JS_EXPORT void JSGlobalContextSetIncludesNativeCallStackWhenReportingExceptions(JSGlobalContextRef ctx,
    bool includesNativeCallStack);
JS_EXPORT bool JSGlobalContextGetIncludesNativeCallStackWhenReportingExceptions(JSGlobalContextRef ctx);
#endif
