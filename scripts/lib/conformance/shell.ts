import * as path from "node:path";
import { cloudInitScripts, containerScripts, userData, workflowFiles, workflowScripts, type Artifact, type Script } from "./artifacts";
import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import { excerpt, requireTools, runTool } from "./tools";

// Every embedded script through the shells that run it: `sh -c` scripts of containers (Jobs, CronJobs, Helm
// values), cloud-init runcmd (run by /bin/sh) and write_files scripts (their #! line), and workflow `run:`
// blocks (bash unless `shell:` says otherwise). /bin/sh scripts must parse under dash (Debian, Ubuntu) and
// busybox (Alpine and busybox images); bash scripts under bash; all pass `shellcheck -S error`.

const repoRoot = path.resolve(__dirname, "../../..");

/** Every script of the plans and of the repository's workflows. */
export function allScripts(plans: NamedPlan[]): Artifact<Script>[] {
    return [
        ...plans.flatMap((np) => [...containerScripts(np), ...userData(np).flatMap(cloudInitScripts)]),
        ...workflowFiles(repoRoot).flatMap(workflowScripts),
    ];
}

/** The problems one script has, from each tool that reads it. */
export function scriptProblems(script: Script): string[] {
    const parsers: [string, string[]][] =
        script.shell === "sh"
            ? [
                  ["dash", ["-n"]],
                  ["busybox", ["sh", "-n"]],
              ]
            : [["bash", ["-n"]]];
    const problems: string[] = [];
    for (const [command, args] of parsers) {
        const r = runTool(command, args, { input: script.text });
        if (r.status !== 0) problems.push(`${[command, ...args].join(" ")} failed\n${excerpt(r.output)}`);
    }
    const lint = runTool("shellcheck", ["-S", "error", `--shell=${script.shell}`, "-"], { input: script.text });
    if (lint.status !== 0) problems.push(`shellcheck -S error failed\n${excerpt(lint.output, 30)}`);
    return problems;
}

export const shellScripts: ConformanceCheck = {
    tool: "shellcheck -S error + sh -n (dash, busybox) / bash -n",
    run(plans: NamedPlan[]): CheckResult {
        requireTools("shellcheck", "dash", "busybox", "bash");
        const scripts = allScripts(plans);
        const byText = new Map<string, { script: Script; where: string[] }>();
        for (const s of scripts) {
            const key = `${s.value.shell}\n${s.value.text}`;
            const entry = byText.get(key) ?? { script: s.value, where: [] };
            entry.where.push(s.where);
            byText.set(key, entry);
        }
        const errors: string[] = [];
        for (const { script, where } of byText.values()) {
            const problems = scriptProblems(script);
            if (problems.length === 0) continue;
            const also = where.length > 1 ? ` (and ${where.length - 1} more places with the same script)` : "";
            errors.push(`${where[0]}${also}: ${script.shell} script\n${problems.map((p) => `    ${p}`).join("\n")}`);
        }
        return {
            tool: this.tool,
            checked: byText.size,
            unit: `distinct scripts (${scripts.length} occurrences) in ${plans.length} plans and the workflows`,
            errors,
        };
    },
};
