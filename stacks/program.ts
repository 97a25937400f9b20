import * as pulumi from "@pulumi/pulumi";
import { createCluster } from "../components/cluster";
import { Platform } from "../components/platform";
import { loadConfig } from "./config";
import { ConfigError } from "./errors";
import { stackOutputs, type StackOutputs } from "./outputs";

/**
 * The whole program: config, then the cluster, then the platform on it. A bad config is refused before
 * any resource is registered, as one message without a stack trace.
 */
export async function groundwork(): Promise<StackOutputs> {
    let loaded;
    try {
        loaded = loadConfig();
    } catch (err) {
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
    const { config, secrets } = loaded;
    const cluster = createCluster(config, secrets);
    const platform = new Platform("platform", { config, cluster, secrets });
    return stackOutputs(config, cluster, platform);
}
