import { formatPath, formatValue, type PlanDiff, type ResourceDiff, type ValueChange } from "./plan-diff";

// Renders a PlanDiff: Markdown for the pull-request comment, plain text for a terminal. A reviewer reads the
// top of a long comment, so the dangerous part comes first: the counts, what refuses to apply, then every
// replacement, deletion and rollout with its reason; label-only churn (e.g. Pod Security version labels on
// every namespace after a Kubernetes upgrade) is one line per cause; the per-component details come last.

export type ReportFormat = "markdown" | "text";

/** What stops or should stop the change, shown before anything else (e.g. the upgrade-step refusal). */
export interface DiffProblems {
    readonly refusals?: readonly string[];
    readonly warnings?: readonly string[];
}

const symbols: Record<ResourceDiff["kind"], string> = { add: "+", remove: "-", update: "~", replace: "+-" };
const order: Record<ResourceDiff["kind"], number> = { replace: 0, remove: 1, add: 2, update: 3 };
/** A reviewer reads the first lines of a long diff; the rest is in the plan artifact. */
const maxChangesPerResource = 25;
/** Names listed on a collapsed label line before "… and N more". */
const maxNamesPerCause = 3;

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

export function renderDiff(diff: PlanDiff, format: ReportFormat, problems: DiffProblems = {}): string {
    const report = arrange(diff, problems);
    return format === "markdown" ? renderMarkdown(diff, report) : renderText(diff, report);
}

interface Located {
    readonly resource: ResourceDiff;
    readonly component: string;
}

/** Deletions that one missing alias causes (a renamed component takes its whole subtree along). */
interface UrnChangeGroup {
    readonly fix: string;
    readonly resources: ResourceDiff[];
}

interface LabelCause {
    readonly text: string;
    readonly resources: ResourceDiff[];
}

interface Arranged {
    readonly refusals: readonly string[];
    readonly warnings: readonly string[];
    /** Replacements, deletions and rollouts, most dangerous first. */
    readonly attention: readonly Located[];
    /** Deletions from URN changes without an alias, one group per missing alias. */
    readonly urnChanges: readonly UrnChangeGroup[];
    readonly labelCauses: readonly LabelCause[];
    /** Per component, without the resources whose only change is a collapsed label cause. */
    readonly details: readonly { label: string; status: string; resources: ResourceDiff[] }[];
}

function arrange(diff: PlanDiff, problems: DiffProblems): Arranged {
    const all = diff.components.flatMap((c) => c.resources.map((resource) => ({ resource, component: c.label })));
    const fixes = new Map<string, ResourceDiff[]>();
    for (const { resource: r } of all) {
        if (r.kind === "remove" && r.aliasFix) fixes.set(r.aliasFix, [...(fixes.get(r.aliasFix) ?? []), r]);
    }
    const urnChanges = [...fixes.entries()].map(([fix, resources]) => ({ fix, resources }));
    const attention = all
        .filter(({ resource: r }) => r.kind === "replace" || (r.kind === "remove" && !r.aliasFix) || r.rollout)
        .sort((a, b) => order[a.resource.kind] - order[b.resource.kind] || a.component.localeCompare(b.component));
    // Protected resources refuse deletion whatever the cause, a URN change without an alias included.
    const refusals = [
        ...(problems.refusals ?? []),
        ...all
            .filter(({ resource: r }) => r.protect && (r.kind === "remove" || r.kind === "replace"))
            .map(({ resource: r }) => {
                const verb = r.kind === "remove" ? "delete" : "replace";
                return `${shortType(r.type)} ${r.name} is protected: \`pulumi up\` refuses to ${verb} it`;
            }),
    ];
    const warnings = problems.warnings ?? [];
    const causes = new Map<string, ResourceDiff[]>();
    for (const { resource } of all) {
        const cause = labelOnlyCause(resource);
        if (cause) causes.set(cause, [...(causes.get(cause) ?? []), resource]);
    }
    const collapsed = new Set([...causes.values()].flat());
    const details = diff.components
        .map((c) => ({ ...c, resources: sorted(c.resources.filter((r) => !collapsed.has(r))) }))
        .filter((c) => c.resources.length > 0);
    const labelCauses = [...causes.entries()]
        .map(([text, resources]) => ({ text, resources }))
        .sort((a, b) => b.resources.length - a.resources.length);
    return { refusals, warnings, attention, urnChanges, labelCauses, details };
}

