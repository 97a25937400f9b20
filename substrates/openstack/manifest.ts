import type { PlatformConfig } from "../../config/types";
import { flavorMessage, flavorPattern } from "./settings";

/** `path: expected …` when a control-plane (etcd) member count is even, or a single node in prod. */
export function controlPlaneCountProblems(path: string, count: number, environment: PlatformConfig["environment"]): string[] {
    if (count !== 1 && (count < 3 || count % 2 === 0)) {
        return [`${path}: expected 1 or an odd number of at least 3 (etcd needs a majority of its members), got ${count}`];
    }
    if (environment === "prod" && count === 1) {
        return [`${path}: expected 3 or more in prod (a highly available control plane), got 1`];
    }
    return [];
}

/** Node pool sizes must be flavor names on OpenStack; the generic schema only asks for a string. */
export function poolFlavorProblems(config: PlatformConfig): string[] {
    return config.cluster.nodePools.flatMap((pool, i) =>
        flavorPattern.test(pool.size) ? [] : [`cluster.nodePools[${i}].size: ${flavorMessage}, got ${JSON.stringify(pool.size)}`],
    );
}

/** Both substrates need at least one worker pool to run the platform on. */
export function poolPresenceProblems(config: PlatformConfig): string[] {
    return config.cluster.nodePools.length === 0
        ? [`cluster.nodePools: expected at least one worker pool on substrate "${config.substrate}", got an empty list`]
        : [];
}
