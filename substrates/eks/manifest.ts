import type { Environment } from "../../model/names";
import { eksAddons } from "../../model/versions";
import { cidrRange, cidrsOverlap } from "../../model/primitives";
import type { PlatformConfig } from "../../config/types";
import {
    type EksClusterSettings,
    type EksLogType,
    type EksNodePoolSettings,
    eksLogTypes,
    eksNodePoolSettings,
    instanceTypePattern,
} from "./settings";

/** What dev and prod get when cluster.eks leaves a setting unset. */
export interface EksProfile {
    readonly zoneCount: number;
    readonly natGateways: "single" | "per-zone";
    readonly flowLogs: boolean;
    readonly logTypes: readonly EksLogType[];
    readonly logRetentionDays: number;
    readonly deletionProtection: boolean;
    readonly publicEndpoint: boolean;
}

export const eksProfiles: Readonly<Record<Environment, EksProfile>> = {
    dev: {
        zoneCount: 2,
        natGateways: "single",
        flowLogs: false,
        logTypes: ["audit"],
        logRetentionDays: 7,
        deletionProtection: false,
        publicEndpoint: true,
    },
    prod: {
        zoneCount: 3,
        natGateways: "per-zone",
        flowLogs: true,
        logTypes: eksLogTypes,
        logRetentionDays: 90,
        deletionProtection: true,
        publicEndpoint: false,
    },
};

/** The longest cluster name whose derived AWS names all fit (checked by the AWS name-limit tests). */
export const maxEksClusterName = 40;

/** Minimum zones per environment: EKS needs two; prod survives the loss of one of three. */
export const minZones: Readonly<Record<Environment, number>> = { dev: 2, prod: 3 };

export type ResolvedEks = Readonly<Omit<EksClusterSettings, keyof EksProfile | "nodePools">> &
    EksProfile & {
        /** network.zones when given, else [] (the first `zoneCount` zones of the region are used). */
        readonly zones: readonly string[];
        readonly nodePools: Readonly<Record<string, EksNodePoolSettings>>;
    };

const poolDefaults: EksNodePoolSettings = eksNodePoolSettings.parse({});

/** cluster.eks with the environment's defaults filled in; every pool of cluster.nodePools has an entry. */
export function resolveEks(config: PlatformConfig): ResolvedEks {
    const eks = config.cluster.eks!;
    const profile = eksProfiles[config.environment];
    const zones = config.network.zones;
    const pick = <K extends keyof EksProfile>(k: K): EksProfile[K] => ((eks as Partial<EksProfile>)[k] ?? profile[k]) as EksProfile[K];
    const nodePools: Record<string, EksNodePoolSettings> = {};
    for (const pool of config.cluster.nodePools)
        nodePools[pool.name] = { ...poolDefaults, ...(eks.nodePools[pool.name] as EksNodePoolSettings | undefined) };
    return {
        ...(eks as EksClusterSettings),
        zoneCount: zones.length || profile.zoneCount,
        natGateways: pick("natGateways"),
        flowLogs: pick("flowLogs"),
        logTypes: pick("logTypes"),
        logRetentionDays: pick("logRetentionDays"),
        deletionProtection: pick("deletionProtection"),
        publicEndpoint: pick("publicEndpoint"),
        zones,
        nodePools,
    };
}

/** The i-th block of `base` split into blocks `extraBits` smaller: subnet("10.0.0.0/16", 3, 1) = "10.0.32.0/19". */
export function subnetOf(base: string, extraBits: number, index: number): string {
    const range = cidrRange(base)!;
    const bits = Number(base.split("/")[1]) + extraBits;
    const start = range.start + index * 2 ** (32 - bits);
    const ip = [24, 16, 8, 0].map((s) => Math.floor(start / 2 ** s) % 256).join(".");
    return `${ip}/${bits}`;
}

/**
 * Subnets the program creates when it builds the VPC: per zone a private /19 (of a /16; nodes and pods,
 * since the VPC CNI gives pods VPC addresses) and a small public /22 (load balancers, NAT gateways).
 */
