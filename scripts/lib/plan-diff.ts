import type { Plan, PlanResource } from "./offline";
import { immutableMatch } from "./immutable-fields";
import { rolloutOf } from "./rollouts";
import { aliasAdvice, aliasFix, matchOldUrns, successorOf } from "./urn-match";

// Compares two offline plans (base and head of a pull request) the way a reviewer wants to read them: per
// addon or cluster component, which resources are added, removed, updated or REPLACED and why, with Helm
// values diffed key by key and secrets never shown. Resources are matched by URN as the engine does (an
// alias claims an old URN; a URN nobody claims is a deletion), components included. Pure functions: the
// CLI (scripts/diff.ts) and the tests call them on plan JSON.

export type ResourceChangeKind = "add" | "remove" | "update" | "replace";

export interface ValueChange {
    /** Path segments into the inputs (or ["options", …] for resource options). */
    readonly path: readonly string[];
    readonly before: unknown;
    readonly after: unknown;
    /** Either side is the "[secret]" marker: the values are masked. */
    readonly secret: boolean;
}

export interface ResourceDiff {
    readonly kind: ResourceChangeKind;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly changes: readonly ValueChange[];
    /** Why the resource is replaced: immutable inputs that changed, a new provider. */
    readonly replaceReasons: readonly string[];
    /** Headlines, e.g. "chart cert-manager v1.21.0 → v1.21.1". */
    readonly notes: readonly string[];
    /** The old URN when an alias matched the resource to it (a rename done right). */
    readonly aliasedFrom?: string;
    /** A delete or create that is one resource whose URN changed without an alias: what changed, how to alias. */
    readonly urnChange?: string;
    /** On such a delete: just the `aliases` option that keeps the old URN, and where to put it. */
    readonly aliasFix?: string;
    /** The old resource is protected: the engine refuses to delete it (and so to replace it). */
    readonly protect?: boolean;
    /** An in-place update that rebuilds what runs on the resource, e.g. a node group's rolling replacement. */
    readonly rollout?: string;
}

export interface ComponentDiff {
    /** e.g. "addon cert-manager (CertManager)", "cluster groundwork-prod (EksCluster)", "stack". */
    readonly label: string;
    /** The component is new in head or gone from it. */
    readonly status: "added" | "removed" | "changed";
    readonly resources: readonly ResourceDiff[];
}

export interface PlanDiff {
    readonly stack: string;
    readonly components: readonly ComponentDiff[];
    readonly counts: Readonly<Record<ResourceChangeKind, number>>;
    readonly unchanged: number;
    readonly outputs: readonly ValueChange[];
}

export const secretMarker = "[secret]";
const unknownMarker = "[unknown]";
const helmTypes = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart"]);

export function diffPlans(base: Plan, head: Plan): PlanDiff {
    const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
    const headByUrn = new Map(head.resources.map((r) => [r.urn, r]));
    const oldOf = matchOldUrns(new Set(baseByUrn.keys()), head.resources);
    const newOf = new Map([...oldOf].map(([now, old]) => [old, now]));
    const added = head.resources.filter((r) => !oldOf.has(r.urn));
    const removed = base.resources.filter((r) => !newOf.has(r.urn));
    const providerMoves = defaultProviderMoves(removed, added);
    const renamed = (urn: string) => newOf.get(urn) ?? providerMoves.get(urn) ?? urn;
    const groups = new Map<string, { status: ComponentDiff["status"]; resources: ResourceDiff[] }>();
    const counts: Record<ResourceChangeKind, number> = { add: 0, remove: 0, update: 0, replace: 0 };
    let unchanged = 0;

    const recreated = recreations(removed, added, headByUrn);
    type Pair = [PlanResource | undefined, PlanResource | undefined];
    const pairs: Pair[] = [
        ...head.resources.map((r): Pair => [baseByUrn.get(oldOf.get(r.urn) ?? ""), r]),
        ...removed.map((r): Pair => [r, undefined]),
    ];
    for (const [before, after] of pairs) {
        const resource = (after ?? before)!;
        const found = diffResource(before, after, renamed);
        if (!found) {
            unchanged++;
            continue;
        }
        const diff = { ...found, ...(before && after ? {} : recreated.get(resource.urn)) };
        counts[diff.kind]++;
        const owner = ownerComponent(resource, headByUrn, baseByUrn);
        const label = owner ? componentLabel(owner) : "stack";
        const inHead = (c: PlanResource) => headByUrn.has(c.urn) || newOf.has(c.urn);
        const inBase = (c: PlanResource) => baseByUrn.has(c.urn) || oldOf.has(c.urn);
        const status: ComponentDiff["status"] = !owner ? "changed" : !inBase(owner) ? "added" : !inHead(owner) ? "removed" : "changed";
        const group = groups.get(label) ?? { status, resources: [] };
        group.resources.push(diff);
        groups.set(label, group);
    }

    const components = [...groups.entries()]
        .map(([label, g]) => ({ label, status: g.status, resources: g.resources }))
        .sort((a, b) => (a.label === "stack" ? 1 : b.label === "stack" ? -1 : a.label.localeCompare(b.label)));
    return { stack: head.stack, components, counts, unchanged, outputs: diffValues(base.outputs, head.outputs, []) };
}

