import type { ScheduledPods } from "./addon-manifest";
import { addonManifests } from "./addon-manifests";
import type { AddonKey } from "./addon-settings";
import { tuningOf } from "../addons/cloudnative-pg/specs";
import {
    cpuMilli,
    describeResources,
    eksAllocatable,
    eksNodeDaemonSets,
    kubeadmAllocatable,
    memoryMiB,
    type Resources,
} from "./allocatable";
import { instanceTypes } from "../model/instance-types";
import { resolveEks } from "../substrates/eks/manifest";
import type { PlatformConfig } from "./types";

// The capacity check: do the pods the platform itself schedules with explicit requests fit the node pools
// the config describes? Three questions, each a config error naming the setting to change:
//  1. every such pod fits one node of a pool that may run it (allocatable after the kubelet's reservations
//     and the node's own DaemonSets);
//  2. pods with required anti-affinity (one per node) have as many fitting nodes as replicas: the pools'
//     `max` when a node autoscaler resizes them (it adds nodes for pending pods), else `desired` (nothing
//     adds nodes: EKS without the Cluster Autoscaler, Nova servers, Magnum pools of one size);
//  3. all of them together fit the nodes that are always there — `min` when an autoscaler may shrink the
//     pools, else `desired` — with 15 % headroom (below). The platform's pods run all the time; if they need
//     the elastic part of a pool, the pool never shrinks to its minimum and the autoscaler, itself one of
//     those pods, becomes a precondition of the platform it is part of.
// Karpenter's nodes are not counted: its NodePool is elastic capacity for applications, consolidated and
// expired (expireAfter), and its controller runs on the managed pools. Node sizes come from
// model/instance-types.ts on EKS and from `cluster.flavors` elsewhere; a size known to neither is a
// warning and its pool is left out (a conclusion that depends on it is not drawn). An existing cluster
// without `cluster.nodePools` is not checked.

/**
 * Kept free on the always-there nodes: the pods whose charts set no requests (Prometheus, Loki, Grafana,
 * Argo CD and the log and metrics agents: real usage, but nothing the config states), a Deployment's surge
 * pod during a rolling update (maxSurge 25 %, at least one), and a node drained for an AMI or version
 * rollout (updateConfig.maxUnavailable 1). 15 % is one node of a seven-node floor, a third of one node of
 * a two-node floor.
 */
export const headroom = 0.15;

export interface CapacityFindings {
    readonly problems: string[];
    readonly warnings: string[];
}

interface Pool {
    readonly index: number;
    readonly size: string;
    /** What one node offers the platform's pods: allocatable minus the DaemonSets every node runs. */
    readonly perNode: Resources;
    readonly autoscaled: boolean;
    readonly floor: number;
    readonly reach: number;
    readonly labels: Readonly<Record<string, string>>;
    readonly blockingTaints: readonly string[];
}

interface Demand extends Omit<ScheduledPods, "requests"> {
    readonly each: Resources;
    readonly replicasSetting?: string;
    /** The setting that sized them, shown with the numbers: `database.size "medium"`. */
    readonly sizedBy?: string;
}

/** Every capacity problem and warning of a config whose sections passed the schema. */
export function capacityFindings(config: PlatformConfig, definitions: readonly DemandSource[] = addonManifests): CapacityFindings {
    const problems: string[] = [];
    const warnings: string[] = [];
    if (config.cluster.nodePools.length === 0) return { problems, warnings };
    if (config.substrate === "eks" && !config.cluster.eks) return { problems, warnings }; // reported by the EKS rules
    const { pools, unknown } = poolsOf(config, warnings);
    const demands = demandsOf(config, definitions);

    for (const demand of demands) {
        const eligible = pools.filter((p) => mayRun(demand, p));
        const unknownEligible = unknown.filter((p) => mayRunPool(demand, p.labels, p.blockingTaints));
        if (unknownEligible.length > 0) continue; // the pool it might fit on has no known size
        if (eligible.length === 0) {
            problems.push(
                `cluster.nodePools: expected a pool that may run ${demand.what} (no taints it does not tolerate${selectorText(demand)}), got none`,
            );
            continue;
        }
        const fitting = eligible.filter((p) => fits(demand.each, p.perNode));
        if (fitting.length === 0) {
            problems.push(misfit(config, demand, eligible[0]));
            continue;
        }
        if (!demand.onePerNode) continue;
        const nodes = fitting.reduce((n, p) => n + p.reach, 0);
        if (demand.replicas > nodes) {
            const only = fitting.length === 1 ? fitting[0] : undefined;
            const at = only ? `cluster.nodePools[${only.index}].${only.autoscaled ? "max" : "desired"}` : "cluster.nodePools";
            const fewer = demand.replicasSetting ? ` (or fewer: ${demand.replicasSetting})` : "";
            problems.push(
                `${at}: expected at least ${demand.replicas} nodes that fit ${describeDemand(demand)}, as required anti-affinity places them${fewer}, got ${nodes} (${reachText(fitting)})`,
            );
        }
    }

    problems.push(...floorProblems(pools, unknown, demands));
    return { problems, warnings };
}

