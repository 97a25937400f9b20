import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs, UsageError } from "./lib/args";
import { planToJson, readStackConfigFile, planStack, stackConfigPath } from "./lib/offline";
import { planSummary } from "./lib/summary";
import { loadProgram } from "./lib/program";

// npm run plan -- --stack <name> [--out file] [--config-file file]
// Runs the real program offline (Pulumi mocks, no cloud, no CLI) and writes the resource graph as JSON.

const usage = "usage: npm run plan -- --stack <dev|prod|…> [--out plans/<stack>.json] [--config-file Pulumi.<stack>.yaml]";

async function main(): Promise<number> {
    const { flags } = parseArgs(process.argv.slice(2), ["stack", "out", "config-file"]);
    const stack = flags.stack;
    if (!stack) throw new UsageError("--stack is required");
    const configFile = flags["config-file"] ?? stackConfigPath(stack);
    if (!fs.existsSync(configFile)) throw new UsageError(`no stack config at ${configFile}`);
    const out = flags.out ?? path.join("plans", `${stack}.json`);

    const plan = await planStack(stack, readStackConfigFile(configFile), loadProgram());
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, planToJson(plan));
    console.log(planSummary(plan));
    console.log(`\nplan written to ${out}`);
    return 0;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        // Config errors (RunError) and usage errors are the user's to fix: the message, no stack trace.
        const known = err instanceof UsageError || pulumi.RunError.isInstance(err);
        console.error(known ? (err as Error).message : (err as Error).stack ?? String(err));
        if (err instanceof UsageError) console.error(usage);
        process.exit(known ? 1 : 2);
    },
);
