import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs, UsageError } from "./lib/args";
import { planToJson, readStackConfigFile, planStack, stackConfigPath } from "./lib/offline";
import { planSummary } from "./lib/summary";
import { loadProgram } from "./lib/program";

// npm run plan -- --stack <name> [--out file] [--config-file file]
// npm run plan -- --stack <name> --out-dir dir config.yaml…     (many configs, one process, warm modules)
// Runs the real program offline (Pulumi mocks, no cloud, no CLI) and writes the resource graph as JSON.

const usage =
    "usage: npm run plan -- --stack <dev|prod|…> [--out plans/<stack>.json] [--config-file Pulumi.<stack>.yaml]\n" +
    "       npm run plan -- --stack <dev|prod|…> --out-dir <dir> <config.yaml>…";

interface Job {
    configFile: string;
    out: string;
}

function jobs(stack: string, flags: Record<string, string>, files: string[]): Job[] {
    if (files.length === 0) {
        const configFile = flags["config-file"] ?? stackConfigPath(stack);
        return [{ configFile, out: flags.out ?? path.join("plans", `${stack}.json`) }];
    }
    if (flags.out || flags["config-file"]) throw new UsageError("with config files as arguments, use --out-dir (one plan per file)");
    if (!flags["out-dir"]) throw new UsageError("--out-dir is required with config files as arguments");
    return files.map((configFile) => ({ configFile, out: path.join(flags["out-dir"], `${path.basename(configFile, ".yaml")}.json`) }));
}

async function main(): Promise<number> {
    const { flags, positional } = parseArgs(process.argv.slice(2), ["stack", "out", "config-file", "out-dir"]);
    const stack = flags.stack;
    if (!stack) throw new UsageError("--stack is required");
    const work = jobs(stack, flags, positional);
    const missing = work.filter((j) => !fs.existsSync(j.configFile)).map((j) => j.configFile);
    if (missing.length) throw new UsageError(`no stack config at ${missing.join(", ")}`);

    const program = loadProgram();
    for (const [i, job] of work.entries()) {
        const plan = await planStack(stack, readStackConfigFile(job.configFile), program);
        fs.mkdirSync(path.dirname(path.resolve(job.out)), { recursive: true });
        fs.writeFileSync(job.out, planToJson(plan));
        if (work.length === 1) console.log(`${planSummary(plan)}\n\nplan written to ${job.out}`);
        else console.log(`[${i + 1}/${work.length}] ${job.configFile}: ${plan.resources.length} resources → ${job.out}`);
    }
    return 0;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        // Config errors (RunError) and usage errors are the user's to fix: the message, no stack trace.
        const known = err instanceof UsageError || pulumi.RunError.isInstance(err);
        console.error(known ? (err as Error).message : ((err as Error).stack ?? String(err)));
        if (err instanceof UsageError) console.error(usage);
        process.exit(known ? 1 : 2);
    },
);
