import * as pulumi from "@pulumi/pulumi";
import { projectName } from "../config/namespaces";
import { capacityFindings } from "../config/capacity";
import type { PlatformConfig, SecretReader } from "../config/types";
import { parseConfig, rawConfigFrom } from "../config/config";

// The only module that reads pulumi.Config: the stack's `groundwork:*` values into config/config.ts's parser,
// secrets handed out as Pulumi secrets.

export interface LoadedConfig {
    readonly config: PlatformConfig;
    readonly secrets: SecretReader;
}

/** Reads this stack's `groundwork:*` config from the Pulumi runtime and validates it. */
export function loadConfig(): LoadedConfig {
    // isConfigSecret is exported by the runtime module but missing from its typings.
    const isSecret: (key: string) => boolean = (pulumi.runtime as any).isConfigSecret ?? (() => false);
    const config = parseConfig(rawConfigFrom(pulumi.runtime.allConfig(), isSecret));
    // What the config cannot decide (a node size the program does not know) is said, not refused.
    for (const warning of capacityFindings(config).warnings) pulumi.log.warn(`[capacity] ${warning}`);
    const pulumiConfig = new pulumi.Config(projectName);
    return { config, secrets: (key: string) => pulumiConfig.requireSecret(key) };
}
