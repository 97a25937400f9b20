import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { runtimeFacts, runtimeNodeLabel, runtimeTaintKey, type SandboxedRuntime } from "../../model/runtimes";
import { defineComponent } from "../../platform/addon";
import type { SandboxedRuntimesSettings } from "./settings";
import { sandboxedRuntimes } from "./manifest";

// The sandboxed-runtimes ComponentResource; its settings and rules are in ./manifest.ts.

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

export const sandboxedRuntimesComponent = defineComponent(
    sandboxedRuntimes,
    (name, ctx): SandboxedRuntimes => new SandboxedRuntimes(name, { settings: ctx.settings }, ctx.opts),
);
