import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { planStack, readStackConfigFile } from "./lib/offline";
import { loadProgram } from "./lib/program";
import { configsToPlan } from "./lib/conformance/configs";
import { conformanceChecks, conformanceTools } from "./lib/conformance/registry";
import { MissingToolError, requireTools } from "./lib/conformance/tools";
import type { CheckResult, NamedPlan } from "./lib/conformance/check";

// npm run conformance: plans prod, dev, every example and tests/fixtures/conformance/*.yaml in one process,
// with placeholder secrets (so alertmanager.yaml and user data are renderable), then feeds every artifact to
// the real program that consumes it in production (./lib/conformance/registry.ts lists the checks). Prints
// per tool what it checked; exits 1 on any finding, 2 when a tool is missing or the run itself fails.

const root = path.resolve(__dirname, "..");

async function main(): Promise<number> {
    requireTools(...conformanceTools); // every missing tool at once, before minutes of work
    const plans: NamedPlan[] = [];
    const refused: string[] = [];
    for (const config of configsToPlan(root)) {
        const started = Date.now();
        try {
            const plan = await planStack(config.stack, readStackConfigFile(config.file), loadProgram(), {
                placeholderSecrets: true,
            });
            plans.push({ name: config.name, plan });
            const took = `${plan.resources.length} resources, ${Date.now() - started} ms`;
            console.log(`planned ${config.name} (stack ${config.stack}): ${took}`);
        } catch (err) {
            const message = pulumi.RunError.isInstance(err) ? (err as Error).message : String((err as Error).stack ?? err);
            refused.push(`${config.name}: the config does not plan\n${message}`);
            console.log(`planned ${config.name}: FAILED`);
        }
    }
    const results: CheckResult[] = [];
    for (const check of conformanceChecks) {
        const started = Date.now();
        const result = await check.run(plans);
        results.push(result);
        const status = result.errors.length === 0 ? "ok" : `${result.errors.length} errors`;
        console.log(`${result.tool}: ${result.checked} ${result.unit ?? "artifacts"} ${status} (${Date.now() - started} ms)`);
        for (const gap of result.notChecked ?? []) console.log(`  not checked: ${gap}`);
    }
    const findings = [...refused, ...results.flatMap((r) => r.errors.map((e) => `${r.tool}: ${e}`))];
    if (findings.length > 0) {
        console.error(`\n${findings.length} conformance problems:\n`);
        for (const f of findings) console.error(`- ${f}\n`);
        return 1;
    }
    console.log(`\nconformance: ${plans.length} plans, ${results.length} checks, no problems`);
    return 0;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(err instanceof MissingToolError ? err.message : ((err as Error).stack ?? String(err)));
        process.exit(2);
    },
);
