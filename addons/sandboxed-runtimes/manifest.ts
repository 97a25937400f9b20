import { defineAddon } from "../../config/addon-manifest";
import { poolsWithRuntime, runtimeFacts, runtimeNodeLabel } from "../../model/runtimes";
import type { PlatformConfig } from "../../config/types";
import { type SandboxedRuntimesSettings, sandboxedRuntimesSettings } from "./settings";

// Sandboxed runtimes (the company-cluster reference platform): a RuntimeClass per runtime, scheduling its pods only onto nodes that have
// it (a node label) and tolerating the taint such pools may carry. A pod opts in with
// `runtimeClassName: gvisor` (or `wasmedge`). The nodes come from the substrate: nova installs the runtimes
// in its node setup (substrates/nova/runtimes.ts), an existing cluster's operator declares them,
// EKS needs a dedicated pool whose bootstrap installs them; Magnum's node images cannot, so it is refused.

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
                    problems.push(
                        `${at}: expected a runtime that cluster.existing.runtimes declares the nodes have (${declared.join(", ") || "none declared"}), got "${runtime}"`,
                    );
                }
                break;
            }
            case "nova":
                if (poolsWithRuntime(config.cluster.nodePools, runtime).length === 0) {
                    problems.push(
                        `${at}: expected a node pool labelled ${label} (the nova node setup installs ${runtime} there), got none in cluster.nodePools`,
                    );
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
    flows: () => [],
});