export function subnetPlan(nodeCidr: string, eks: ResolvedEks): { private: string[]; public: string[] } {
    const zones = [...Array(eks.zoneCount).keys()];
    return {
        private: eks.privateSubnetCidrs ? [...eks.privateSubnetCidrs] : zones.map((i) => subnetOf(nodeCidr, 3, i)),
        public: eks.publicSubnetCidrs ? [...eks.publicSubnetCidrs] : zones.map((i) => subnetOf(nodeCidr, 6, 56 + i)),
    };
}

const rfc1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
const inside = (inner: string, outer: string) => {
    const a = cidrRange(inner);
    const b = cidrRange(outer);
    return !!a && !!b && a.start >= b.start && a.end <= b.end;
};
const prefix = (c: string) => Number(c.split("/")[1]);

/** Cross-field rules for `substrate: eks`. */
export function validateEks(config: PlatformConfig): string[] {
    const raw = config.cluster.eks;
    if (!raw) return ['cluster.eks: expected the EKS settings (at least `region`) for substrate "eks", got nothing'];
    const eks = resolveEks(config);
    const env = config.environment;
    const problems: string[] = [];

    // Versions: every managed add-on needs a pin for the control plane's minor.
    for (const pin of Object.values(eksAddons)) {
        if (!pin.versions[config.cluster.kubernetesVersion]) {
            problems.push(
                `cluster.kubernetesVersion: expected a minor with a pinned ${pin.addonName} add-on (${Object.keys(pin.versions).join(", ")}), got "${config.cluster.kubernetesVersion}"`,
            );
        }
    }

    // Node pools: a cluster without nodes cannot run its own DNS.
    if (config.cluster.nodePools.length === 0)
        problems.push("cluster.nodePools: expected at least one node pool on EKS, got an empty list");
    config.cluster.nodePools.forEach((pool, i) => {
        if (!instanceTypePattern.test(pool.size))
            problems.push(`cluster.nodePools[${i}].size: expected an EC2 instance type such as m6i.large, got "${pool.size}"`);
        // Node groups are auto-named `<cluster>-<pool>-<7 hex>` and EKS allows 63 characters.
        const nodeGroupName = `${config.cluster.name}-${pool.name}`;
        if (config.cluster.name.length <= maxEksClusterName && nodeGroupName.length > 63 - 8) {
            problems.push(
                `cluster.nodePools[${i}].name: expected at most ${63 - 9 - config.cluster.name.length} characters with a cluster named "${config.cluster.name}" (the EKS node group name "${nodeGroupName}-" plus 7 characters must fit in 63), got ${pool.name.length}`,
            );
        }
    });
    // AWS names derived from the cluster's (node groups, EventBridge rules, IAM roles, queues) have limits
    // from 63 to 80 characters; 40 leaves every one of them inside.
    if (config.cluster.name.length > maxEksClusterName) {
        problems.push(
            `cluster.name: expected at most ${maxEksClusterName} characters on EKS (names AWS derives from it must fit their limits), got ${config.cluster.name.length}`,
        );
    }
    const poolNames = config.cluster.nodePools.map((p) => p.name);
    for (const [name, pool] of Object.entries(raw.nodePools)) {
        if (!poolNames.includes(name))
            problems.push(
                `cluster.eks.nodePools.${name}: expected the name of a pool in cluster.nodePools (${poolNames.join(", ") || "none"}), got "${name}"`,
            );
        pool.extraInstanceTypes.forEach((t, j) => {
            if (!instanceTypePattern.test(t))
                problems.push(
                    `cluster.eks.nodePools.${name}.extraInstanceTypes[${j}]: expected an EC2 instance type such as m6i.large, got "${t}"`,
                );
        });
    }

    // API endpoint: reachable, and never open to the whole internet in prod.
    if (!eks.privateEndpoint && !eks.publicEndpoint)
        problems.push("cluster.eks.privateEndpoint: expected true when publicEndpoint is false (the API would be unreachable), got false");
    if (eks.publicEndpoint && env === "prod") {
        const open =
            eks.publicAccessCidrs.length === 0 ? ["0.0.0.0/0 (the default)"] : eks.publicAccessCidrs.filter((c) => prefix(c) === 0);
        if (open.length > 0)
            problems.push(
                `cluster.eks.publicAccessCidrs: expected the CIDRs allowed to reach the public API endpoint in prod (or publicEndpoint: false), got ${open.join(", ")}`,
            );
    }

    // Zones.
    const zones = config.network.zones;
    if (zones.length > 0 && zones.length < minZones[env])
        problems.push(`network.zones: expected at least ${minZones[env]} availability zones in ${env}, got ${zones.length}`);
    zones.forEach((zone, i) => {
        if (!new RegExp(`^${eks.region}[a-z]$`).test(zone))
            problems.push(`network.zones[${i}]: expected a zone of region ${eks.region} such as ${eks.region}a, got "${zone}"`);
    });
    if (new Set(zones).size !== zones.length) problems.push("network.zones: expected each zone once, got duplicates");

    // Network: bring your own, or one the program builds inside network.nodeCidr.
    if (!!raw.vpcId !== !!raw.subnetIds) {
        problems.push(
            raw.vpcId
                ? "cluster.eks.subnetIds: expected the private subnets of cluster.eks.vpcId, got nothing"
                : "cluster.eks.vpcId: expected the VPC of cluster.eks.subnetIds, got nothing",
        );
    }
    if (raw.subnetIds && raw.subnetIds.length < minZones[env])
        problems.push(
            `cluster.eks.subnetIds: expected private subnets in at least ${minZones[env]} zones in ${env}, got ${raw.subnetIds.length}`,
        );
    if (!raw.vpcId) problems.push(...subnetProblems(config.network.nodeCidr, eks));
    problems.push(...serviceCidrProblems(config.network.serviceCidr));

    // Access: each principal once.
    const principals = [...eks.admins, ...eks.viewers];
    for (const arn of new Set(principals.filter((a, i) => principals.indexOf(a) !== i))) {
        problems.push(`cluster.eks.viewers: expected each IAM principal in admins or viewers once, got "${arn}" twice`);
    }

    // DNS lives in Route53 on AWS.
    const dns = config.dns;
    if (dns?.provider === "designate") problems.push('dns.provider: expected "route53" or "none" on EKS, got "designate"');
    if (dns?.provider === "route53" && !dns.zone)
        problems.push("dns.zone: expected the Route53 hosted zone name (dns.provider is route53), got nothing");
    return problems;
}

