import type { Plan, PlanResource } from "./offline";
import { generateUrn, typePackage } from "./engine-urn";

// Plans written before the recorder used the engine's URNs (no `aliases` field) carry the mock monitor's
// URNs (only the parent's last type) and no default providers. A PR's base is planned with the base's own
// code, so the first diff after the switch would show every nested resource deleted and created again. This
// rewrites such a plan as the engine names it: URNs rebuilt from the parent chain, references followed, and
// resources without a provider given the default provider the current plan uses for their package.

export const isLegacyPlan = (plan: Plan) => plan.resources.length > 0 && plan.resources.every((r) => r.aliases === undefined);
const isDefaultProvider = (r: PlanResource) => r.type.startsWith("pulumi:providers:") && r.name.startsWith("default") && !r.parent;

export function withEngineUrns(legacy: Plan, current: Plan): Plan {
    const byUrn = new Map(legacy.resources.map((r) => [r.urn, r]));
    const engine = new Map<string, string>();
    const urnOf = (urn: string): string => {
        const known = engine.get(urn);
        if (known) return known;
        const r = byUrn.get(urn);
        if (!r) return urn;
        const rebuilt = generateUrn(legacy.stack, legacy.project, r.parent ? urnOf(r.parent) : "", r.type, r.name);
        engine.set(urn, rebuilt);
        return rebuilt;
    };
    const defaults = new Map(current.resources.filter(isDefaultProvider).map((r) => [r.type, r]));
    const used = new Set<PlanResource>();
    const follow = (value: unknown): unknown => {
        if (typeof value === "string") return byUrn.has(value) ? urnOf(value) : value;
        if (Array.isArray(value)) return value.map(follow);
        if (value && typeof value === "object") {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, follow(v)]));
        }
        return value;
    };
    const resources = legacy.resources.map((r): PlanResource => {
        const needsDefault = r.custom && !r.provider && !r.type.startsWith("pulumi:providers:");
        const fallback = needsDefault ? defaults.get(`pulumi:providers:${typePackage(r.type)}`) : undefined;
        if (fallback) used.add(fallback);
        return {
            ...r,
            urn: urnOf(r.urn),
            parent: r.parent ? urnOf(r.parent) : null,
            dependsOn: r.dependsOn.map(urnOf).sort(),
            provider: r.provider ? urnOf(r.provider) : (fallback?.urn ?? null),
            inputs: follow(r.inputs) as Record<string, unknown>,
            aliases: [],
        };
    });
    const all = [...resources, ...used].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    return { ...legacy, resources: all };
}
