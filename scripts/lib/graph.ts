import { execFileSync } from "node:child_process";
import { UsageError } from "./args";
import type { Plan, PlanResource } from "./offline";
import { owningComponent } from "./summary";
import { analyzeWaves, type WaveReport } from "./waves";

// The platform as a picture: one box per cluster or addon component, an edge where one component waits for
// another (edges implied by a longer path are left out), boxes grouped in layers by dependency depth, each box labelled with the deployment waves its
// resources fall in, and the critical path (the chain that decides bring-up time) drawn in red.

export interface GraphNode {
    /** "EksCluster groundwork-prod", "CertManager cert-manager": the summary's component label. */
    readonly id: string;
    readonly kind: string;
    readonly name: string;
    /** 0 for a component that waits for no other (the cluster), 1 + the deepest dependency otherwise. */
    readonly layer: number;
    readonly firstWave: number;
    readonly lastWave: number;
    readonly resources: number;
    readonly critical: boolean;
}

export interface GraphEdge {
    readonly from: string;
    readonly to: string;
    readonly critical: boolean;
}

export interface PlatformGraph {
    readonly title: string;
    readonly nodes: readonly GraphNode[];
    readonly edges: readonly GraphEdge[];
    readonly waves: number;
    readonly modeledSeconds: number;
}

export function platformGraph(plan: Plan, report: WaveReport = analyzeWaves(plan)): PlatformGraph {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const ownerCache = new Map<string, string>();
    const owner = (urn: string) => {
        if (!ownerCache.has(urn)) ownerCache.set(urn, owningComponent(urn, byUrn));
        return ownerCache.get(urn)!;
    };
    const members = new Map<string, PlanResource[]>();
    for (const node of report.nodes.values()) {
        const id = owner(node.resource.urn);
        if (id === "(stack)") continue;
        members.set(id, [...(members.get(id) ?? []), node.resource]);
    }

    const waits = new Map<string, Set<string>>([...members.keys()].map((id) => [id, new Set<string>()]));
    for (const node of report.nodes.values()) {
        const from = owner(node.resource.urn);
        for (const dep of node.waitsFor) {
            const to = owner(dep);
            if (to !== from && waits.has(from) && waits.has(to)) waits.get(from)!.add(to);
        }
    }

    const layers = new Map<string, number>();
    const layerOf = (id: string, seen = new Set<string>()): number => {
        if (layers.has(id)) return layers.get(id)!;
        if (seen.has(id)) throw new Error(`component dependency cycle through ${id}`);
        seen.add(id);
        const layer = Math.max(-1, ...[...waits.get(id)!].map((d) => layerOf(d, seen))) + 1;
        layers.set(id, layer);
        return layer;
    };

    const criticalOwners = report.criticalPath.map((r) => owner(r.urn)).filter((id) => members.has(id));
    const criticalPairs = new Set<string>();
    for (let i = 1; i < criticalOwners.length; i++) {
        if (criticalOwners[i] !== criticalOwners[i - 1]) criticalPairs.add(`${criticalOwners[i - 1]}\u0000${criticalOwners[i]}`);
    }

    const nodes = [...members.entries()]
        .map(([id, resources]): GraphNode => {
            const waves = resources.map((r) => report.nodes.get(r.urn)!.wave);
            const [kind, name] = id.split(" ");
            return {
                id,
                kind,
                name,
                layer: layerOf(id),
                firstWave: Math.min(...waves),
                lastWave: Math.max(...waves),
                resources: resources.length,
                critical: criticalOwners.includes(id),
            };
        })
        .sort((a, b) => a.layer - b.layer || a.id.localeCompare(b.id));
    const edges = [...waits.entries()]
        .flatMap(([dependent, deps]) =>
            [...deps].map((dep) => ({ from: dep, to: dependent, critical: criticalPairs.has(`${dep}\u0000${dependent}`) })),
        )
        .filter((e) => e.critical || !impliedByAnotherPath(waits, e.to, e.from))
        .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    return { title: `${plan.project}/${plan.stack}`, nodes, edges, waves: report.waves.length, modeledSeconds: report.modeledSeconds };
}

