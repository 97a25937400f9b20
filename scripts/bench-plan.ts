import { parseArgs } from "./lib/args";
import { readStackConfigFile, planStack, stackConfigPath } from "./lib/offline";
import { loadProgram } from "./lib/program";

// One measured plan, in its own process so peak memory is this plan's alone. Prints one JSON line.
// Used by scripts/bench.ts; not meant to be run by hand.

async function main(): Promise<void> {
    const started = process.hrtime.bigint();
    const groundwork = loadProgram();
    const loaded = process.hrtime.bigint();
    const { flags } = parseArgs(process.argv.slice(2), ["stack", "config-file"]);
    const plan = await planStack(flags.stack, readStackConfigFile(flags["config-file"] ?? stackConfigPath(flags.stack)), groundwork);
    const done = process.hrtime.bigint();
    console.log(
        JSON.stringify({
            resources: plan.resources.length,
            importMs: Number(loaded - started) / 1e6,
            planMs: Number(done - loaded) / 1e6,
            peakRssMb: process.resourceUsage().maxRSS / 1024,
        }),
    );
}

main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