/** What capacityFindings reads of an addon definition. */
export interface DemandSource {
    readonly key: AddonKey;
    readonly pods?: (settings: never, config: PlatformConfig) => readonly ScheduledPods[];
}

function floorProblems(pools: readonly Pool[], unknown: readonly UnknownPool[], demands: readonly Demand[]): string[] {
    const open = pools.filter((p) => p.blockingTaints.length === 0);
    if (open.length === 0 || unknown.some((p) => p.blockingTaints.length === 0)) return [];
    const counted = demands.filter((d) => open.some((p) => mayRun(d, p)));
    const need = sum(counted.map((d) => scale(d.each, d.replicas)));
    const capacity = sum(open.map((p) => scale(p.perNode, p.floor)));
    const usable = scale(capacity, 1 - headroom);
    if (need.cpuMilli <= usable.cpuMilli && need.memoryMiB <= usable.memoryMiB) return [];
    const only = open.length === 1 ? open[0] : undefined;
    const at = only ? `cluster.nodePools[${only.index}].${only.autoscaled ? "min" : "desired"}` : "cluster.nodePools";
    const biggest = [...counted]
        .sort((a, b) => b.each.memoryMiB * b.replicas - a.each.memoryMiB * a.replicas)
        .slice(0, 3)
        .map(describeDemand)
        .join(", ");
    return [
        `${at}: expected room for the platform's own pods (${describeResources(need)} requested, the most by ${biggest}) with ${headroom * 100} % headroom on the nodes that are always there, got ${describeResources(capacity)} allocatable on ${floorText(open)}`,
    ];
}

function misfit(config: PlatformConfig, demand: Demand, pool: Pool): string {
    const need = describeResources(demand.each);
    const kind = config.substrate === "eks" ? "an instance type" : "a flavor";
    const larger = config.substrate === "eks" ? largerInstanceType(pool.size, demand.each) : undefined;
    const suggestion = larger ? ` such as ${larger}` : "";
    return (
        `cluster.nodePools[${pool.index}].size: expected ${kind}${suggestion} with at least ${need} allocatable for ${describeDemand(demand)}, ` +
        `or a smaller ${demand.setting}, got "${pool.size}" (${describeResources(pool.perNode)} per node after the kubelet's reservations and the node's DaemonSets)`
    );
}

/** The smallest type of the same family in the table that fits, e.g. m6i.large → m6i.xlarge. */
export function largerInstanceType(size: string, need: Resources): string | undefined {
    const family = size.split(".")[0];
    return Object.entries(instanceTypes)
        .filter(([name]) => name.split(".")[0] === family)
        .map(([name, type]) => ({ name, type, allocatable: minus(eksAllocatable(type), eksNodeDaemonSets) }))
        .filter((t) => fits(need, t.allocatable))
        .sort((a, b) => a.type.vcpus - b.type.vcpus || a.type.memoryMiB - b.type.memoryMiB)[0]?.name;
}

interface UnknownPool {
    readonly labels: Readonly<Record<string, string>>;
    readonly blockingTaints: readonly string[];
}

function poolsOf(config: PlatformConfig, warnings: string[]): { pools: Pool[]; unknown: UnknownPool[] } {
    const pools: Pool[] = [];
    const unknown: UnknownPool[] = [];
    const autoscaledPool = autoscaling(config);
    const eks = config.substrate === "eks" ? resolveEks(config) : undefined;
    config.cluster.nodePools.forEach((pool, index) => {
        const labels = pool.labels;
        const blockingTaints = pool.taints.filter((t) => t.effect !== "PreferNoSchedule").map((t) => t.key);
        let perNode: Resources | undefined;
        if (eks) {
            const types = [pool.size, ...(eks.nodePools[pool.name]?.extraInstanceTypes ?? [])];
            const known: Resources[] = [];
            types.forEach((name, j) => {
                const type = instanceTypes[name];
                if (type) known.push(minus(eksAllocatable(type), eksNodeDaemonSets));
                else {
                    const at =
                        j === 0 ? `cluster.nodePools[${index}].size` : `cluster.eks.nodePools.${pool.name}.extraInstanceTypes[${j - 1}]`;
                    warnings.push(
                        `${at}: instance type "${name}" is not in model/instance-types.ts, so the capacity check ${j === 0 ? "skips this pool" : "leaves it out"}`,
                    );
                }
            });
            // A node group launches any of its types: a pod must fit the smallest.
            if (instanceTypes[pool.size])
                perNode = known.reduce((a, b) => ({
                    cpuMilli: Math.min(a.cpuMilli, b.cpuMilli),
                    memoryMiB: Math.min(a.memoryMiB, b.memoryMiB),
                }));
        } else {
            const flavor = config.cluster.flavors?.[pool.size];
            if (flavor) perNode = kubeadmAllocatable(flavor.vcpus, flavor.ramMiB);
            else
                warnings.push(
                    `cluster.nodePools[${index}].size: the vCPUs and RAM of "${pool.size}" are unknown (add it to cluster.flavors), so the capacity check skips this pool`,
                );
        }
        if (!perNode) {
            unknown.push({ labels, blockingTaints });
            return;
        }
        const autoscaled = autoscaledPool(pool);
        pools.push({
            index,
            size: pool.size,
            perNode,
            autoscaled,
            floor: autoscaled ? pool.min : pool.desired,
            reach: autoscaled ? pool.max : pool.desired,
            labels,
            blockingTaints,
        });
    });
    return { pools, unknown };
}

