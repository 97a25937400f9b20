import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { PlanResource } from "../offline";
import type { NamedPlan } from "./check";

// Finds the artifacts a plan hands to other programs: Prometheus rule groups (PrometheusRule objects and rule
// groups inside Helm values), alertmanager.yaml, cloud-init user data, and the shell scripts embedded in
// containers, cloud-init and workflows. Each artifact says where it came from, for the error messages.

export interface Artifact<T> {
    /** "<plan>: <resource type> <name>[: detail]" */
    where: string;
    value: T;
}

export interface PromRule {
    alert?: string;
    record?: string;
    expr: string;
    for?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

export interface PromRuleGroup {
    name: string;
    rules: PromRule[];
}

export type Shell = "sh" | "bash";

export interface Script {
    shell: Shell;
    text: string;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const where = (np: NamedPlan, r: PlanResource, detail?: string) => `${np.name}: ${r.type} ${r.name}${detail ? `: ${detail}` : ""}`;

/** Every object below `value` (itself included), with its path of keys. */
function* walk(value: unknown, at: string[] = []): Generator<[Record<string, unknown>, string[]]> {
    if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) yield* walk(v, [...at, String(i)]);
    } else if (isMap(value)) {
        yield [value, at];
        for (const [k, v] of Object.entries(value)) yield* walk(v, [...at, k]);
    }
}

const isRuleGroup = (v: unknown): v is PromRuleGroup =>
    isMap(v) && typeof v.name === "string" && Array.isArray(v.rules) && v.rules.every((r) => isMap(r) && typeof r.expr === "string");

/** Rule groups of PrometheusRule objects and of Helm values (any `groups:` list of rule groups). */
export function ruleGroups(np: NamedPlan): Artifact<PromRuleGroup>[] {
    const out: Artifact<PromRuleGroup>[] = [];
    for (const r of np.plan.resources) {
        for (const [obj, at] of walk(r.inputs)) {
            if (!Array.isArray(obj.groups) || obj.groups.length === 0 || !obj.groups.every(isRuleGroup)) continue;
            for (const group of obj.groups as PromRuleGroup[])
                out.push({ where: where(np, r, `${[...at, "groups"].join(".")} ${group.name}`), value: group });
        }
    }
    return out;
}

/** alertmanager.yaml documents: Secrets that carry one (the chart's `configSecret`) and chart values. */
export function alertmanagerConfigs(np: NamedPlan): Artifact<string>[] {
    const out: Artifact<string>[] = [];
    for (const r of np.plan.resources) {
        if (r.type === "kubernetes:core/v1:Secret") {
            const data = (r.inputs.stringData ?? {}) as Record<string, unknown>;
            for (const key of ["alertmanager.yaml", "alertmanager.yml"]) {
                if (typeof data[key] === "string") out.push({ where: where(np, r, key), value: data[key] as string });
            }
        }
        const values = r.type === "kubernetes:helm.sh/v3:Release" ? (r.inputs.values as Record<string, unknown> | undefined) : undefined;
        const inValues = (values?.alertmanager as Record<string, unknown> | undefined)?.config;
        if (isMap(inValues)) out.push({ where: where(np, r, "values alertmanager.config"), value: JSON.stringify(inValues) });
    }
    return out;
}

/** cloud-init user data of every server. */
export function userData(np: NamedPlan): Artifact<string>[] {
    return np.plan.resources
        .filter((r) => typeof r.inputs.userData === "string" && r.inputs.userData !== "[secret]")
        .map((r) => ({ where: where(np, r, "userData"), value: r.inputs.userData as string }));
}

const shells: Record<string, Shell> = {
    sh: "sh",
    "/bin/sh": "sh",
    ash: "sh",
    "/bin/ash": "sh",
    bash: "bash",
    "/bin/bash": "bash",
    "/usr/bin/env bash": "bash",
};
const commandFlag = /^-[a-z]*c[a-z]*$/;

/** A container's `sh -c SCRIPT` (in command, or split between command and args), if it runs one. */
export function containerScript(container: Record<string, unknown>): Script | undefined {
    const argv = [...(Array.isArray(container.command) ? container.command : []), ...(Array.isArray(container.args) ? container.args : [])];
    const shell = shells[String(argv[0])];
    if (!shell || argv.length < 3 || !commandFlag.test(String(argv[1])) || typeof argv[2] !== "string") return undefined;
    return { shell, text: argv[2] };
}

