import type { ValueChange } from "./plan-diff";

// In-place updates that still disrupt: the resource keeps its identity but what runs on it is rebuilt. A
// reviewer must see these next to replacements. Sources: AWS EKS UpdateNodegroupVersion (a version,
// release version or launch template version change replaces every node of a managed node group, pod
// disruption budgets respected) and UpdateClusterVersion (control plane upgrades cannot be undone).

const rolloutInputs: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    "aws:eks/nodeGroup:NodeGroup": {
        version: "rolling replacement of every node in the group",
        releaseVersion: "rolling replacement of every node in the group",
        "launchTemplate.version": "rolling replacement of every node in the group",
    },
    "aws:eks/cluster:Cluster": { version: "control plane upgrade (cannot be rolled back)" },
};

/** What an update of `type` rebuilds, e.g. "rolling replacement of every node in the group", or undefined. */
export function rolloutOf(type: string, changes: readonly ValueChange[]): string | undefined {
    const inputs = rolloutInputs[type] ?? {};
    const hit = changes.find((c) => inputs[c.path.join(".")] !== undefined);
    if (!hit) return undefined;
    const input = hit.path.join(".");
    return `${inputs[input]}: ${input} ${JSON.stringify(hit.before)} → ${JSON.stringify(hit.after)}`;
}
