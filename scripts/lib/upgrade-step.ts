import type { Plan } from "./offline";
import { compareMinor } from "../../model/versions";

// Kubernetes upgrades go one minor at a time (the control plane refuses larger steps, and addons are
// tested one step apart) and never backwards. A single config cannot know the version it replaces; two
// plans can: the PR diff compares the deployed (base) plan with the proposed (head) one.

export function upgradeStepProblems(base: Plan, head: Plan): string[] {
    const from = base.outputs.kubernetesVersion;
    const to = head.outputs.kubernetesVersion;
    if (typeof from !== "string" || typeof to !== "string" || from === to) return [];
    const [major, minor] = from.split(".").map(Number);
    const next = `${major}.${minor + 1}`;
    if (compareMinor(to, from) < 0)
        return [`cluster.kubernetesVersion: expected ${from} or ${next} (Kubernetes cannot be downgraded), got "${to}"`];
    if (compareMinor(to, next) > 0)
        return [`cluster.kubernetesVersion: expected one minor step at a time from ${from} (to ${next}), got "${to}"`];
    return [];
}
