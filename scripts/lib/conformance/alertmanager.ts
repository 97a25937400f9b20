import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { alertmanagerConfigs } from "./artifacts";
import { receiverFacts, routeCases, routeProblem } from "./alertmanager-routes";
import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import { excerpt, requireTools, runTool, scratchDir } from "./tools";

// Every alertmanager.yaml (rendered with placeholder secrets) through `amtool check-config`, then
// `amtool config routes test` for each case of ./alertmanager-routes.ts.

export const amtoolCheck: ConformanceCheck = {
    tool: "amtool check-config + config routes test",
    run(plans: NamedPlan[]): CheckResult {
        requireTools("amtool");
        const dir = scratchDir("alertmanager");
        const errors: string[] = [];
        let checked = 0;
        for (const np of plans) {
            for (const artifact of alertmanagerConfigs(np)) {
                checked++;
                const file = path.join(dir, `${checked}.yaml`);
                fs.writeFileSync(file, artifact.value);
                const check = runTool("amtool", ["check-config", file]);
                if (check.status !== 0) {
                    errors.push(`${artifact.where}: amtool check-config failed\n${excerpt(check.output)}`);
                    continue;
                }
                const facts = receiverFacts(parse(artifact.value) as { receivers?: Record<string, unknown>[] });
                for (const c of routeCases) {
                    const r = runTool("amtool", ["config", "routes", "test", `--config.file=${file}`, ...c.labels]);
                    const reached = r.stdout
                        .split("\n")
                        .pop()!
                        .split(",")
                        .map((s) => s.trim())
                        .filter(Boolean);
                    const problem = r.status !== 0 ? `amtool failed\n${excerpt(r.output)}` : routeProblem(c, reached, facts);
                    if (problem) errors.push(`${artifact.where}: an alert {${c.labels.join(", ")}}: ${problem}`);
                }
            }
        }
        return {
            tool: this.tool,
            checked,
            unit: `Alertmanager configs × ${routeCases.length} routes in ${plans.length} plans`,
            errors,
        };
    },
};
