import { createHash } from "node:crypto";
import type { PlatformConfig } from "../../config/types";
import { nodeGroupLabels, templateLabels } from "./labels";

// The Magnum resources as plain data, computed from the config alone: the component turns it into
// resources, and the replacement guard fingerprints its immutable parts. One source for both, so the
// guard can never check something other than what is deployed.

export interface TemplateSpec {
    readonly name: string;
    readonly coe: "kubernetes";
    readonly serverType: "vm";
    readonly image: string;
    readonly masterFlavor: string;
    readonly flavor: string;
    readonly networkDriver: string;
    readonly volumeDriver: "cinder";
    readonly masterLbEnabled: boolean;
    readonly floatingIpEnabled: boolean;
    readonly externalNetworkId: string;
    readonly fixedNetwork?: string;
    readonly fixedSubnet?: string;
    readonly dnsNameserver?: string;
    readonly keypairId?: string;
    readonly labels: Readonly<Record<string, string>>;
}

export interface ClusterSpec {
    readonly name: string;
    readonly masterCount: number;
    readonly masterFlavor: string;
    readonly flavor: string;
    readonly nodeCount: number;
    readonly keypair?: string;
    readonly fixedNetwork?: string;
    readonly fixedSubnet?: string;
    readonly floatingIpEnabled: boolean;
    /** Magnum's own create timeout, minutes. */
    readonly createTimeout: number;
}

export interface NodeGroupSpec {
    readonly pool: string;
    readonly name: string;
    readonly role: string;
    readonly flavorId: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly mergeLabels: boolean;
    readonly minNodeCount: number;
    readonly maxNodeCount: number;
    readonly nodeCount: number;
}

export interface MagnumSpec {
    readonly template: TemplateSpec;
    readonly cluster: ClusterSpec;
    readonly nodeGroups: readonly NodeGroupSpec[];
}

/** JSON with sorted keys, then the first 8 hex digits of its SHA-256: stable across runs and machines. */
export function shortHash(value: unknown): string {
    const stable = (v: unknown): unknown =>
        Array.isArray(v)
            ? v.map(stable)
            : v && typeof v === "object"
              ? Object.fromEntries(
                    Object.keys(v as object)
                        .sort()
                        .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
                )
              : v;
    return createHash("sha256")
        .update(JSON.stringify(stable(value)))
        .digest("hex")
        .slice(0, 8);
}

/** 1 in dev, 3 in prod, unless the config says. */
export function masterCountOf(config: PlatformConfig): number {
    return config.cluster.magnum?.masterCount ?? (config.environment === "prod" ? 3 : 1);
}

export function magnumSpec(config: PlatformConfig): MagnumSpec {
    const magnum = config.cluster.magnum!;
    const [defaultPool, ...extraPools] = config.cluster.nodePools;
    const content = {
        coe: "kubernetes" as const,
        serverType: "vm" as const,
        image: magnum.image,
        masterFlavor: magnum.masterFlavor,
        flavor: defaultPool.size,
        networkDriver: magnum.networkDriver,
        volumeDriver: "cinder" as const,
        masterLbEnabled: magnum.masterLoadBalancer,
        floatingIpEnabled: magnum.nodeFloatingIps,
        externalNetworkId: magnum.externalNetwork,
        fixedNetwork: magnum.network?.fixedNetwork,
        fixedSubnet: magnum.network?.fixedSubnet,
        dnsNameserver: magnum.dnsNameservers.length ? magnum.dnsNameservers.join(",") : undefined,
        keypairId: magnum.keypair,
        labels: templateLabels(config),
    };
    // A template is never edited (Magnum refuses to patch a template a cluster uses): any change is a new
    // template with a new name, and the cluster moves to it through Magnum's upgrade API.
    const template: TemplateSpec = {
        name: `${config.cluster.name}-v${config.cluster.kubernetesVersion.replace(".", "-")}-${shortHash(content)}`,
        ...content,
    };
    const cluster: ClusterSpec = {
        name: config.cluster.name,
        masterCount: masterCountOf(config),
        masterFlavor: magnum.masterFlavor,
        flavor: defaultPool.size,
        nodeCount: defaultPool.desired,
        keypair: magnum.keypair,
        fixedNetwork: magnum.network?.fixedNetwork,
        fixedSubnet: magnum.network?.fixedSubnet,
        floatingIpEnabled: magnum.nodeFloatingIps,
        createTimeout: 60,
    };
    const nodeGroups = extraPools.map(
        (pool): NodeGroupSpec => ({
            pool: pool.name,
            name: pool.name,
            role: pool.name,
            flavorId: pool.size,
            labels: nodeGroupLabels(pool.diskGiB),
            mergeLabels: true,
            minNodeCount: pool.min,
            maxNodeCount: pool.max,
            nodeCount: pool.desired,
        }),
    );
    return { template, cluster, nodeGroups };
}
