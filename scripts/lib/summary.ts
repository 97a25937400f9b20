import type { Plan } from "./offline";

// The human summary the plan command prints: resources per component and per type.

export function planSummary(plan: Plan): string {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const perComponent = new Map<string, number>();
    const perType = new Map<string, number>();
    for (const r of plan.resources) {
        if (!r.custom) continue;
        perType.set(r.type, (perType.get(r.type) ?? 0) + 1);
        const owner = owningComponent(r.urn, byUrn);
        perComponent.set(owner, (perComponent.get(owner) ?? 0) + 1);
    }
    const custom = plan.resources.filter((r) => r.custom).length;
    const lines = [
        `${plan.project}/${plan.stack}: ${plan.resources.length} resources (${custom} custom, ${plan.resources.length - custom} components), ${Object.keys(plan.outputs).length} outputs`,
    ];
    lines.push("", "per component:", ...table(perComponent), "", "per type:", ...table(perType));
    return lines.join("\n");
}

/** The addon or cluster component a resource belongs to: the ancestor just below the Platform or the Stack. */
export function owningComponent(urn: string, byUrn: Map<string, Plan["resources"][number]>): string {
    let cur = byUrn.get(urn);
    while (cur?.parent) {
        const parent = byUrn.get(cur.parent);
        if (!parent || parent.type === "pulumi:pulumi:Stack" || parent.type === "groundwork:platform:Platform")
            return `${cur.type.split(":").pop()} ${cur.name}`;
        cur = parent;
    }
    return "(stack)";
}

function table(counts: Map<string, number>): string[] {
    const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const width = Math.max(...rows.map(([k]) => k.length), 0);
    return rows.map(([k, n]) => `  ${k.padEnd(width)}  ${String(n).padStart(4)}`);
}
