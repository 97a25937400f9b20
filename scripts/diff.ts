import * as fs from "node:fs";
import { parseArgs, UsageError } from "./lib/args";
import { isLegacyPlan, withEngineUrns } from "./lib/legacy-plan";
import type { Plan } from "./lib/offline";
import { diffPlans } from "./lib/plan-diff";
import { renderDiff, type ReportFormat } from "./lib/plan-diff-report";
import { storageShrinkProblems } from "./lib/storage-shrink";
import { upgradeStepProblems } from "./lib/upgrade-step";

// npm run diff -- base.json head.json [--format markdown|text]
// Compares two offline plans (npm run plan) and prints what a `pulumi up` of head over base would change,
// per addon and resource: a summary first (refusals, then replacements, deletions and rollouts with their
// reasons), then the details. Resources are matched by URN and aliases as the engine matches them.
// The PR workflow posts the Markdown form.
// Exits 3 when head skips a Kubernetes minor or goes back one (see lib/upgrade-step.ts), or shrinks the
// database's volumes (lib/storage-shrink.ts).

const usage = "usage: npm run diff -- <base.json> <head.json> [--format markdown|text]";

function readPlan(file: string): Plan {
    if (!fs.existsSync(file)) throw new UsageError(`no plan at ${file}`);
    const plan = JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
    if (!Array.isArray(plan.resources)) throw new UsageError(`${file}: expected a plan from \`npm run plan\`, got no "resources" list`);
    return plan;
}

function main(): number {
    const { flags, positional } = parseArgs(process.argv.slice(2), ["format"]);
    if (positional.length !== 2) throw new UsageError(`expected two plan files, got ${positional.length}`);
    const format = (flags.format ?? "text") as ReportFormat;
    if (format !== "markdown" && format !== "text") throw new UsageError(`--format: expected markdown or text, got "${format}"`);
    const [oldBase, head] = positional.map(readPlan);
    // A base planned by code from before engine URNs is renamed as the engine names it, not diffed as churn.
    const base = isLegacyPlan(oldBase) && !isLegacyPlan(head) ? withEngineUrns(oldBase, head) : oldBase;
    // A change the cluster cannot make heads the report and fails the diff (and so the PR check).
    const refused = [...upgradeStepProblems(base, head), ...storageShrinkProblems(base, head)];
    process.stdout.write(renderDiff(diffPlans(base, head), format, { refusals: refused }));
    for (const problem of refused) console.error(problem);
    return refused.length > 0 ? 3 : 0;
}

try {
    process.exit(main());
} catch (err) {
    console.error(err instanceof UsageError ? err.message : ((err as Error).stack ?? String(err)));
    if (err instanceof UsageError) console.error(usage);
    process.exit(err instanceof UsageError ? 1 : 2);
}
