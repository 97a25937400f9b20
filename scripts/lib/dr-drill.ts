import type { Plan, PlanResource, StackConfigFile } from "./offline";
import { diffResource, diffValues, formatPath, formatValue, type ValueChange } from "./plan-diff";

// The disaster-recovery drill (npm run dr-drill): plan a stack offline in normal mode and in restore mode
// (`restore.enabled`) and check that the rebuild differs from normal operation ONLY in the restore settings
// — how stateful parts bootstrap (CNPG recovery, the next barman server name), the one-shot restores
// (Velero Restore, Vault snapshot Job), the staging issuer — so a rebuild recreates the same platform.
// Anything else (a changed replica count, a different bucket, a removed resource) fails the drill.
// Pure functions: scripts/dr-drill.ts runs the plans; tests call these on plans directly.

export interface DrillDifference {
    readonly kind: "add" | "remove" | "change" | "dependsOn";
    readonly type: string;
    readonly name: string;
    /** For changes: the input path, e.g. spec.bootstrap.recovery.source. */
    readonly path?: string;
    readonly before?: unknown;
    readonly after?: unknown;
    /** Why the difference is expected, when it is. */
    readonly allowedBy?: string;
}

export interface DrillReport {
    readonly stack: string;
    readonly resources: number;
    readonly expected: readonly DrillDifference[];
    readonly unexpected: readonly DrillDifference[];
}

/** One allowed difference: a resource added in restore mode, or an input path of an existing resource. */
interface AllowRule {
    readonly reason: string;
    readonly added?: (r: PlanResource) => boolean;
    readonly changed?: (r: PlanResource, path: readonly string[]) => boolean;
}

const metadataName = (r: PlanResource) => String((r.inputs.metadata as Record<string, unknown> | undefined)?.name ?? "");
const cnpgCluster = (r: PlanResource) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster";

/** The allow-list: every way restore mode may differ from normal mode. Keep it short and specific. */
export const allowList: readonly AllowRule[] = [
    { reason: "Velero Restore of the state namespaces", added: (r) => r.type === "kubernetes:velero.io/v1:Restore" },
    {
        reason: "Vault snapshot restore Job",
        added: (r) => r.type === "kubernetes:batch/v1:Job" && metadataName(r) === "vault-restore-snapshot",
    },
    {
        reason: "read-only ObjectStore of the source cluster (restore.fromCluster)",
        added: (r) => r.type === "kubernetes:barmancloud.cnpg.io/v1:ObjectStore" && metadataName(r).endsWith("-restore-source"),
    },
    {
        reason: "CNPG bootstraps by recovery from the barman object store",
        changed: (r, p) => cnpgCluster(r) && p[0] === "spec" && (p[1] === "bootstrap" || p[1] === "externalClusters"),
    },
    {
        reason: "CNPG archives the recovered cluster under the next barman server name",
        changed: (r, p) => cnpgCluster(r) && p[0] === "spec" && p[1] === "plugins" && p[p.length - 1] === "serverName",
    },
    {
        reason: "ingresses use the staging issuer while restoring (restore.useStagingCertificates)",
        changed: (_r, p) => p[p.length - 1] === "cert-manager.io/cluster-issuer",
    },
    {
        reason: "Velero reads the source cluster's backups through a read-only location (restore.fromCluster)",
        changed: (r, p) =>
            r.type === "kubernetes:helm.sh/v3:Release" &&
            formatPath(p).startsWith("values.configuration.backupStorageLocation") &&
            !/backupStorageLocation\[0\]/.test(formatPath(p)),
    },
    {
        reason: "backup writers may also read the source cluster's prefix (restore.fromCluster)",
        changed: (r, p) => /^aws:iam\/(rolePolicy:RolePolicy|policy:Policy)$/.test(r.type) && p[0] === "policy",
    },
];

/** Outputs restore mode may change: the barman destination of the next generation, the default issuer. */
function allowedOutput(path: readonly string[]): string | undefined {
    if (path.some((seg) => /backupDestination|serverName/.test(seg))) return "the backup destination names the next barman server";
    if (path.join(".") === "clusterIssuers.default")
        return "ingresses use the staging issuer while restoring (restore.useStagingCertificates)";
    return undefined;
}

function allowedAddition(r: PlanResource, rules: readonly AllowRule[]): string | undefined {
    return rules.find((rule) => rule.added?.(r))?.reason;
}

function allowedChange(r: PlanResource, change: ValueChange, rules: readonly AllowRule[]): string | undefined {
    return rules.find((rule) => rule.changed?.(r, change.path))?.reason;
}

