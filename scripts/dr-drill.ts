import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs, UsageError } from "./lib/args";
import { drillExitCode, drillReport, formatDrillReport, withRestore } from "./lib/dr-drill";
import { planStack, readStackConfigFile, stackConfigPath } from "./lib/offline";
import { loadProgram } from "./lib/program";

// npm run dr-drill -- --stack <name> [--config-file file]
// Plans the stack offline twice — normal mode and restore mode (restore.enabled) — and prints exactly what
// a rebuild from backups would do differently. Exits 1 when anything but the restore settings differs,
// or when restore mode is refused (e.g. no backups.objectStore to restore from). See docs/disaster-recovery.md.

const usage = "usage: npm run dr-drill -- --stack <dev|prod|…> [--config-file Pulumi.<stack>.yaml]";

async function main(): Promise<number> {
    const { flags } = parseArgs(process.argv.slice(2), ["stack", "config-file"]);
    const stack = flags.stack;
    if (!stack) throw new UsageError("--stack is required");
    const configFile = flags["config-file"] ?? stackConfigPath(stack);
    if (!fs.existsSync(configFile)) throw new UsageError(`no stack config at ${configFile}`);
    const config = readStackConfigFile(configFile);
    const normal = await planStack(stack, withRestore(config, false), loadProgram());
    const restore = await planStack(stack, withRestore(config, true), loadProgram());
    const report = drillReport(normal, restore);
    process.stdout.write(formatDrillReport(report));
    return drillExitCode(report);
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        // A refused restore config is a failed drill: the message names the missing setting.
        const known = err instanceof UsageError || pulumi.RunError.isInstance(err);
        console.error(known ? (err as Error).message : ((err as Error).stack ?? String(err)));
        if (err instanceof UsageError) console.error(usage);
        process.exit(known ? 1 : 2);
    },
);