function subnetProblems(nodeCidr: string, eks: ResolvedEks): string[] {
    const bits = prefix(nodeCidr);
    if (bits < 16 || bits > 22)
        return [
            `network.nodeCidr: expected a VPC range from /16 to /22 on EKS (a private and a public subnet per zone), got "${nodeCidr}"`,
        ];
    const problems: string[] = [];
    const plan = subnetPlan(nodeCidr, eks);
    const all: [string, string][] = [];
    for (const kind of ["private", "public"] as const) {
        const key = `cluster.eks.${kind}SubnetCidrs`;
        const list = plan[kind];
        if (list.length !== eks.zoneCount) problems.push(`${key}: expected one subnet per zone (${eks.zoneCount}), got ${list.length}`);
        list.forEach((c, i) => {
            if (!inside(c, nodeCidr)) problems.push(`${key}[${i}]: expected a range inside network.nodeCidr (${nodeCidr}), got "${c}"`);
            const clash = all.find(([, other]) => cidrsOverlap(c, other));
            if (clash) problems.push(`${key}[${i}]: expected a range that does not overlap ${clash[0]} (${clash[1]}), got "${c}"`);
            all.push([`${key}[${i}]`, c]);
        });
    }
    return problems;
}

/** EKS's service range must be private, /12 to /24 (and, checked generically, outside the VPC). */
function serviceCidrProblems(serviceCidr: string): string[] {
    const bits = prefix(serviceCidr);
    if (!rfc1918.some((r) => inside(serviceCidr, r)) || bits < 12 || bits > 24) {
        return [
            `network.serviceCidr: expected a private range (10/8, 172.16/12 or 192.168/16) from /12 to /24 on EKS, got "${serviceCidr}"`,
        ];
    }
    return [];
}
