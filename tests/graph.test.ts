import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { UsageError } from "../scripts/lib/args";
import { platformGraph, renderSvg, toGraphvizDot, toMermaid } from "../scripts/lib/graph";
import type { Plan, PlanResource } from "../scripts/lib/offline";
import { planOf, repoRoot } from "./harness";

// `npm run graph`: the platform as a picture. What a reader relies on: every addon is a box, an arrow
// means "waits for", boxes sit in dependency layers, and the red chain is the one that decides bring-up time.

const stack = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
function resource(urn: string, parent: string | null, custom: boolean, dependsOn: string[] = []): PlanResource {
    const [type, name] = urn.split("::").slice(-2);
    return {
        urn,
        type: type.split("$").pop()!,
        name,
        parent,
        dependsOn,
        provider: null,
        options: { protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [] },
        custom,
        inputs: {},
    };
}

/** cluster ← a ← b, and b also waits for the cluster directly (an edge the picture leaves out). */
function chainPlan(): Plan {
    const u = (t: string, n: string) => `urn:pulumi:s::p::${t}::${n}`;
    const cluster = u("groundwork:cluster:Existing", "c");
    const a = u("groundwork:addons:A", "a");
    const b = u("groundwork:addons:B", "b");
    const nodes = u("groundwork:cluster:Existing$kubernetes:core/v1:Namespace", "nodes");
    const aRelease = u("groundwork:addons:A$kubernetes:helm.sh/v3:Release", "a");
    const bRelease = u("groundwork:addons:B$kubernetes:helm.sh/v3:Release", "b");
    return {
        project: "p",
        stack: "s",
        outputs: {},
        resources: [
            resource(stack, null, false),
            resource(cluster, stack, false),
            resource(nodes, cluster, true),
            resource(a, stack, false),
            resource(aRelease, a, true, [nodes]),
            resource(b, stack, false),
            resource(bRelease, b, true, [aRelease, nodes]),
        ],
    };
}

describe("platform graph", () => {
    it("puts each component in the layer after its deepest dependency and drops implied edges", () => {
        const graph = platformGraph(chainPlan());
        expect(graph.nodes.map((n) => [n.kind, n.layer])).to.deep.equal([
            ["Existing", 0],
            ["A", 1],
            ["B", 2],
        ]);
        expect(graph.edges.map((e) => `${e.from} → ${e.to}`)).to.deep.equal(["A a → B b", "Existing c → A a"]);
    });

    it("marks the chain that decides the modeled bring-up time as critical", () => {
        const graph = platformGraph(chainPlan());
        expect(graph.nodes.every((n) => n.critical)).to.equal(true);
        expect(graph.edges.every((e) => e.critical)).to.equal(true);
        const mermaid = toMermaid(graph);
        expect(mermaid).to.match(/^flowchart LR\n/);
        expect(mermaid).to.contain("class n0,n1,n2 critical");
        expect(mermaid).to.contain("linkStyle 0,1 stroke:#c00");
        expect(toGraphvizDot(graph)).to.contain('n0 -> n1 [color="#cc0000"');
    });

    it("draws every addon of the prod plan, the cluster first, with arrows only between drawn boxes", async () => {
        const plan = await planOf("prod");
        const graph = platformGraph(plan);
        const addons = plan.resources
            .filter((r) => r.type.startsWith("groundwork:addons:"))
            .map((r) => `${r.type.split(":").pop()} ${r.name}`);
        const ids = new Set(graph.nodes.map((n) => n.id));
        for (const addon of addons) expect(ids, addon).to.include(addon);
        expect(graph.nodes[0]).to.include({ kind: "EksCluster", layer: 0, critical: true });
        for (const e of graph.edges) expect(ids.has(e.from) && ids.has(e.to), `${e.from} → ${e.to}`).to.equal(true);
        for (const e of graph.edges) {
            const [from, to] = [graph.nodes.find((n) => n.id === e.from)!, graph.nodes.find((n) => n.id === e.to)!];
            expect(from.layer, `${e.from} → ${e.to}`).to.be.lessThan(to.layer);
        }
    });

    it("the README's picture (docs/images/platform-prod.svg) is the current prod plan (regenerate: npm run graph -- --stack prod --out-dir docs/images)", async () => {
        const graph = platformGraph(await planOf("prod"));
        const committed = path.join(repoRoot, "docs/images/platform-prod.mmd");
        expect(fs.readFileSync(committed, "utf8")).to.equal(toMermaid(graph));
        const svg = path.join(repoRoot, "docs/images/platform-prod.svg");
        expect(fs.existsSync(svg), svg).to.equal(true);
        let rendered: string | undefined;
        try {
            rendered = renderSvg(toGraphvizDot(graph));
        } catch (err) {
            // Graphviz missing on this machine (CI installs it): the Mermaid check above still guards the content.
            if (!(err instanceof UsageError)) throw err;
        }
        if (rendered !== undefined) expect(fs.readFileSync(svg, "utf8")).to.equal(rendered);
    });
});
