import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { ruleGroups, type Artifact, type PromRuleGroup } from "./artifacts";
import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import { excerpt, requireTools, runTool, scratchDir } from "./tools";

// Every rule group of every plan through `promtool check rules`: PromQL syntax, durations, label names and
// annotation templates, as Prometheus itself parses them. The operator writes each PrometheusRule to its own
// rule file, so each source object becomes one file here too.

/** Rule files of one plan: one per object that carries rule groups. */
export function ruleFiles(groups: Artifact<PromRuleGroup>[]): Map<string, { where: string; groups: PromRuleGroup[] }> {
    const files = new Map<string, { where: string; groups: PromRuleGroup[] }>();
    for (const g of groups) {
        const source = g.where.replace(/: [^:]*$/, "");
        const entry = files.get(source) ?? { where: source, groups: [] };
        entry.groups.push(g.value);
        files.set(source, entry);
    }
    return files;
}

export const promtoolCheckRules: ConformanceCheck = {
    tool: "promtool check rules",
    run(plans: NamedPlan[]): CheckResult {
        requireTools("promtool");
        const dir = scratchDir("rules");
        const errors: string[] = [];
        let checked = 0;
        for (const np of plans) {
            const groups = ruleGroups(np);
            checked += groups.length;
            for (const [i, { where, groups: fileGroups }] of [...ruleFiles(groups).values()].entries()) {
                const file = path.join(dir, `${np.name.replace(/\W+/g, "_")}-${i}.yaml`);
                fs.writeFileSync(file, stringify({ groups: fileGroups }));
                const r = runTool("promtool", ["check", "rules", file]);
                if (r.status !== 0) errors.push(`${where}: promtool check rules failed\n${excerpt(r.output)}`);
            }
        }
        return { tool: this.tool, checked, unit: `rule groups in ${plans.length} plans`, errors };
    },
};