/** Scripts run by the containers of any object in the plan (Jobs, CronJobs, Helm values). */
export function containerScripts(np: NamedPlan): Artifact<Script>[] {
    const out: Artifact<Script>[] = [];
    for (const r of np.plan.resources) {
        for (const [obj, at] of walk(r.inputs)) {
            const script = containerScript(obj);
            if (script)
                out.push({
                    where: where(np, r, `${at.join(".")} (${String(obj.name ?? "container")})`),
                    value: script,
                });
        }
    }
    return out;
}

/** The interpreter a script file's `#!` line names, if it is a shell. */
export function shebangShell(text: string): Shell | undefined {
    const first = text.split("\n", 1)[0];
    if (!first.startsWith("#!")) return undefined;
    return shells[first.slice(2).trim()];
}

/**
 * Scripts in cloud-init user data: the `runcmd` strings (cloud-init writes them, one per line, into a script
 * it runs with /bin/sh) and every `write_files` entry that is a shell script.
 */
export function cloudInitScripts(artifact: Artifact<string>): Artifact<Script>[] {
    const doc = parse(artifact.value) as {
        runcmd?: unknown[];
        write_files?: { path: string; content?: string }[];
    } | null;
    const out: Artifact<Script>[] = [];
    const lines = (doc?.runcmd ?? []).filter((c): c is string => typeof c === "string");
    if (lines.length > 0) out.push({ where: `${artifact.where}: runcmd`, value: { shell: "sh", text: `${lines.join("\n")}\n` } });
    for (const file of doc?.write_files ?? []) {
        const shell = typeof file.content === "string" ? shebangShell(file.content) : undefined;
        if (shell) out.push({ where: `${artifact.where}: write_files ${file.path}`, value: { shell, text: file.content! } });
    }
    return out;
}

/** The workflow and composite-action files of the repository. */
export function workflowFiles(root: string): Artifact<string>[] {
    const files: string[] = [];
    const workflows = path.join(root, ".github", "workflows");
    if (fs.existsSync(workflows))
        files.push(
            ...fs
                .readdirSync(workflows)
                .filter((f) => /\.ya?ml$/.test(f))
                .map((f) => path.join(workflows, f)),
        );
    const actions = path.join(root, ".github", "actions");
    if (fs.existsSync(actions)) {
        for (const dir of fs.readdirSync(actions)) {
            for (const f of ["action.yml", "action.yaml"])
                if (fs.existsSync(path.join(actions, dir, f))) files.push(path.join(actions, dir, f));
        }
    }
    return files.sort().map((f) => ({ where: path.relative(root, f), value: fs.readFileSync(f, "utf8") }));
}

/** `${{ … }}` is substituted by the runner before the shell sees the script: a plain word stands in for it. */
const withoutExpressions = (text: string) => text.replace(/\$\{\{[^}]*\}\}/g, "GITHUB_EXPRESSION");

/** `run:` blocks of workflow jobs and composite actions, with the shell that runs each (bash by default). */
export function workflowScripts(file: Artifact<string>): Artifact<Script>[] {
    const doc = parse(file.value) as Record<string, unknown> | null;
    const out: Artifact<Script>[] = [];
    const stepsOf = (steps: unknown, defaultShell: unknown, at: string) => {
        for (const [i, step] of (Array.isArray(steps) ? steps : []).entries()) {
            if (!isMap(step) || typeof step.run !== "string") continue;
            const shellName = String(step.shell ?? defaultShell ?? "bash");
            const shell: Shell | undefined = shellName === "sh" ? "sh" : shellName === "bash" ? "bash" : undefined;
            if (shell)
                out.push({
                    where: `${file.where}: ${at} step ${String(step.name ?? step.id ?? i + 1)}`,
                    value: { shell, text: withoutExpressions(step.run) },
                });
        }
    };
    const defaultsShell = (d: unknown) => (isMap(d) && isMap(d.run) ? d.run.shell : undefined);
    const jobs = isMap(doc?.jobs) ? doc.jobs : {};
    for (const [id, job] of Object.entries(jobs)) {
        if (isMap(job)) stepsOf(job.steps, defaultsShell(job.defaults) ?? defaultsShell(doc?.defaults), `job ${id}`);
    }
    if (isMap(doc?.runs)) stepsOf(doc.runs.steps, undefined, "action");
    return out;
}
