import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parseArgs, UsageError } from "./lib/args";
import { planStack, readStackConfigFile, stackConfigPath, type Plan } from "./lib/offline";
import { loadProgram } from "./lib/program";
import { evaluatePlan, formatViolations } from "../policy/evaluate";
import type { Environment } from "../policy/types";

// npm run policy -- --stack <name> [--config-file file] [--plan plan.json]
// Runs the policy pack offline: the real program under mocks (or a plan written by `npm run plan`), every
// policy over every resource. Exits 1 when a mandatory policy is violated (prod), 0 otherwise.

const usage = "usage: npm run policy -- --stack <dev|prod|…> [--config-file Pulumi.<stack>.yaml] [--plan plan.json]";

async function main(): Promise<number> {
    const { flags } = parseArgs(process.argv.slice(2), ["stack", "config-file", "plan"]);
    const stack = flags.stack;
    if (!stack) throw new UsageError("--stack is required");
    const configFile = flags["config-file"] ?? stackConfigPath(stack);
    if (!fs.existsSync(configFile)) throw new UsageError(`no stack config at ${configFile}`);
    const config = readStackConfigFile(configFile);
    const environment: Environment = config.values["groundwork:environment"] === "prod" ? "prod" : "dev";

    const plan: Plan = flags.plan
        ? (JSON.parse(fs.readFileSync(flags.plan, "utf8")) as Plan)
        : await planStack(stack, config, loadProgram());
    const violations = evaluatePlan(plan, environment);
    const mandatory = violations.filter((v) => v.level === "mandatory");
    console.log(formatViolations(violations));
    console.log(
        `\n${plan.project}/${stack} (${environment}): ${plan.resources.filter((r) => r.custom).length} resources checked, ` +
            `${mandatory.length} mandatory and ${violations.length - mandatory.length} advisory violations`,
    );
    return mandatory.length > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        const known = err instanceof UsageError || pulumi.RunError.isInstance(err);
        console.error(known ? (err as Error).message : ((err as Error).stack ?? String(err)));
        if (err instanceof UsageError) console.error(usage);
        process.exit(known ? 2 : 3);
    },
);
