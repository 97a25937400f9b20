import { parseConfig } from "../config/config";
import type { PlatformConfig } from "../config/types";
import { rawConfigOfFile, stackConfigWith, writeTempConfig } from "./harness";

// Stack configs for the storage, autoscaling and tenants tests: small, written out in full, so that other
// addons' defaults and requirements (which the committed stacks accumulate) do not leak into them.

/** A minimal EKS stack. */
export function eks(
    environment: "dev" | "prod",
    addons: Record<string, unknown> = {},
    kubernetesVersion = "1.33",
): Record<string, unknown> {
    return {
        "groundwork:environment": environment,
        "groundwork:substrate": "eks",
        "groundwork:cluster": {
            name: "shop",
            kubernetesVersion,
            nodePools: [{ name: "general", size: "m6i.large", min: 1, max: 3, desired: 2 }],
            eks: { region: "eu-west-1", publicEndpoint: false },
        },
        "groundwork:network": { zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
        "groundwork:tls": { issuer: "selfsigned" },
        "groundwork:backups": { enabled: false },
        "groundwork:addons": addons,
    };
}

/** The dev stack's kind cluster turned into a bare-metal cluster without a StorageClass of its own. */
export function bareMetal(environment: "dev" | "prod", addons: Record<string, unknown>): Record<string, unknown> {
    return stackConfigWith("dev", {
        "groundwork:environment": environment,
        "groundwork:cluster": { existing: { defaultStorageClass: null } },
        "groundwork:backups": { enabled: false },
        "groundwork:tls": { issuer: "selfsigned" },
        "groundwork:addons": { tenants: { developers: [], namespaces: [] }, ...addons },
    });
}

/** Parses a stack config map without running the program (config errors only). */
export function parse(config: Record<string, unknown>): PlatformConfig {
    return parseConfig(rawConfigOfFile(writeTempConfig(config)));
}
