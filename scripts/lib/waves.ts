import type { Plan, PlanResource } from "./offline";

// Deployment waves from an offline plan. Pulumi starts a resource as soon as everything it waits for is
// done, so a resource's wave is one more than the deepest resource it waits for. It waits for its
// dependsOn (explicit and from inputs; a component in dependsOn means all of that component's resources)
// and for its provider. Components themselves take no time and are left out.

/** Typical seconds to create one resource of a type: a model, documented in docs/speed.md, not a measurement. */
export const typicalSeconds: readonly [RegExp, number][] = [
    [/^aws:eks\/cluster:Cluster$/, 600],
    [/^aws:eks\/nodeGroup:NodeGroup$/, 240],
    [/^aws:eks\/addon:Addon$/, 60],
    [/^aws:ec2\/natGateway:NatGateway$/, 120],
    [/^aws:ec2\/(vpc|subnet|internetGateway|routeTable|route|routeTableAssociation|eip|launchTemplate|securityGroup.*|flowLog):/, 5],
    [/^aws:(iam|kms|cloudwatch|eks\/(accessEntry|accessPolicyAssociation|podIdentityAssociation)|sqs|s3|route53)/, 5],
    [/^openstack:containerinfra\/cluster:Cluster$/, 900],
    [/^openstack:containerinfra\/nodeGroup:NodeGroup$/, 300],
    [/^openstack:containerinfra\//, 5],
    [/^openstack:compute\/instance:Instance$/, 180],
    [/^openstack:loadbalancer\/loadBalancer:LoadBalancer$/, 180],
    [/^openstack:/, 5],
    [/^kubernetes:helm\.sh\/v3:Release$/, 90],
    [/^kubernetes:yaml\/v2:ConfigFile$/, 10],
    [/^kubernetes:/, 3],
    [/^pulumi:providers:/, 1],
];

export function typicalDuration(type: string): number {
    for (const [pattern, seconds] of typicalSeconds) if (pattern.test(type)) return seconds;
    return 1;
}

export interface WaveNode {
    readonly resource: PlanResource;
    readonly waitsFor: readonly string[];
    readonly wave: number;
    /** Modeled seconds from the start until this resource is created. */
    readonly finishedAt: number;
}

export interface WaveReport {
    readonly nodes: ReadonlyMap<string, WaveNode>;
    /** Resources per wave, wave 1 first. */
    readonly waves: readonly (readonly PlanResource[])[];
    /** The chain that decides the modeled time, first to last. */
    readonly criticalPath: readonly PlanResource[];
    readonly modeledSeconds: number;
    /** The same model with every edge between two Helm releases or two addons dropped unless required. */
    readonly lowerBoundSeconds: number;
    /** Waves of Helm releases after the nodes: what the platform adds to bring-up. */
    readonly helmWaves: readonly (readonly PlanResource[])[];
}

/** The resources a resource waits for, with components expanded to the custom resources under them. */
function waitEdges(plan: Plan): Map<string, string[]> {
    const children = new Map<string, string[]>();
    for (const r of plan.resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.urn]);
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    // A remote component (yaml/v2 ConfigFile) has its children made by the provider, not the program:
    // it is one unit of work. Our own components are only groupings.
    const isUnit = (r: PlanResource) =>
        r.custom || (!children.has(r.urn) && !r.type.startsWith("groundwork:") && r.type !== "pulumi:pulumi:Stack");
    const customsUnder = (urn: string): string[] => {
        const r = byUrn.get(urn);
        if (!r) return [];
        if (isUnit(r)) return [urn];
        return (children.get(urn) ?? []).flatMap(customsUnder);
    };
    const edges = new Map<string, string[]>();
    for (const r of plan.resources) {
        if (!isUnit(r)) continue;
        const targets = [...r.dependsOn, ...(r.provider ? [r.provider] : [])].flatMap(customsUnder);
        edges.set(
            r.urn,
            [...new Set(targets)].filter((t) => t !== r.urn),
        );
    }
    return edges;
}

