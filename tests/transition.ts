import { expect } from "chai";
import type { Plan } from "../scripts/lib/offline";
import { immutableMatch } from "../scripts/lib/immutable-fields";
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
    return transitionOf(base, head);
}

/** The transition between two plans, e.g. a plan and the same plan with an older version catalog. */
export function transitionOf(base: Plan, head: Plan): Transition {
    const diff = diffPlans(base, head);
    const all = withKnockOn(
        diff.components.flatMap((c) => c.resources),
        head,
    );
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

/**
 * A replaced resource gets a new ID, so every input that holds its old one is known only after apply: the
 * engine updates that resource, or replaces it when the input is immutable (a new Magnum template moves the
 * cluster to it; a new subnet replaces the node groups in it). Offline mocks give every resource the ID
 * `<name>-id` whatever its inputs, so the two plans alone hide this; follow it here, transitively.
 */
function withKnockOn(changes: ResourceDiff[], head: Plan): ResourceDiff[] {
    const byUrn = new Map(changes.map((r) => [r.urn, r]));
    const queue = changes.filter((r) => r.kind === "replace");
    while (queue.length) {
        const replaced = queue.shift()!;
        const id = `${replaced.name}-id`;
        // Resources of different types may share a name (subnet and route table "private-1"): then the input
        // must name the replaced type (subnetIds → Subnet, clusterTemplateId → ClusterTemplate).
        const shared = head.resources.filter((r) => r.name === replaced.name && r.custom).length > 1;
        const kind = replaced.type.split(":").pop()!.toLowerCase();
        const names = (path: string[]) => !shared || path[path.length - 1].toLowerCase().replace(/ids?$/, "") === kind;
        for (const r of head.resources) {
            if (r.urn === replaced.urn) continue;
            const paths = pathsHolding(r.inputs, id, []).filter(names);
            if (!paths.length) continue;
            const reasons = paths.flatMap((p) =>
                immutableMatch(r.type, p) ? [`${p.join(".")} changed (immutable): ${labelOf(replaced)} is replaced`] : [],
            );
            const known = byUrn.get(r.urn);
            if (known?.kind === "replace" || known?.kind === "add") continue;
            const changed = paths.map((path) => ({ path, before: id, after: "[unknown]", secret: false }));
            const next: ResourceDiff = known
                ? {
                      ...known,
                      kind: reasons.length ? "replace" : known.kind,
                      changes: [...known.changes, ...changed],
                      replaceReasons: [...known.replaceReasons, ...reasons],
                  }
                : {
                      kind: reasons.length ? "replace" : "update",
                      urn: r.urn,
                      type: r.type,
                      name: r.name,
                      changes: changed,
                      replaceReasons: reasons,
                      notes: [],
                      ...(r.options.protect ? { protect: true } : {}),
                  };
            byUrn.set(r.urn, next);
            if (next.kind === "replace") queue.push(next);
        }
    }
    return [...byUrn.values()];
}

/** Paths of the inputs that hold exactly `value` (in a list, the list's path: lists are compared whole). */
function pathsHolding(value: unknown, wanted: string, path: string[]): string[][] {
    if (value === wanted) return [path];
    if (Array.isArray(value))
        return value.some((v) => v === wanted) ? [path] : value.flatMap((v, i) => pathsHolding(v, wanted, [...path, String(i)]));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => pathsHolding(v, wanted, [...path, k]));
    return [];
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
