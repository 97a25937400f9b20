import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs, UsageError } from "./lib/args";
import { platformGraph, renderSvg, toGraphvizDot, toMermaid } from "./lib/graph";
import { planStack, readStackConfigFile, stackConfigPath } from "./lib/offline";
import { loadProgram } from "./lib/program";

// npm run graph -- --stack <name> [--config-file file] [--out-dir dir] [--format all|mermaid]
// Draws the platform from its offline plan: platform-<stack>.mmd (Mermaid, renders on GitHub) and
// platform-<stack>.svg (Graphviz). Components grouped by dependency layer, waves on each box, the critical
// path in red.

const usage = "usage: npm run graph -- --stack <dev|prod|…> [--config-file file] [--out-dir plans/graph] [--format all|mermaid]";

async function main(): Promise<void> {
    const { flags } = parseArgs(process.argv.slice(2), ["stack", "config-file", "out-dir", "format"]);
    if (!flags.stack) throw new UsageError("--stack is required");
    const format = flags.format ?? "all";
    if (format !== "all" && format !== "mermaid") throw new UsageError(`--format: expected all or mermaid, got "${format}"`);
    const configFile = flags["config-file"] ?? stackConfigPath(flags.stack);
    if (!fs.existsSync(configFile)) throw new UsageError(`no stack config at ${configFile}`);
    const outDir = flags["out-dir"] ?? path.join("plans", "graph");

    const plan = await planStack(flags.stack, readStackConfigFile(configFile), loadProgram());
    const graph = platformGraph(plan);
    fs.mkdirSync(outDir, { recursive: true });
    const base = path.join(outDir, `platform-${flags.stack}`);
    fs.writeFileSync(`${base}.mmd`, toMermaid(graph));
    console.log(`${graph.title}: ${graph.nodes.length} components, ${graph.edges.length} edges, ${graph.waves} waves`);
    console.log(`mermaid written to ${base}.mmd`);
    if (format === "mermaid") return; // no Graphviz needed (the PR comment renders Mermaid)
    fs.writeFileSync(`${base}.svg`, renderSvg(toGraphvizDot(graph)));
    console.log(`svg written to ${base}.svg`);
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        const known = err instanceof UsageError || pulumi.RunError.isInstance(err);
        console.error(known ? (err as Error).message : ((err as Error).stack ?? String(err)));
        if (err instanceof UsageError) console.error(usage);
        process.exit(known ? 1 : 2);
    },
);