/** Which pools a node autoscaler resizes between min and max. */
function autoscaling(config: PlatformConfig): (pool: { min: number; max: number }) => boolean {
    switch (config.substrate) {
        // The Cluster Autoscaler discovers every managed node group; Karpenter leaves them at their size.
        case "eks":
            return () => config.addons.clusterAutoscaler.enabled;
        // Magnum runs its own Cluster Autoscaler for a pool whose min and max differ (auto_scaling_enabled).
        case "magnum":
            return (pool) => pool.min < pool.max;
        // Nova pools are `desired` servers; an existing cluster's pools are what the config says they are.
        default:
            return () => false;
    }
}

function demandsOf(config: PlatformConfig, definitions: readonly DemandSource[]): Demand[] {
    const demands: Demand[] = [];
    const add = (pods: ScheduledPods, replicasSetting?: string, sizedBy?: string) => {
        if (pods.replicas > 0)
            demands.push({
                ...pods,
                each: { cpuMilli: cpuMilli(pods.requests.cpu), memoryMiB: memoryMiB(pods.requests.memory) },
                replicasSetting,
                sizedBy,
            });
    };
    const db = config.database;
    if (db.enabled) {
        const { requests } = tuningOf(db).resources;
        add(
            {
                what: "the database",
                setting: "database.size",
                replicas: db.instances,
                requests,
                onePerNode: db.antiAffinity === "required",
            },
            "database.instances",
            `database.size "${db.size}"`,
        );
    }
    // CoreDNS, as EKS's add-on and kubeadm and Magnum install it: two replicas of 100m / 70Mi.
    if (config.substrate !== "existing")
        add({
            what: "CoreDNS (kube-system)",
            setting: "cluster.nodePools",
            replicas: 2,
            requests: { cpu: "100m", memory: "70Mi" },
            onePerNode: false,
        });
    for (const def of definitions) {
        const settings = config.addons[def.key] as { enabled: boolean; replicas?: unknown } | undefined;
        if (!settings?.enabled || !def.pods) continue;
        for (const pods of def.pods(settings as never, config))
            add(pods, typeof settings.replicas === "number" ? `addons.${def.key}.replicas` : undefined);
    }
    return demands;
}

function mayRun(demand: Demand, pool: Pool): boolean {
    return mayRunPool(demand, pool.labels, pool.blockingTaints);
}

function mayRunPool(demand: Demand, labels: Readonly<Record<string, string>>, blockingTaints: readonly string[]): boolean {
    const selected = Object.entries(demand.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
    return selected && blockingTaints.every((key) => demand.tolerates?.includes(key));
}

const fits = (need: Resources, have: Resources) => need.cpuMilli <= have.cpuMilli && need.memoryMiB <= have.memoryMiB;
const minus = (a: Resources, b: Resources): Resources => ({ cpuMilli: a.cpuMilli - b.cpuMilli, memoryMiB: a.memoryMiB - b.memoryMiB });
const scale = (r: Resources, n: number): Resources => ({ cpuMilli: r.cpuMilli * n, memoryMiB: r.memoryMiB * n });
const sum = (rs: readonly Resources[]): Resources =>
    rs.reduce((a, b) => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memoryMiB: a.memoryMiB + b.memoryMiB }), { cpuMilli: 0, memoryMiB: 0 });

/** "the database (database.size "medium": 3 × 2 CPU / 8 GiB, one per node)" */
function describeDemand(demand: Demand): string {
    const sizedBy = demand.sizedBy ? `${demand.sizedBy}: ` : "";
    return `${demand.what} (${sizedBy}${demand.replicas} × ${describeResources(demand.each)}${demand.onePerNode ? ", one per node" : ""})`;
}

function selectorText(demand: Demand): string {
    const labels = Object.entries(demand.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`);
    return labels.length ? `, labelled ${labels.join(", ")}` : "";
}

function reachText(pools: readonly Pool[]): string {
    return pools.map((p) => `cluster.nodePools[${p.index}] ${p.autoscaled ? "max" : "desired"} ${p.reach}`).join(", ");
}

function floorText(pools: readonly Pool[]): string {
    return pools.map((p) => `${p.floor} × ${p.size} (cluster.nodePools[${p.index}].${p.autoscaled ? "min" : "desired"})`).join(" + ");
}