/**
 * A default provider's URN carries the package version (`default_4_21_2`), so a version bump moves every
 * resource to a new provider. The engine then asks the new provider to diff its config without the version
 * (FilterProviderConfig): the same config replaces nothing. Old default provider URN → the new one.
 */
function defaultProviderMoves(removed: PlanResource[], added: PlanResource[]): Map<string, string> {
    const isDefault = (r: PlanResource) => r.type.startsWith("pulumi:providers:") && !r.parent && r.name.startsWith("default");
    const config = (r: PlanResource) => JSON.stringify({ ...r.inputs, version: undefined, pluginDownloadURL: undefined });
    const moves = new Map<string, string>();
    for (const old of removed.filter(isDefault)) {
        const successor = added.find((r) => isDefault(r) && r.type === old.type && config(r) === config(old));
        if (successor) moves.set(old.urn, successor.urn);
    }
    return moves;
}

/**
 * Deletes and creates that are one resource under a new URN (no alias covers the old one), by URN: on the
 * delete, what changed and the alias that keeps it; on the create, the URN it was.
 */
type Recreation = Pick<ResourceDiff, "urnChange" | "aliasFix">;

function recreations(removed: PlanResource[], added: PlanResource[], headByUrn: Map<string, PlanResource>): Map<string, Recreation> {
    const out = new Map<string, Recreation>();
    for (const old of removed) {
        const successor = successorOf(old.urn, added);
        if (!successor) continue;
        const fix = aliasFix(old.urn, successor, headByUrn);
        const urnChange = `URN changed without an alias: ${aliasAdvice(old.urn, successor, headByUrn)}`;
        out.set(old.urn, { urnChange, aliasFix: fix });
        out.set(successor.urn, { urnChange: `re-created: was ${old.urn}` });
    }
    return out;
}

/**
 * The change to one resource, or undefined when nothing a reviewer cares about changed. `renamed` maps an
 * old URN to the new one of the resource that took it over through an alias (references follow it).
 */
export function diffResource(
    before: PlanResource | undefined,
    after: PlanResource | undefined,
    renamed: (urn: string) => string = (u) => u,
): ResourceDiff | undefined {
    const r = (after ?? before)!;
    const common = { urn: r.urn, type: r.type, name: r.name, ...(before?.options.protect ? { protect: true } : {}) };
    if (!before) return { ...common, kind: "add", changes: [], replaceReasons: [], notes: chartNotes(undefined, after) };
    if (!after) return { ...common, kind: "remove", changes: [], replaceReasons: [], notes: chartNotes(before, undefined) };
    const aliased = before.urn !== after.urn ? { aliasedFrom: before.urn } : {};

    // The engine keeps the old value of an ignored input (ignoreChanges), so it neither updates nor replaces.
    const ignored = after.options.ignoreChanges.map(propertyPath);
    const inputChanges = diffValues(followRenames(before.inputs, renamed), after.inputs, []).filter(
        (c) => !ignored.some((path) => path.every((seg, i) => seg === c.path[i])),
    );
    const optionChanges = diffValues(before.options, after.options, ["options"]);
    const notes = chartNotes(before, after);
    // The chart version is the headline; do not repeat it as a plain input change.
    const changes = [...inputChanges, ...optionChanges].filter(
        (c) => !(notes.length > 0 && helmTypes.has(r.type) && c.path.join(".") === "version"),
    );
    const providerChanged = (before.provider ? renamed(before.provider) : null) !== (after.provider ?? null);
    if (changes.length === 0 && notes.length === 0 && !providerChanged) return undefined;

    const reasons: string[] = [];
    for (const change of inputChanges) {
        const match = immutableMatch(r.type, change.path);
        if (!match) continue;
        const reason = `${formatPath(match === "*" ? change.path.slice(0, 1) : match.split("."))} changed (immutable)`;
        if (!reasons.includes(reason)) reasons.push(reason);
    }
    for (const path of (after.options.replaceOnChanges ?? []).map(propertyPath)) {
        if (!inputChanges.some((c) => path.every((seg, i) => seg === c.path[i]))) continue;
        const reason = `${formatPath(path)} changed (replaceOnChanges)`;
        if (!reasons.includes(reason)) reasons.push(reason);
    }
    if (providerChanged) reasons.push("provider changed");
    const rollout = rolloutOf(r.type, inputChanges);
    const kind = reasons.length > 0 ? "replace" : "update";
    return { ...common, ...aliased, ...(rollout ? { rollout } : {}), kind, changes, replaceReasons: reasons, notes };
}

