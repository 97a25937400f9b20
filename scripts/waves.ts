import * as pulumi from "@pulumi/pulumi";
import { parseArgs, UsageError } from "./lib/args";
import { readStackConfigFile, planStack, stackConfigPath } from "./lib/offline";
import { analyzeWaves, teardownOrder, typicalDuration } from "./lib/waves";
import { loadProgram } from "./lib/program";
import type { PlanResource } from "./lib/offline";

// npm run waves -- --stack <name> [--config-file file]
// Prints the deployment as waves, the Helm waves after the nodes, the critical path and a modeled
// bring-up time against its lower bound, and the teardown order.

const label = (r: PlanResource) => `${r.type.replace(/^kubernetes:helm\.sh\/v3:Release$/, "helm")} ${r.name}`;
const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;

async function main(): Promise<void> {
    const { flags } = parseArgs(process.argv.slice(2), ["stack", "config-file"]);
    if (!flags.stack) throw new UsageError("--stack is required");
    const plan = await planStack(flags.stack, readStackConfigFile(flags["config-file"] ?? stackConfigPath(flags.stack)), loadProgram());
    const report = analyzeWaves(plan);

    console.log(`${plan.project}/${plan.stack}: ${report.waves.length} waves, ${report.helmWaves.length} Helm waves after the nodes\n`);
    report.waves.forEach((wave, i) => {
        const names = wave.map(label);
        console.log(
            `wave ${String(i + 1).padStart(2)}  ${String(wave.length).padStart(3)} resources  ${names.slice(0, 4).join(", ")}${names.length > 4 ? ", …" : ""}`,
        );
    });
    console.log("\nHelm waves (releases that may install in parallel):");
    report.helmWaves.forEach((wave, i) =>
        console.log(
            `  ${i + 1}: ${wave
                .map((r) => r.name)
                .sort()
                .join(", ")}`,
        ),
    );
    console.log("\ncritical path:");
    for (const r of report.criticalPath) console.log(`  ${String(typicalDuration(r.type)).padStart(4)} s  ${label(r)}`);
    const gap = report.lowerBoundSeconds > 0 ? (report.modeledSeconds / report.lowerBoundSeconds - 1) * 100 : 0;
    console.log(
        `\nmodeled bring-up ${minutes(report.modeledSeconds)}; lower bound ${minutes(report.lowerBoundSeconds)} (+${gap.toFixed(1)} %)`,
    );
    console.log("\nteardown (reverse waves):");
    teardownOrder(report).forEach((wave, i) => console.log(`  ${String(i + 1).padStart(2)}: ${wave.length} resources`));
}

main().catch((err: unknown) => {
    const known = err instanceof UsageError || pulumi.RunError.isInstance(err);
    console.error(known ? (err as Error).message : (err as Error).stack);
    process.exit(1);
});
