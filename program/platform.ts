import * as pulumi from "@pulumi/pulumi";
import { creationOrder, platformFlows } from "../config/addon-order";
import { kebab } from "../model/names";
import type { AddonKey } from "../config/addon-settings";
import type { AddonContext, AddonInstances } from "../platform/addon";
import { addonComponents } from "./addon-components";
import type { ClusterHandle } from "../platform/cluster/handle";
import type { PlatformConfig, SecretReader } from "../config/types";
import { flowTargets, PlatformNetworkPolicies } from "../platform/network-policies";

// The platform: every enabled addon, created in an order where each one's `requires` and `uses` come
// first, so an addon can take another's typed outputs. Nothing here waits on anything an addon does not
// consume: the dependency edges (and so the deployment waves) come from those outputs alone.

export interface PlatformArgs {
    config: PlatformConfig;
    cluster: ClusterHandle;
    secrets: SecretReader;
}

export class Platform extends pulumi.ComponentResource {
    readonly addons: Partial<AddonInstances>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:platform:Platform", name, {}, opts);
        const { config, cluster, secrets } = args;
        const addons: Partial<Record<AddonKey, pulumi.Resource>> = {};
        // Children inherit the cluster's provider, which itself waits for the nodes (see ClusterHandle.ready).
        const childOpts: pulumi.ComponentResourceOptions = { parent: this, providers: { kubernetes: cluster.provider } };
        const components = new Map<string, (typeof addonComponents)[number]>(addonComponents.map((c) => [c.manifest.key, c]));
        for (const manifest of creationOrder(config)) {
            const def = components.get(manifest.key)!;
            const key = manifest.key;
            const ctx: AddonContext<unknown> = {
                settings: config.addons[key],
                config,
                cluster,
                addons: addons as Partial<AddonInstances>,
                secrets,
                opts: childOpts,
            };
            addons[key] = (def.create as (name: string, ctx: AddonContext<unknown>) => pulumi.Resource)(kebab(key), ctx);
        }
        this.addons = addons as Partial<AddonInstances>;
        const flows = platformFlows(config);
        const addonNamespaces = new Map([...flows].map(([key, f]) => [key, f.map((n) => n.namespace)]));
        new PlatformNetworkPolicies("network-policies", { flows, targets: flowTargets(config, addonNamespaces), addons }, childOpts);
        this.registerOutputs({ addons: Object.keys(addons) });
    }
}