/** Compares the normal-mode plan with the restore-mode plan of one stack. */
export function drillReport(normal: Plan, restore: Plan, rules: readonly AllowRule[] = allowList): DrillReport {
    const before = new Map(normal.resources.map((r) => [r.urn, r]));
    const after = new Map(restore.resources.map((r) => [r.urn, r]));
    const differences: DrillDifference[] = [];
    const addedUrns = new Set<string>();
    for (const urn of [...new Set([...before.keys(), ...after.keys()])].sort()) {
        const b = before.get(urn);
        const a = after.get(urn);
        const r = (a ?? b)!;
        if (!r.custom && a && b) continue; // components carry no inputs
        const at = { type: r.type, name: r.name };
        if (!b) {
            addedUrns.add(urn);
            if (r.custom || !r.type.startsWith("groundwork:"))
                differences.push({ kind: "add", ...at, allowedBy: allowedAddition(r, rules) });
            continue;
        }
        if (!a) {
            differences.push({ kind: "remove", ...at });
            continue;
        }
        const diff = diffResource(b, a);
        for (const change of diff?.changes ?? []) {
            differences.push({
                kind: "change",
                ...at,
                path: formatPath(change.path),
                before: change.before,
                after: change.after,
                allowedBy: allowedChange(r, change, rules),
            });
        }
        if (diff && diff.replaceReasons.length > 0)
            differences.push({ kind: "change", ...at, path: "(replacement)", after: diff.replaceReasons.join("; ") });
    }
    // Edges: restore mode may make existing resources wait for what it adds (Argo CD's root app waits for
    // Velero's Restore), never rewire anything else.
    for (const [urn, a] of after) {
        const b = before.get(urn);
        if (!b) continue;
        const gained = a.dependsOn.filter((d) => !b.dependsOn.includes(d));
        const lost = b.dependsOn.filter((d) => !a.dependsOn.includes(d));
        for (const d of gained) {
            const ok = addedUrns.has(d) && differences.some((x) => x.kind === "add" && x.allowedBy && urnName(d) === x.name);
            differences.push({
                kind: "dependsOn",
                type: a.type,
                name: a.name,
                path: "dependsOn",
                after: urnName(d),
                allowedBy: ok ? "waits for a restore step restore mode adds" : undefined,
            });
        }
        for (const d of lost) differences.push({ kind: "dependsOn", type: a.type, name: a.name, path: "dependsOn", before: urnName(d) });
    }
    for (const change of diffValues(normal.outputs, restore.outputs, [])) {
        differences.push({
            kind: "change",
            type: "stack output",
            name: change.path[0] ?? "",
            path: formatPath(change.path),
            before: change.before,
            after: change.after,
            allowedBy: allowedOutput(change.path),
        });
    }
    return {
        stack: restore.stack,
        resources: restore.resources.length,
        expected: differences.filter((d) => d.allowedBy),
        unexpected: differences.filter((d) => !d.allowedBy),
    };
}

const urnName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** 0 when restore mode differs only in the allowed places (and differs at all when restore is possible). */
export function drillExitCode(report: DrillReport): number {
    return report.unexpected.length > 0 ? 1 : 0;
}

export function formatDrillReport(report: DrillReport): string {
    const line = (d: DrillDifference) => {
        const mark = d.kind === "add" ? "+" : d.kind === "remove" ? "-" : "~";
        const where = d.path ? ` ${d.path}` : "";
        const values = d.kind === "change" || d.kind === "dependsOn" ? `: ${formatValue(d.before)} → ${formatValue(d.after)}` : "";
        const why = d.allowedBy ? `   (${d.allowedBy})` : "";
        return `  ${mark} ${d.type} ${d.name}${where}${values}${why}`;
    };
    const out = [
        `dr-drill ${report.stack}: restore mode vs normal mode (offline plans, ${report.resources} resources in restore mode)`,
        "",
    ];
    out.push(`expected differences (restore settings): ${report.expected.length}`, ...report.expected.map(line), "");
    out.push(`unexpected differences: ${report.unexpected.length}`, ...report.unexpected.map(line), "");
    out.push(
        report.unexpected.length === 0
            ? "OK: a rebuild in restore mode creates the same platform; only the restore settings differ."
            : "FAIL: restore mode would change more than the restore settings; fix the program (or the allow-list in scripts/lib/dr-drill.ts, with a reason).",
    );
    return `${out.join("\n")}\n`;
}

/** The stack's config with `restore.enabled` set (the rest of `restore` kept). */
export function withRestore(config: StackConfigFile, enabled: boolean): StackConfigFile {
    const key = "groundwork:restore";
    const current = config.values[key] ? (JSON.parse(config.values[key]) as Record<string, unknown>) : {};
    return { values: { ...config.values, [key]: JSON.stringify({ ...current, enabled }) }, secretKeys: config.secretKeys };
}
