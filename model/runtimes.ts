import { z } from "zod";

// Sandboxed container runtimes: which ones the platform knows, the CRI handler each RuntimeClass names,
// and the node label/taint that marks a node able to run it. Pure data, shared by the config rules
// (substrates/*/manifest.ts), the node setup (substrates/nova/runtimes.ts) and the RuntimeClasses
// (addons/sandboxed-runtimes/index.ts), so the three cannot disagree on a name.

export const sandboxedRuntimeNames = ["gvisor", "wasmedge"] as const;
export type SandboxedRuntime = (typeof sandboxedRuntimeNames)[number];
export const sandboxedRuntime = z.enum(sandboxedRuntimeNames);

export interface RuntimeFacts {
    /** The CRI runtime handler: the runtime's name in the CRI-O/containerd config. */
    readonly handler: string;
    /** What the runtime is for, for messages and the docs. */
    readonly summary: string;
}

export const runtimeFacts: Readonly<Record<SandboxedRuntime, RuntimeFacts>> = Object.freeze({
    // gVisor's OCI runtime is runsc; containerd names the runtime "runsc" in its quick start, CRI-O likewise.
    gvisor: { handler: "runsc", summary: "gVisor: a user-space kernel between the container and the host" },
    // The handler is the runtime's key in the CRI config; "wasmedge" by convention (crun built with WasmEdge on CRI-O).
    wasmedge: { handler: "wasmedge", summary: "WasmEdge: WebAssembly modules as containers" },
});

/** The node label a runtime's nodes carry, set "true" by the node pool (or the operator on existing clusters). */
export function runtimeNodeLabel(runtime: SandboxedRuntime): string {
    return `groundwork.io/runtime-${runtime}`;
}

/** Pools may also taint their nodes with this key (NoSchedule) so only sandboxed pods land there; the RuntimeClass tolerates it. */
export function runtimeTaintKey(runtime: SandboxedRuntime): string {
    return runtimeNodeLabel(runtime);
}

/** Node pools whose labels declare the runtime (`groundwork.io/runtime-<name>: "true"`). */
export function poolsWithRuntime<P extends { readonly name: string; readonly labels: Readonly<Record<string, string>> }>(
    pools: readonly P[],
    runtime: SandboxedRuntime,
): P[] {
    return pools.filter((p) => p.labels[runtimeNodeLabel(runtime)] === "true");
}
