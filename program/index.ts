import * as pulumi from "@pulumi/pulumi";
import { createCluster } from "./cluster";
import { ReferencedCluster } from "./referenced-cluster";
import { Platform } from "./platform";
import { type LoadedConfig, loadConfig } from "./load-config";
import { ConfigError } from "../config/errors";
import { stackOutputs, type StackOutputs } from "./outputs";

/**
 * The whole program: config, then the cluster, then the platform on it. A bad config is refused before
 * any resource is registered, as one message without a stack trace.
 */
export async function groundwork(): Promise<StackOutputs> {
    let loaded: LoadedConfig;
    try {
        loaded = loadConfig();
    } catch (err) {
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
    const { config, secrets } = loaded;
    // stackRole splits the program into two stacks (README "One stack or two"): the cluster half stops
    // after the nodes; the platform half reads the cluster from the cluster stack's outputs.
    const cluster =
        config.stackRole === "platform" ? new ReferencedCluster(config.cluster.name, { config }).handle : createCluster(config, secrets);
    if (config.stackRole === "cluster") return withoutUnset(stackOutputs(config, cluster));
    const platform = new Platform("platform", { config, cluster, secrets });
    return withoutUnset(stackOutputs(config, cluster, platform));
}

/** Optional outputs that are unset are left out, rather than exported as undefined (which Pulumi warns about). */
function withoutUnset<T extends object>(outputs: T): T {
    return Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined)) as T;
}
