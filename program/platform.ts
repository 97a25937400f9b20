import * as pulumi from "@pulumi/pulumi";
import { addonComponents } from "./addon-components";
import { type AddonInstances } from "../platform/addon";
import { type AddonKey } from "../config/addon-settings";
import type { AddonContext } from "../platform/addon";
import type { ClusterHandle } from "../platform/cluster/handle";
import type { PlatformConfig, SecretReader } from "../config/types";
import { flowTargets, PlatformNetworkPolicies, type NamespaceFlows } from "../platform/network-policies";

// The platform: every enabled addon, created in an order where each one's `requires` and `uses` come
// first, so an addon can take another's typed outputs. Nothing here waits on anything an addon does not
// consume: the dependency edges (and so the deployment waves) come from those outputs alone.

export interface PlatformArgs {
    config: PlatformConfig;
    cluster: ClusterHandle;
    secrets: SecretReader;
}

type AnyDefinition = (typeof addonDefinitions)[number];

export class Platform extends pulumi.ComponentResource {
    readonly addons: Partial<AddonInstances>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:platform:Platform", name, {}, opts);
        const { config, cluster, secrets } = args;
        const addons: Partial<Record<AddonKey, pulumi.Resource>> = {};
        // Children inherit the cluster's provider, which itself waits for the nodes (see ClusterHandle.ready).
        const childOpts: pulumi.ComponentResourceOptions = { parent: this, providers: { kubernetes: cluster.provider } };
        for (const def of creationOrder(config)) {
            const ctx: AddonContext<unknown> = {
                settings: config.addons[def.key],
                config,
                cluster,
                addons: addons as Partial<AddonInstances>,
                secrets,
                opts: childOpts,
            };
            addons[def.key] = (def.create as (name: string, ctx: AddonContext<unknown>) => pulumi.Resource)(kebab(def.key), ctx);
        }
        this.addons = addons as Partial<AddonInstances>;
        const flows = platformFlows(config);
        const addonNamespaces = new Map([...flows].map(([key, f]) => [key, f.map((n) => n.namespace)]));
        new PlatformNetworkPolicies("network-policies", { flows, targets: flowTargets(config, addonNamespaces), addons }, childOpts);
        this.registerOutputs({ addons: Object.keys(addons) });
    }
}

/** Enabled addons, each after the addons it requires or uses; ties keep the registry's order. */
export function creationOrder(config: PlatformConfig): AnyDefinition[] {
    const enabled = addonDefinitions.filter((d) => config.addons[d.key].enabled);
    const byKey = new Map<string, AnyDefinition>(enabled.map((d) => [d.key, d]));
    const ordered: AnyDefinition[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (def: AnyDefinition, trail: string[]) => {
        if (state.get(def.key) === "done") return;
        if (state.get(def.key) === "visiting") throw new Error(`internal: addon dependency cycle ${[...trail, def.key].join(" -> ")}`);
        state.set(def.key, "visiting");
        for (const dep of dependenciesOf(def, config)) {
            const target = byKey.get(dep);
            if (target) visit(target, [...trail, def.key]);
        }
        state.set(def.key, "done");
        ordered.push(def);
    };
    for (const def of enabled) visit(def, []);
    return ordered;
}

/** Every enabled addon's namespaces and flows (its `flows` declaration), by key. */
export function platformFlows(config: PlatformConfig): Map<AddonKey, readonly NamespaceFlows[]> {
    const flows = new Map<AddonKey, readonly NamespaceFlows[]>();
    for (const def of creationOrder(config)) {
        const declare = def.flows as (settings: unknown, config: PlatformConfig) => readonly NamespaceFlows[];
        flows.set(def.key, declare(config.addons[def.key], config));
    }
    return flows;
}

function dependenciesOf(def: AnyDefinition, config: PlatformConfig): readonly string[] {
    const settings = config.addons[def.key] as never;
    const required = (def as { requires?: (s: never, c: PlatformConfig) => readonly string[] }).requires?.(settings, config) ?? [];
    const used = (def as { uses?: readonly string[] }).uses ?? [];
    return [...required, ...used];
}

/** certManager -> cert-manager: the Pulumi name of an addon's component. */
export function kebab(key: string): string {
    return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
