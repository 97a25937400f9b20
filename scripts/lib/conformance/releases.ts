import type { Plan, PlanResource } from "../offline";
import { loadContract, type ChartContract } from "./chart-contract";

// The Helm releases of a plan with the contract of their pinned chart, and Helm's merge of the program's
// values over the chart's values.yaml.

export interface PlannedRelease {
    resource: PlanResource;
    /** Chart name (an OCI reference's last segment). */
    chart: string;
    version: string;
    values: Record<string, unknown>;
    contract: ChartContract | undefined;
}

export function plannedReleases(plan: Plan): PlannedRelease[] {
    return plan.resources
        .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
        .map((resource) => {
            const chart = String(resource.inputs.chart).split("/").pop()!;
            const version = String(resource.inputs.version);
            const values = (resource.inputs.values ?? {}) as Record<string, unknown>;
            return { resource, chart, version, values, contract: loadContract(chart, version) };
        });
}

/** The plan's stand-ins for values only known at deploy time: any type may arrive there. */
export function isPlaceholder(value: unknown): boolean {
    if (typeof value !== "string") return false;
    return value === "[secret]" || value === "[unknown]" || value.startsWith("urn:pulumi:");
}

/**
 * Helm's coalescing of user values over chart defaults: maps merge key by key, anything else replaces,
 * and a null deletes the chart's default (helm/pkg/chart/v2/util/coalesce.go).
 */
export function coalesce(defaults: unknown, values: unknown): unknown {
    if (!isMap(defaults) || !isMap(values)) return values === undefined ? defaults : values;
    const out: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(values)) {
        if (value === null) delete out[key];
        else out[key] = coalesce(defaults[key], value);
    }
    return out;
}

export function isMap(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short rendering of a value for messages. */
export function show(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