/** The one cause of an update that only changes metadata labels, e.g. `labels a, b: "v1.33" → "v1.34"`. */
function labelOnlyCause(r: ResourceDiff): string | undefined {
    if (r.kind !== "update" || r.notes.length > 0 || r.aliasedFrom || r.rollout || r.changes.length === 0) {
        return undefined;
    }
    const isLabel = (c: ValueChange) => c.path.length === 3 && c.path[0] === "metadata" && c.path[1] === "labels";
    if (!r.changes.every((c) => isLabel(c) && !c.secret)) return undefined;
    const moves = new Set(r.changes.map((c) => `${formatValue(c.before)} → ${formatValue(c.after)}`));
    const keys = r.changes.map((c) => c.path[2]);
    if (moves.size === 1) return `labels ${keys.join(", ")}: ${[...moves][0]}`;
    const each = r.changes.map((c) => `${c.path[2]}: ${formatValue(c.before)} → ${formatValue(c.after)}`);
    return `labels ${each.join(", ")}`;
}

function shortType(type: string): string {
    return type.split(":").pop() ?? type;
}

/** Notes on one resource line; in the details a URN change is only named (the summary says how to alias). */
function headline(r: ResourceDiff, inDetails = false): string {
    const named = r.kind === "remove" ? "URN changed without an alias" : "re-created under a new URN";
    const urnChange = inDetails && r.urnChange ? named : r.urnChange;
    const extra = [
        ...r.notes,
        ...(r.kind === "replace" ? [`replace: ${r.replaceReasons.join("; ")}`] : []),
        ...(r.rollout ? [r.rollout] : []),
        ...(urnChange ? [urnChange] : []),
        ...(r.aliasedFrom ? [`aliased from ${r.aliasedFrom}`] : []),
    ];
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

/** "5 resources (Release traefik, Platform platform, …)": Helm releases first, they hold workloads. */
function urnChangeTargets(resources: readonly ResourceDiff[]): string {
    const rank = (r: ResourceDiff) => (r.type.startsWith("kubernetes:helm.sh/") ? 0 : r.protect ? 1 : 2);
    const names = [...resources]
        .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
        .map((r) => `${shortType(r.type)} ${r.name}`);
    const more = names.length > maxNamesPerCause ? `, … and ${names.length - maxNamesPerCause} more` : "";
    const shown = names.slice(0, maxNamesPerCause).join(", ");
    return `${resources.length} resource${resources.length > 1 ? "s" : ""} (${shown}${more})`;
}

/** "on 18 Namespaces (alloy-ns, argo-cd-ns, cert-manager-ns, … and 15 more)" */
function causeTargets(resources: readonly ResourceDiff[]): string {
    const types = new Set(resources.map((r) => shortType(r.type)));
    const what = types.size === 1 ? `${[...types][0]}${resources.length > 1 ? "s" : ""}` : "resources";
    const names = resources.map((r) => r.name).sort();
    const more = names.length > maxNamesPerCause ? `, … and ${names.length - maxNamesPerCause} more` : "";
    return `on ${resources.length} ${what} (${names.slice(0, maxNamesPerCause).join(", ")}${more})`;
}

const hasSummary = (r: Arranged) =>
    r.refusals.length + r.warnings.length + r.attention.length + r.urnChanges.length + r.labelCauses.length > 0;
const urnChangeText = (g: UrnChangeGroup) =>
    `${urnChangeTargets(g.resources)} deleted and created again: URN changed without an alias; ${g.fix}`;

function renderText(diff: PlanDiff, report: Arranged): string {
    const out = [summaryLine(diff)];
    if (report.refusals.length) {
        out.push("", "REFUSED: `pulumi up` would fail", ...report.refusals.map((p) => `  !  ${p}`));
    }
    if (report.warnings.length) out.push("", "Warnings", ...report.warnings.map((w) => `  !  ${w}`));
    if (report.attention.length + report.urnChanges.length) {
        out.push("", "Replacements, deletions and rollouts");
        for (const g of report.urnChanges) out.push(`  -  ${urnChangeText(g)}`);
        for (const { resource: r, component } of report.attention) {
            out.push(`  ${symbols[r.kind].padEnd(2)} ${shortType(r.type)} ${r.name} in ${component}${headline(r)}`);
        }
    }
    if (report.labelCauses.length) {
        out.push("", "Label-only changes");
        for (const cause of report.labelCauses) out.push(`  ~  ${cause.text} ${causeTargets(cause.resources)}`);
    }
    if (report.details.length && hasSummary(report)) out.push("", "Details");
    for (const c of report.details) {
        out.push("", `${c.label}${c.status === "changed" ? "" : ` [${c.status}]`}`);
        for (const r of c.resources) {
            out.push(`  ${symbols[r.kind].padEnd(2)} ${shortType(r.type)} ${r.name}${headline(r, true)}`);
            const { lines, hidden } = visibleChanges(r);
            for (const line of lines) out.push(`       ${line}`);
            if (hidden) out.push(`       … and ${hidden} more`);
        }
    }
    if (diff.outputs.length) {
        out.push("", "stack outputs");
        for (const c of diff.outputs) out.push(`  ~  ${changeLine(c)}`);
    }
    return `${out.join("\n")}\n`;
}

function renderMarkdown(diff: PlanDiff, report: Arranged): string {
    const out = [`#### Offline plan diff: ${summaryLine(diff)}`];
    const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
    if (report.refusals.length) {
        out.push("", "> [!CAUTION]", "> **Refused: `pulumi up` would fail**");
        out.push(...report.refusals.map((p) => `> - ${p}`));
    }
    const { replace, remove } = diff.counts;
    const destroys = `This change replaces ${replace} and deletes ${remove} resource(s): see below.`;
    const destructive = replace + remove > 0 ? [destroys] : [];
    const warnings = [...report.warnings, ...destructive];
    if (warnings.length) out.push("", "> [!WARNING]", ...warnings.map((w) => `> - ${w}`));
    if (report.attention.length + report.urnChanges.length) {
        out.push("", "**Replacements, deletions and rollouts**", "");
        for (const g of report.urnChanges) out.push(`- ${code("-")} **${urnChangeText(g)}**`);
        for (const { resource: r, component } of report.attention) {
            const what = `**${shortType(r.type)} ${code(r.name)}**`;
            out.push(`- ${code(symbols[r.kind])} ${what} in ${component}${headline(r)}`);
        }
    }
    if (report.labelCauses.length) {
        out.push("", "**Label-only changes**", "");
        for (const cause of report.labelCauses) {
            out.push(`- ${code("~")} ${code(cause.text)} ${causeTargets(cause.resources)}`);
        }
    }
    if (report.details.length && hasSummary(report)) out.push("", "**Details**");
    for (const c of report.details) {
        out.push("", `**${c.label}**${c.status === "changed" ? "" : ` _(${c.status})_`}`, "");
        for (const r of c.resources) {
            const bold = r.kind === "replace" || r.kind === "remove" ? "**" : "";
            const what = `${bold}${shortType(r.type)} ${code(r.name)}${bold}`;
            out.push(`- ${code(symbols[r.kind])} ${what}${headline(r, true)}`);
            const { lines, hidden } = visibleChanges(r);
            for (const line of lines) out.push(`  - ${code(line)}`);
            if (hidden) out.push(`  - … and ${hidden} more`);
        }
    }
    if (diff.outputs.length) {
        out.push("", "**stack outputs**", "");
        for (const c of diff.outputs) out.push(`- ${code(changeLine(c))}`);
    }
    return `${out.join("\n")}\n`;
}
