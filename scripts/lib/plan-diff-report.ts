import { formatPath, formatValue, type PlanDiff, type ResourceDiff, type ValueChange } from "./plan-diff";

// Renders a PlanDiff: Markdown for the pull-request comment, plain text for a terminal. Short on purpose:
// one line per resource, one line per changed input, replacements first in each component with the reason.

export type ReportFormat = "markdown" | "text";

const symbols: Record<ResourceDiff["kind"], string> = { add: "+", remove: "-", update: "~", replace: "+-" };
const order: Record<ResourceDiff["kind"], number> = { replace: 0, remove: 1, add: 2, update: 3 };
/** A reviewer reads the first lines of a long diff; the rest is in the plan artifact. */
const maxChangesPerResource = 25;

export function summaryLine(diff: PlanDiff): string {
    const { add, remove, update, replace } = diff.counts;
    if (add + remove + update + replace === 0) return `${diff.stack}: no changes (${diff.unchanged} resources unchanged)`;
    const parts = [
        replace && `${replace} to replace`,
        remove && `${remove} to delete`,
        add && `${add} to create`,
        update && `${update} to update`,
    ].filter(Boolean);
    return `${diff.stack}: ${parts.join(", ")} (${diff.unchanged} unchanged)`;
}

export function renderDiff(diff: PlanDiff, format: ReportFormat): string {
    return format === "markdown" ? renderMarkdown(diff) : renderText(diff);
}

function shortType(type: string): string {
    return type.split(":").pop() ?? type;
}

function headline(r: ResourceDiff): string {
    const extra = [...r.notes, ...(r.kind === "replace" ? [`replace: ${r.replaceReasons.join("; ")}`] : [])];
    return extra.length ? ` — ${extra.join("; ")}` : "";
}

function changeLine(c: ValueChange): string {
    if (c.secret) return `${formatPath(c.path)}: secret changed? (${formatValue(c.before)} → ${formatValue(c.after)})`;
    return `${formatPath(c.path)}: ${formatValue(c.before)} → ${formatValue(c.after)}`;
}

function sorted(resources: readonly ResourceDiff[]): ResourceDiff[] {
    return [...resources].sort((a, b) => order[a.kind] - order[b.kind] || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
}

function visibleChanges(r: ResourceDiff): { lines: string[]; hidden: number } {
    const lines = r.changes.slice(0, maxChangesPerResource).map(changeLine);
    return { lines, hidden: Math.max(0, r.changes.length - maxChangesPerResource) };
}

function renderText(diff: PlanDiff): string {
    const out = [summaryLine(diff)];
    for (const c of diff.components) {
        out.push("", `${c.label}${c.status === "changed" ? "" : ` [${c.status}]`}`);
        for (const r of sorted(c.resources)) {
            out.push(`  ${symbols[r.kind].padEnd(2)} ${shortType(r.type)} ${r.name}${headline(r)}`);
            const { lines, hidden } = visibleChanges(r);
            for (const line of lines) out.push(`       ${line}`);
            if (hidden) out.push(`       … and ${hidden} more`);
        }
    }
    if (diff.outputs.length) {
        out.push("", "stack outputs");
        for (const c of diff.outputs) out.push(`  ~  ${changeLine(c)}`);
    }
    return out.join("\n") + "\n";
}

function renderMarkdown(diff: PlanDiff): string {
    const out = [`#### Offline plan diff: ${summaryLine(diff)}`];
    const code = (s: string) => "`" + s.replace(/`/g, "'") + "`";
    for (const c of diff.components) {
        out.push("", `**${c.label}**${c.status === "changed" ? "" : ` _(${c.status})_`}`, "");
        for (const r of sorted(c.resources)) {
            const bold = r.kind === "replace" ? "**" : "";
            out.push(`- ${code(symbols[r.kind])} ${bold}${shortType(r.type)} ${code(r.name)}${bold}${headline(r)}`);
            const { lines, hidden } = visibleChanges(r);
            for (const line of lines) out.push(`  - ${code(line)}`);
            if (hidden) out.push(`  - … and ${hidden} more`);
        }
    }
    if (diff.outputs.length) {
        out.push("", "**stack outputs**", "");
        for (const c of diff.outputs) out.push(`- ${code(changeLine(c))}`);
    }
    return out.join("\n") + "\n";
}
