import type { Plan, PlanResource } from "./offline";
import { quantityValue } from "../../model/quantity";

// CloudNativePG grows a cluster's volumes in place (resizeInUseVolumes) but never shrinks them: its
// admission webhook answers "can't shrink existing storage" and Kubernetes refuses a smaller PVC. One config
// cannot know the size it replaces; two plans can, so the PR diff refuses a shrink before `pulumi up` would
// fail halfway through, naming the setting to put back.

const cnpgCluster = (r: PlanResource) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster";
const volumes = [
    { spec: "storage", setting: "database.storage.size" },
    { spec: "walStorage", setting: "database.walStorage.size" },
] as const;

export function storageShrinkProblems(base: Plan, head: Plan): string[] {
    const problems: string[] = [];
    for (const after of head.resources.filter(cnpgCluster)) {
        const before = base.resources.find((r) => cnpgCluster(r) && r.urn === after.urn);
        if (!before) continue;
        for (const { spec, setting } of volumes) {
            const was = sizeOf(before, spec);
            const now = sizeOf(after, spec);
            if (was && now && quantityValue(now) < quantityValue(was)) {
                problems.push(`${setting}: expected ${was} or more (CloudNativePG volumes grow in place but never shrink), got "${now}"`);
            }
        }
    }
    return problems;
}

function sizeOf(r: PlanResource, volume: string): string | undefined {
    const size = (r.inputs.spec as Record<string, { size?: unknown } | undefined> | undefined)?.[volume]?.size;
    return typeof size === "string" ? size : undefined;
}