/** A Pulumi property path (`blockDevices[0].uuid`, `metadata["a-b"]`) as path segments. */
export function propertyPath(path: string): string[] {
    return [...path.matchAll(/\[\s*"([^"]*)"\s*\]|\[(\d+)\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Resource references (URN strings) in old inputs, as the engine rewrites them when an alias matched. */
function followRenames(value: unknown, renamed: (urn: string) => string): unknown {
    if (typeof value === "string") return value.startsWith("urn:pulumi:") ? renamed(value) : value;
    if (Array.isArray(value)) return value.map((v) => followRenames(v, renamed));
    if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, followRenames(v, renamed)]));
    return value;
}

/** Key-by-key differences between two JSON values; lists of scalars are compared whole. */
export function diffValues(before: unknown, after: unknown, path: readonly string[]): ValueChange[] {
    if (isEqual(before, after)) return [];
    if (before === secretMarker || after === secretMarker) {
        return [{ path, before: mask(before), after: mask(after), secret: true }];
    }
    if (isMap(before) && isMap(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => diffValues(before[k], after[k], [...path, k]));
    }
    if (Array.isArray(before) && Array.isArray(after) && !(before.every(isScalar) && after.every(isScalar))) {
        const n = Math.max(before.length, after.length);
        return Array.from({ length: n }, (_, i) => diffValues(before[i], after[i], [...path, String(i)])).flat();
    }
    // Plans already carry every secret as the marker, so a plain value here is safe to show.
    return [{ path, before, after, secret: false }];
}

/** "chart cert-manager v1.21.0 → v1.21.1" for Helm releases whose version moved (or that come and go). */
export function chartNotes(before: PlanResource | undefined, after: PlanResource | undefined): string[] {
    const r = after ?? before;
    if (!r || !helmTypes.has(r.type)) return [];
    const chart = (x?: PlanResource) => (x ? String(x.inputs.chart ?? x.name) : undefined);
    const version = (x?: PlanResource) => (x ? String(x.inputs.version ?? "?") : undefined);
    if (!before) return [`chart ${chart(after)} ${version(after)}`];
    if (!after) return [`chart ${chart(before)} ${version(before)}`];
    if (chart(before) !== chart(after)) return [`chart ${chart(before)} ${version(before)} → ${chart(after)} ${version(after)}`];
    if (version(before) !== version(after)) return [`chart ${chart(after)} ${version(before)} → ${version(after)}`];
    return [];
}

/** The addon or cluster component a resource belongs to: itself when it is one, else its nearest ancestor. */
function ownerComponent(r: PlanResource, ...planMaps: Map<string, PlanResource>[]): PlanResource | undefined {
    const find = (urn: string) => planMaps.map((m) => m.get(urn)).find(Boolean);
    const isOwner = (c: PlanResource) => c.type.startsWith("groundwork:") && !c.type.startsWith("groundwork:platform:");
    let candidate: PlanResource | undefined = r;
    while (candidate) {
        if (isOwner(candidate)) return candidate;
        candidate = candidate.parent ? find(candidate.parent) : undefined;
    }
    return undefined;
}

function componentLabel(c: PlanResource): string {
    const [, kind, cls] = c.type.split(":");
    const role = kind === "addons" ? "addon" : kind;
    return `${role} ${c.name} (${cls})`;
}

/** ["values", "webhook", "replicaCount"] → values.webhook.replicaCount; odd keys are quoted. */
export function formatPath(path: readonly string[]): string {
    let out = "";
    for (const seg of path) {
        if (/^\d+$/.test(seg)) out += `[${seg}]`;
        else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
        else out += `[${JSON.stringify(seg)}]`;
    }
    return out || "(root)";
}

/** A value for one line of a report: JSON, shortened; secrets are already masked. */
export function formatValue(v: unknown, max = 80): string {
    if (v === undefined) return "(none)";
    if (v === unknownMarker) return "(known after apply)";
    const text = JSON.stringify(v);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function mask(v: unknown): unknown {
    if (v === undefined) return undefined;
    return v === secretMarker ? secretMarker : "(plain value)";
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || typeof v !== "object";
function isEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}
