import { expect } from "chai";
import type { Plan } from "../scripts/lib/offline";
import { diffPlans, type PlanDiff, type ResourceDiff } from "../scripts/lib/plan-diff";
import { planOfConfig } from "./harness";

// A day-2 operation is config A → config B on a running platform. A transition test plans both and states
// the exact set of replacements, deletions, creations and updates the engine would make: anything else that
// appears (a surprise replacement, a deleted database) fails the test. Resources are named "Type name" with
// the type's last segment, e.g. "NodeGroup general" or "Release cloudnative-pg"; a "*" in a name matches
// any run of characters, so "Release *" names every Helm release.

export interface Transition {
    readonly base: Plan;
    readonly head: Plan;
    readonly diff: PlanDiff;
    /** Every changed resource as "Type name", by kind. */
    readonly changed: Readonly<Record<ResourceDiff["kind"], readonly string[]>>;
    /** Changed resources by "Type name", for asserting on what changed in them. */
    readonly resource: (label: string) => ResourceDiff;
}

/** What a transition may do; a kind left out must not happen at all. */
export interface ExpectedTransition {
    readonly replace?: readonly string[];
    readonly remove?: readonly string[];
    readonly add?: readonly string[];
    /** Updates in place; "*" patterns allowed. Leave out to forbid any update. */
    readonly update?: readonly string[];
}

export async function transition(before: Record<string, unknown>, after: Record<string, unknown>, stack = "test"): Promise<Transition> {
    // One after the other: the offline planner runs one program at a time in this process.
    const base = await planOfConfig(before, stack);
    const head = await planOfConfig(after, stack);
    const diff = diffPlans(base, head);
    const all = diff.components.flatMap((c) => c.resources);
    const changed = { add: [] as string[], remove: [] as string[], update: [] as string[], replace: [] as string[] };
    for (const r of all) changed[r.kind].push(labelOf(r));
    for (const list of Object.values(changed)) list.sort();
    const resource = (label: string) => {
        const found = all.find((r) => labelOf(r) === label);
        if (!found) throw new Error(`${label} does not change (changed: ${all.map(labelOf).join(", ") || "nothing"})`);
        return found;
    };
    return { base, head, diff, changed, resource };
}

/** "aws:eks/nodeGroup:NodeGroup" + "general" → "NodeGroup general". */
export function labelOf(r: { type: string; name: string }): string {
    return `${r.type.split(":").pop()} ${r.name}`;
}

/**
 * Every replacement, deletion, creation and update of the transition is expected, and every expected one
 * happens (patterns need at least one match). The failure lists what was not expected.
 */
export function expectTransition(t: Transition, expected: ExpectedTransition): void {
    const problems: string[] = [];
    for (const kind of ["replace", "remove", "add", "update"] as const) {
        const patterns = expected[kind] ?? [];
        const actual = t.changed[kind];
        const unexpected = actual.filter((label) => !patterns.some((p) => matches(p, label)));
        const missing = patterns.filter((p) => !actual.some((label) => matches(p, label)));
        if (unexpected.length) problems.push(`unexpected ${kind}: ${unexpected.join(", ")}`);
        if (missing.length) problems.push(`expected ${kind} did not happen: ${missing.join(", ")}`);
    }
    expect(problems, problems.join("\n")).to.deep.equal([]);
}

function matches(pattern: string, label: string): boolean {
    if (!pattern.includes("*")) return pattern === label;
    const escaped = pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${escaped.join(".*")}$`).test(label);
}
