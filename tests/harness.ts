import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { rawConfigFrom, parseConfig, type RawConfig } from "../config/config";
import { groundwork } from "../program";
import { planStack, readStackConfigFile, stackConfigPath, type Plan, type PlanResource } from "../scripts/lib/offline";
import { planBaselineTarget, type BaselineTarget } from "../scripts/lib/urn-baseline";
import type { PlatformConfig } from "../config/types";

// Test helpers, in one module: run the real program offline for a stack or a config written inline,
// and find resources in the resulting plan.

export const repoRoot = path.resolve(__dirname, "..");

export function rawConfigOfFile(file: string): RawConfig {
    const { values, secretKeys } = readStackConfigFile(file);
    const secret = new Set(secretKeys);
    return rawConfigFrom(values, (k) => secret.has(k));
}

export function configOfStack(stack: string): PlatformConfig {
    return parseConfig(rawConfigOfFile(stackConfigPath(stack, repoRoot)));
}

const planCache = new Map<string, Promise<Plan>>();

/** The plan of a committed stack (Pulumi.<stack>.yaml) or an example config file; cached per file. */
export function planOf(stackOrFile: string, stackName?: string): Promise<Plan> {
    const file = stackOrFile.endsWith(".yaml") ? path.resolve(repoRoot, stackOrFile) : stackConfigPath(stackOrFile, repoRoot);
    const stack = stackName ?? (stackOrFile.endsWith(".yaml") ? (configEnvironment(file) ?? "dev") : stackOrFile);
    const key = `${stack}:${file}`;
    let plan = planCache.get(key);
    if (!plan) {
        plan = planStack(stack, readStackConfigFile(file), groundwork);
        planCache.set(key, plan);
    }
    return plan;
}

/** The plan of a URN baseline target (a stack, an example config, or the application example). */
export function planOfTarget(target: BaselineTarget): Promise<Plan> {
    return target.app ? planBaselineTarget(target, repoRoot) : planOf(target.id, target.stack);
}

const configPlanCache = new Map<string, Promise<Plan>>();

/** The plan of a stack config given as an object (the `config:` map of a Pulumi.<stack>.yaml); cached per content. */
export function planOfConfig(config: Record<string, unknown>, stack = "test"): Promise<Plan> {
    const key = `${stack}:${JSON.stringify(config)}`;
    let plan = configPlanCache.get(key);
    if (!plan) {
        plan = planStack(stack, readStackConfigFile(writeTempConfig(config)), groundwork);
        configPlanCache.set(key, plan);
        plan.catch(() => configPlanCache.delete(key)); // a refused config is asked again, not served stale
    }
    return plan;
}

/** A stack's committed config with `patch` deep-merged over it, as a `config:` map. */
export function stackConfigWith(stack: string, patch: Record<string, unknown>): Record<string, unknown> {
    const doc = parse(fs.readFileSync(stackConfigPath(stack, repoRoot), "utf8")) as { config: Record<string, unknown> };
    return merge(doc.config, patch) as Record<string, unknown>;
}

/** A config file's (e.g. an example's) `config:` map with `patch` deep-merged over it; null deletes a key. */
export function configFileWith(file: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
    const doc = parse(fs.readFileSync(path.resolve(repoRoot, file), "utf8")) as { config: Record<string, unknown> };
    return merge(doc.config, patch) as Record<string, unknown>;
}

export function writeTempConfig(config: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-test-"));
    const file = path.join(dir, "Pulumi.test.yaml");
    fs.writeFileSync(file, stringify({ config }));
    return file;
}

function configEnvironment(file: string): string | undefined {
    const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    return doc.config?.["groundwork:environment"] as string | undefined;
}

function merge(base: unknown, over: unknown): unknown {
    if (over === undefined) return base;
    if (over === null) return undefined; // null in a patch deletes the key
    const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isMap(base) || !isMap(over)) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        const merged = merge(base[k], v);
        if (merged === undefined) delete out[k];
        else out[k] = merged;
    }
    return out;
}

export function resources(plan: Plan, type: string): PlanResource[] {
    return plan.resources.filter((r) => r.type === type);
}

export function resource(plan: Plan, type: string, name: string): PlanResource {
    const found = plan.resources.find((r) => r.type === type && r.name === name);
    if (!found) {
        const names = resources(plan, type).map((r) => r.name);
        throw new Error(`no ${type} named ${name} in the plan (there are: ${names.join(", ") || "none"})`);
    }
    return found;
}

export function helmRelease(plan: Plan, name: string): PlanResource {
    return resource(plan, "kubernetes:helm.sh/v3:Release", name);
}

/** Every resource `urn` depends on, directly or through its dependencies and providers. */
export function transitiveDependencies(plan: Plan, urn: string): Set<string> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const stack = [urn];
    while (stack.length) {
        const r = byUrn.get(stack.pop()!);
        for (const d of [...(r?.dependsOn ?? []), ...(r?.provider ? [r.provider] : [])]) {
            if (!seen.has(d)) {
                seen.add(d);
                stack.push(d);
            }
        }
    }
    return seen;
}

export function expectProblems(run: () => unknown): string {
    try {
        run();
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error("expected the config to be refused, but it was accepted");
}

/** Runs `npm run <command> -- args` the way npm does (plain node through the fast path), without npm itself. */
export function runCommand(command: string, args: readonly string[]): SpawnSyncReturns<string> {
    const runner = path.join(repoRoot, "scripts/fast/run.cjs");
    return spawnSync(process.execPath, [runner, command, ...args], { cwd: repoRoot, encoding: "utf8" });
}
