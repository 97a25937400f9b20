import type { GuardedResource, ReplacementGuard } from "../../config/replacement-guard";
import type { PlatformConfig } from "../../config/types";
import { magnumSpec, shortHash, type MagnumSpec } from "./spec";

// Replacement visibility for Magnum. Most inputs of a Magnum Cluster and NodeGroup force a new resource
// (terraform-provider-openstack ForceNew): a changed flavor, master count or label would delete a running
// cluster. Offline there is no previous state to diff against, so the program fingerprints the immutable
// inputs (computed from the config alone) and compares them with the fingerprint of the deployed stack,
// which the user records as `cluster.magnum.expectedFingerprint`. In prod a difference is a config error
// unless `cluster.magnum.intendedReplacement` acknowledges exactly the new fingerprint. Template changes
// are upgrades (a new, versioned template; Magnum's upgrade API moves the cluster), never replacements.

export const clusterType = "openstack:containerinfra/cluster:Cluster";
export const nodeGroupType = "openstack:containerinfra/nodeGroup:NodeGroup";
export const templateType = "openstack:containerinfra/clusterTemplate:ClusterTemplate";

/** Inputs that force replacement, per resource (upstream ForceNew lists; nodeCount and min/max are updatable). */
export const immutableInputs = {
    cluster: [
        "name",
        "masterCount",
        "masterFlavor",
        "flavor",
        "keypair",
        "fixedNetwork",
        "fixedSubnet",
        "floatingIpEnabled",
        "createTimeout",
    ],
    nodeGroup: ["name", "role", "flavorId", "labels", "mergeLabels"],
} as const;

function pick(source: object, keys: readonly string[]): Record<string, unknown> {
    const record = source as Record<string, unknown>;
    return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
}

export function guardedResources(spec: MagnumSpec): GuardedResource[] {
    const cluster = pick(spec.cluster, immutableInputs.cluster);
    return [
        { key: "cluster", type: clusterType, name: spec.cluster.name, fingerprint: shortHash(cluster), immutable: cluster },
        ...spec.nodeGroups.map((ng) => {
            const immutable = pick(ng, immutableInputs.nodeGroup);
            return { key: `nodegroup-${ng.pool}`, type: nodeGroupType, name: ng.name, fingerprint: shortHash(immutable), immutable };
        }),
    ];
}

/** The template's hash is the suffix of its versioned name. */
const templateHash = (spec: MagnumSpec) => spec.template.name.slice(-8);

export function fingerprintOf(spec: MagnumSpec): string {
    return [...guardedResources(spec).map((r) => `${r.key}=${r.fingerprint}`), `template=${templateHash(spec)}`].join(",");
}

function parseFingerprint(text: string): Map<string, string> {
    return new Map(text.split(",").map((part) => part.split("=") as [string, string]));
}

/** The guard as the stack exports it (and the plan records): what would be replaced, and why. */
export function replacementGuard(config: PlatformConfig, spec: MagnumSpec = magnumSpec(config)): ReplacementGuard {
    const magnum = config.cluster.magnum!;
    const resources = guardedResources(spec);
    const fingerprint = fingerprintOf(spec);
    const expected = magnum.expectedFingerprint ? parseFingerprint(magnum.expectedFingerprint) : undefined;
    const replacements: ReplacementGuard["replacements"][number][] = [];
    const upgrades: ReplacementGuard["upgrades"][number][] = [];
    if (expected) {
        for (const r of resources) {
            const was = expected.get(r.key);
            if (was !== undefined && was !== r.fingerprint) {
                const fields = Object.keys(r.immutable).join(", ");
                replacements.push({
                    key: r.key,
                    type: r.type,
                    name: r.name,
                    reason: `an immutable input changed (${r.key} ${was} -> ${r.fingerprint}; immutable inputs: ${fields})`,
                });
            }
        }
        for (const [key] of expected) {
            if (key.startsWith("nodegroup-") && !resources.some((r) => r.key === key)) {
                replacements.push({
                    key,
                    type: nodeGroupType,
                    name: key.slice("nodegroup-".length),
                    reason: "its node pool was removed from the config, so the node group is deleted",
                });
            }
        }
        const wasTemplate = expected.get("template");
        if (wasTemplate !== undefined && wasTemplate !== templateHash(spec)) {
            upgrades.push({
                type: templateType,
                name: spec.template.name,
                reason: `the template changed (${wasTemplate} -> ${templateHash(spec)}): a new template, and Magnum upgrades the cluster to it in place`,
            });
        }
    }
    return {
        fingerprint,
        expectedFingerprint: magnum.expectedFingerprint ?? null,
        acknowledged: magnum.intendedReplacement === fingerprint,
        resources,
        replacements,
        upgrades,
    };
}

/** Prod refuses an unacknowledged replacement; dev only reports it in the plan (replacementGuard output). */
export function replacementProblems(config: PlatformConfig): string[] {
    const guard = replacementGuard(config);
    const problems: string[] = [];
    if (config.cluster.magnum?.intendedReplacement !== undefined && !guard.acknowledged) {
        problems.push(
            `cluster.magnum.intendedReplacement: expected the fingerprint of the replacement it acknowledges ("${guard.fingerprint}"), got "${config.cluster.magnum!.intendedReplacement}"`,
        );
    }
    if (config.environment !== "prod" || guard.acknowledged || guard.replacements.length === 0) return problems;
    const what = guard.replacements.map((r) => `${r.type} "${r.name}" (${r.reason})`).join("; ");
    problems.push(
        `cluster.magnum.expectedFingerprint: expected the deployed cluster's immutable inputs, got "${guard.expectedFingerprint}" while the config gives "${guard.fingerprint}", which would replace ${what}; ` +
            `if that is intended, set cluster.magnum.intendedReplacement to "${guard.fingerprint}"`,
    );
    return problems;
}
