import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { offlineStackOutputs } from "./mocks/common";
import { outputsForReference, planStack, readStackConfigFile, runOffline, stackConfigPath, type Plan } from "./offline";
import { aliasAdvice, matchOldUrns, successorOf } from "./urn-match";
import { loadExampleApp } from "./example-app";
import { groundwork } from "../../program";

// The URN baseline: every URN the committed stacks (Pulumi.dev.yaml, Pulumi.prod.yaml) and the example
// configs (examples/*.yaml) create, and the application example (examples/app, its own project, on the prod
// platform), one sorted list per config in tests/fixtures/urn-baseline/. A URN is a
// resource's identity in the state: one that disappears without an alias covering it makes `pulumi up`
// delete that resource and create a new one. New URNs are fine; `npm run urn-baseline` records them.

export interface BaselineTarget {
    /** "prod", or "examples/eks-alb-autoscaling-tenants.yaml". */
    readonly id: string;
    readonly configFile: string;
    /** The stack name the config is planned as (an example's `groundwork:environment`, else dev). */
    readonly stack: string;
    readonly baselineFile: string;
    /** examples/app: the application program on the platform, instead of the platform program. */
    readonly app?: boolean;
}

export function baselineTargets(root: string): BaselineTarget[] {
    const dir = path.join(root, "tests/fixtures/urn-baseline");
    const stacks = ["dev", "prod"].map((stack) => ({
        id: stack,
        configFile: path.join(root, `Pulumi.${stack}.yaml`),
        stack,
        baselineFile: path.join(dir, `${stack}.txt`),
    }));
    const examples = fs
        .readdirSync(path.join(root, "examples"))
        .filter((f) => f.endsWith(".yaml"))
        .sort()
        .map((f) => {
            const configFile = path.join(root, "examples", f);
            const doc = (parse(fs.readFileSync(configFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };
            const stack = String(doc.config?.["groundwork:environment"] ?? "dev");
            const baselineFile = path.join(dir, `${f.replace(/\.yaml$/, "")}.txt`);
            return { id: `examples/${f}`, configFile, stack, baselineFile };
        });
    const application = {
        id: "examples/app",
        configFile: path.join(root, "examples/app/Pulumi.dev.yaml"),
        stack: "dev",
        baselineFile: path.join(dir, "app.txt"),
        app: true,
    };
    return [...stacks, ...examples, application];
}

/**
 * The plan of a target as `pulumi up` would run it. The application example reads the platform stack named
 * in its config (`app:platformStack`, e.g. organization/groundwork/prod), planned from Pulumi.<stack>.yaml.
 */
export async function planBaselineTarget(target: BaselineTarget, root: string): Promise<Plan> {
    const config = readStackConfigFile(target.configFile);
    if (!target.app) return planStack(target.stack, config, groundwork);
    const platformStack = config.values["app:platformStack"];
    const platformName = platformStack.split("/").pop()!;
    const platformConfig = readStackConfigFile(stackConfigPath(platformName, root));
    const platform = await planStack(platformName, platformConfig, groundwork);
    const projectFile = path.join(path.dirname(target.configFile), "Pulumi.yaml");
    const project = (parse(fs.readFileSync(projectFile, "utf8")) as { name: string }).name;
    const previous = offlineStackOutputs.get(platformStack);
    offlineStackOutputs.set(platformStack, outputsForReference(platform));
    try {
        return await runOffline(target.stack, config, loadExampleApp(), { project });
    } finally {
        if (previous) offlineStackOutputs.set(platformStack, previous);
        else offlineStackOutputs.delete(platformStack);
    }
}

export function readBaseline(file: string): string[] {
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.startsWith("urn:"));
}

export function baselineText(plan: Plan): string {
    return `${plan.resources
        .map((r) => r.urn)
        .sort()
        .join("\n")}\n`;
}

/** Baseline URNs the plan neither has nor claims through an alias, each with how to keep it. */
export function lostUrns(baseline: readonly string[], plan: Plan): { urn: string; fix: string }[] {
    const claimed = new Set(matchOldUrns(new Set(baseline), plan.resources).values());
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const added = plan.resources.filter((r) => !baseline.includes(r.urn));
    return baseline
        .filter((urn) => !claimed.has(urn))
        .map((urn) => {
            const successor = successorOf(urn, added);
            const fix = successor
                ? aliasAdvice(urn, successor, byUrn)
                : "no resource of that name in the plan: if deleting it is intended, run `npm run urn-baseline`";
            return { urn, fix };
        });
}

/** The failure message: each lost URN, what `pulumi up` would do, and the alias that prevents it. */
export function lostUrnsMessage(target: string, lost: readonly { urn: string; fix: string }[]): string {
    return [
        `${target}: ${lost.length} URN(s) of the baseline are gone and no alias covers them; \`pulumi up\` would ` +
            "delete these resources and create new ones:",
        ...lost.map((l) => `  - ${l.urn}\n    ${l.fix}`),
        "A new URN is fine; to accept a deletion, regenerate the baseline: npm run urn-baseline",
    ].join("\n");
}