function schedule(plan: Plan, edges: Map<string, string[]>): Map<string, WaveNode> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const nodes = new Map<string, WaveNode>();
    const visiting = new Set<string>();
    const visit = (urn: string): WaveNode => {
        const done = nodes.get(urn);
        if (done) return done;
        if (visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
        visiting.add(urn);
        const waitsFor = edges.get(urn) ?? [];
        let wave = 1;
        let start = 0;
        for (const dep of waitsFor) {
            const d = visit(dep);
            wave = Math.max(wave, d.wave + 1);
            start = Math.max(start, d.finishedAt);
        }
        const resource = byUrn.get(urn)!;
        const node = { resource, waitsFor, wave, finishedAt: start + typicalDuration(resource.type) };
        visiting.delete(urn);
        nodes.set(urn, node);
        return node;
    };
    for (const urn of edges.keys()) visit(urn);
    return nodes;
}

const isHelm = (r: PlanResource) => r.type === "kubernetes:helm.sh/v3:Release";

/** The addon component (groundwork:addons:*) a resource belongs to, if any. */
function addonOf(plan: Plan, urn: string): string | undefined {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    let cur = byUrn.get(urn);
    while (cur) {
        if (cur.type.startsWith("groundwork:addons:")) return cur.urn;
        cur = cur.parent ? byUrn.get(cur.parent) : undefined;
    }
    return undefined;
}

export function analyzeWaves(plan: Plan): WaveReport {
    const edges = waitEdges(plan);
    const nodes = schedule(plan, edges);

    const maxWave = Math.max(0, ...[...nodes.values()].map((n) => n.wave));
    const waves = Array.from({ length: maxWave }, (_, i) => [...nodes.values()].filter((n) => n.wave === i + 1).map((n) => n.resource));

    let last: WaveNode | undefined;
    for (const n of nodes.values()) if (!last || n.finishedAt > last.finishedAt) last = n;
    const criticalPath: PlanResource[] = [];
    for (let cur = last; cur; ) {
        criticalPath.unshift(cur.resource);
        const prev: WaveNode | undefined = cur.waitsFor.map((d) => nodes.get(d)!).sort((a, b) => b.finishedAt - a.finishedAt)[0];
        cur = prev;
    }

    // Lower bound: the same graph where one addon never waits for another addon's resources. What remains
    // is truly required: the cluster chain, the provider, and each addon's own order (CRDs → operator → CRs).
    const addonCache = new Map<string, string | undefined>();
    const addon = (urn: string) => {
        if (!addonCache.has(urn)) addonCache.set(urn, addonOf(plan, urn));
        return addonCache.get(urn);
    };
    const required = new Map<string, string[]>();
    for (const [urn, targets] of edges) {
        const own = addon(urn);
        required.set(
            urn,
            targets.filter((t) => !own || !addon(t) || addon(t) === own),
        );
    }
    const lower = schedule(plan, required);
    const lowerBoundSeconds = Math.max(0, ...[...lower.values()].map((n) => n.finishedAt));

    // Helm waves: a release's level is one more than the deepest release it (transitively) waits for.
    const helmLevel = new Map<string, number>();
    const levelOf = (urn: string, seen = new Set<string>()): number => {
        if (helmLevel.has(urn)) return helmLevel.get(urn)!;
        if (seen.has(urn)) return 0;
        seen.add(urn);
        const own = isHelm(nodes.get(urn)!.resource) ? 1 : 0;
        const deepest = Math.max(0, ...(edges.get(urn) ?? []).map((d) => levelOf(d, seen)));
        helmLevel.set(urn, deepest + own);
        return deepest + own;
    };
    const releases = [...nodes.values()].filter((n) => isHelm(n.resource));
    for (const r of releases) levelOf(r.resource.urn);
    const helmDepth = Math.max(0, ...releases.map((r) => helmLevel.get(r.resource.urn)!));
    const helmWaves = Array.from({ length: helmDepth }, (_, i) =>
        releases.filter((r) => helmLevel.get(r.resource.urn) === i + 1).map((r) => r.resource),
    );

    return {
        nodes,
        waves,
        criticalPath,
        modeledSeconds: Math.max(0, ...[...nodes.values()].map((n) => n.finishedAt)),
        lowerBoundSeconds,
        helmWaves,
    };
}

/** Teardown runs the waves backwards: the last wave is deleted first. */
export function teardownOrder(report: WaveReport): readonly (readonly PlanResource[])[] {
    return [...report.waves].reverse();
}
