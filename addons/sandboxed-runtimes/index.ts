import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { poolsWithRuntime, runtimeFacts, runtimeNodeLabel, runtimeTaintKey, sandboxedRuntime, type SandboxedRuntime } from "../../platform/cluster/runtimes";
import type { PlatformConfig } from "../../config/types";

// Sandboxed runtimes (the company-cluster reference platform): a RuntimeClass per runtime, scheduling its pods only onto nodes that have
// it (a node label) and tolerating the taint such pools may carry. A pod opts in with
// `runtimeClassName: gvisor` (or `wasmedge`). The nodes come from the substrate: nova installs the runtimes
// in its node setup (substrates/nova/runtimes.ts), an existing cluster's operator declares them,
// EKS needs a dedicated pool whose bootstrap installs them; Magnum's node images cannot, so it is refused.

export const sandboxedRuntimesSettings = z.strictObject({
    enabled: z.boolean().describe("Create a RuntimeClass per sandboxed runtime, so pods can opt in with `runtimeClassName`."),
    runtimes: z
        .array(sandboxedRuntime)
        .min(1, { error: "expected at least one runtime (gvisor, wasmedge)" })
        .describe("The runtimes to offer: gvisor (runsc) and/or wasmedge; the substrate's nodes must have them."),
});
export type SandboxedRuntimesSettings = z.infer<typeof sandboxedRuntimesSettings>;

export interface SandboxedRuntimesArgs {
    settings: SandboxedRuntimesSettings;
}

export class SandboxedRuntimes extends pulumi.ComponentResource {
    /** RuntimeClass name per runtime: what a pod puts in `spec.runtimeClassName`. */
    readonly runtimeClassNames: Readonly<Partial<Record<SandboxedRuntime, string>>>;

    constructor(name: string, args: SandboxedRuntimesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:SandboxedRuntimes", name, {}, opts);
        const names: Partial<Record<SandboxedRuntime, string>> = {};
        for (const runtime of new Set(args.settings.runtimes)) {
            new k8s.node.v1.RuntimeClass(
                `${name}-${runtime}`,
                {
                    metadata: { name: runtime, labels: { "app.kubernetes.io/managed-by": "groundwork" } },
                    handler: runtimeFacts[runtime].handler,
                    // The admission controller merges these into every pod that names the class.
                    scheduling: {
                        nodeSelector: { [runtimeNodeLabel(runtime)]: "true" },
                        tolerations: [{ key: runtimeTaintKey(runtime), operator: "Exists", effect: "NoSchedule" }],
                    },
                },
                { parent: this },
            );
            names[runtime] = runtime;
        }
        this.runtimeClassNames = names;
        this.registerOutputs({ runtimeClassNames: this.runtimeClassNames });
    }
}

/** Where the nodes that can run each runtime come from, per substrate. */
export function sandboxedRuntimeProblems(settings: SandboxedRuntimesSettings, config: PlatformConfig): string[] {
    const problems: string[] = [];
    settings.runtimes.forEach((runtime, i) => {
        const at = `addons.sandboxedRuntimes.runtimes[${i}]`;
        const label = `${runtimeNodeLabel(runtime)}: "true"`;
        switch (config.substrate) {
            case "existing": {
                const declared = config.cluster.existing?.runtimes ?? [];
                if (!declared.includes(runtime)) {
                    problems.push(`${at}: expected a runtime that cluster.existing.runtimes declares the nodes have (${declared.join(", ") || "none declared"}), got "${runtime}"`);
                }
                break;
            }
            case "nova":
                if (poolsWithRuntime(config.cluster.nodePools, runtime).length === 0) {
                    problems.push(`${at}: expected a node pool labelled ${label} (the nova node setup installs ${runtime} there), got none in cluster.nodePools`);
                }
                break;
            case "eks":
                if (poolsWithRuntime(config.cluster.nodePools, runtime).length === 0) {
                    problems.push(
                        `${at}: expected a dedicated node pool labelled ${label} whose AMI/bootstrap installs ${runtimeFacts[runtime].handler} (see docs/workload-safety.md) on substrate "eks", got none in cluster.nodePools`,
                    );
                }
                break;
            case "magnum":
                break; // refused by `substrates`: Magnum's node images cannot install sandboxed runtimes
        }
    });
    return problems;
}

export const sandboxedRuntimes = defineAddon({
    key: "sandboxedRuntimes",
    description: "RuntimeClasses for gVisor (runsc) and WasmEdge, scheduled onto the nodes that have them",
    settings: sandboxedRuntimesSettings,
    defaults: {
        dev: { enabled: false, runtimes: ["gvisor"] },
        prod: { enabled: false, runtimes: ["gvisor"] },
    },
    // Not magnum: its node images come from the Magnum driver and cannot be given runsc or a Wasm runtime.
    substrates: ["eks", "nova", "existing"],
    validate: sandboxedRuntimeProblems,
    flows: () => [], // RuntimeClasses only
    create: (name, ctx): SandboxedRuntimes => new SandboxedRuntimes(name, { settings: ctx.settings }, ctx.opts),
});