/** True when `from` reaches `to` through at least one other component: the direct edge adds nothing to read. */
function impliedByAnotherPath(waits: Map<string, Set<string>>, from: string, to: string): boolean {
    const stack = [...waits.get(from)!].filter((d) => d !== to);
    const seen = new Set(stack);
    while (stack.length) {
        const cur = stack.pop()!;
        if (cur === to) return true;
        for (const next of waits.get(cur) ?? [])
            if (!seen.has(next)) {
                seen.add(next);
                stack.push(next);
            }
    }
    return false;
}

const waveLabel = (n: GraphNode) => (n.firstWave === n.lastWave ? `wave ${n.firstWave}` : `waves ${n.firstWave}–${n.lastWave}`);
const layerTitle = (layer: number) => (layer === 0 ? "layer 0: nothing to wait for" : `layer ${layer}`);

function ids(graph: PlatformGraph): Map<string, string> {
    return new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
}

function byLayer(graph: PlatformGraph): Map<number, GraphNode[]> {
    const layers = new Map<number, GraphNode[]>();
    for (const n of graph.nodes) layers.set(n.layer, [...(layers.get(n.layer) ?? []), n]);
    return layers;
}

/** Mermaid flowchart: renders on GitHub (README, PR comments). */
export function toMermaid(graph: PlatformGraph): string {
    const id = ids(graph);
    const lines = ["flowchart LR"];
    for (const [layer, nodes] of byLayer(graph)) {
        lines.push(`  subgraph L${layer}["${layerTitle(layer)}"]`);
        for (const n of nodes)
            lines.push(
                `    ${id.get(n.id)}["${n.kind}<br/>${n.name}<br/><small>${waveLabel(n)} · ${n.resources} resource${n.resources === 1 ? "" : "s"}</small>"]`,
            );
        lines.push("  end");
    }
    graph.edges.forEach((e) => lines.push(`  ${id.get(e.from)} --> ${id.get(e.to)}`));
    const critical = graph.nodes.filter((n) => n.critical).map((n) => id.get(n.id));
    lines.push("  classDef critical stroke:#c00,stroke-width:3px");
    if (critical.length) lines.push(`  class ${critical.join(",")} critical`);
    const criticalEdges = graph.edges.flatMap((e, i) => (e.critical ? [i] : []));
    if (criticalEdges.length) lines.push(`  linkStyle ${criticalEdges.join(",")} stroke:#c00,stroke-width:3px`);
    return `${lines.join("\n")}\n`;
}

/** Graphviz DOT, for `dot -Tsvg`. */
export function toGraphvizDot(graph: PlatformGraph): string {
    const id = ids(graph);
    const quote = (s: string) => JSON.stringify(s);
    const lines = [
        "digraph platform {",
        "  rankdir=LR; newrank=true;",
        `  label=${quote(`${graph.title}: ${graph.waves} waves, modeled bring-up ${(graph.modeledSeconds / 60).toFixed(1)} min (red: critical path)`)};`,
        '  labelloc=t; fontname="Helvetica";',
        '  node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", fontname="Helvetica", fontsize=11];',
        '  edge [color="#8899aa"];',
    ];
    for (const [layer, nodes] of byLayer(graph)) {
        lines.push(`  subgraph cluster_L${layer} {`, `    label=${quote(layerTitle(layer))}; style=dashed; color="#bbbbbb";`);
        for (const n of nodes) {
            const style = n.critical ? ', color="#cc0000", penwidth=2.5' : "";
            lines.push(
                `    ${id.get(n.id)} [label=${quote(`${n.kind}\n${n.name}\n${waveLabel(n)} · ${n.resources} resource${n.resources === 1 ? "" : "s"}`)}${style}];`,
            );
        }
        lines.push("  }");
    }
    for (const e of graph.edges)
        lines.push(`  ${id.get(e.from)} -> ${id.get(e.to)}${e.critical ? ' [color="#cc0000", penwidth=2.5]' : ""};`);
    lines.push("}");
    return `${lines.join("\n")}\n`;
}

/** Renders DOT to SVG with Graphviz; a missing `dot` is the user's to install, not a crash. */
export function renderSvg(dot: string): string {
    try {
        return execFileSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
            throw new UsageError("Graphviz is not installed: `apt-get install graphviz` (or brew install graphviz) for the SVG");
        }
        throw err;
    }
}
