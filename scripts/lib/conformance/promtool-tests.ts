import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { alertCases, type AlertCase } from "./alert-tests";
import { ruleGroups, type PromRuleGroup } from "./artifacts";
import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import { ruleFiles } from "./promtool-rules";
import { excerpt, requireTools, runTool, scratchDir } from "./tools";

// `promtool test rules` for every alert of every plan, with that plan's thresholds: each alert fires on the
// cases in ./alert-tests.ts where it should and stays silent on the others. Annotations are left out of the
// tested copy (promtool compares rendered annotations verbatim; `promtool check rules` checks their templates).

const withoutAnnotations = (groups: PromRuleGroup[]): PromRuleGroup[] =>
    groups.map((g) => ({ ...g, rules: g.rules.map(({ annotations: _, ...rule }) => rule) }));

function testGroup(alert: string, ruleLabels: Record<string, string>, c: AlertCase) {
    return {
        name: `${alert}: ${c.name}`,
        interval: c.interval ?? "1m",
        input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
        alert_rule_test: [
            {
                eval_time: c.at,
                alertname: alert,
                exp_alerts: c.fires.map((labels) => ({ exp_labels: { ...labels, ...ruleLabels } })),
            },
        ],
    };
}

export const promtoolTestRules: ConformanceCheck = {
    tool: "promtool test rules",
    run(plans: NamedPlan[]): CheckResult {
        requireTools("promtool");
        const dir = scratchDir("rule-tests");
        const errors: string[] = [];
        const done = new Set<string>();
        let checked = 0;
        for (const np of plans) {
            for (const { where, groups } of ruleFiles(ruleGroups(np)).values()) {
                const tested = withoutAnnotations(groups);
                const tests = [];
                for (const rule of tested.flatMap((g) => g.rules)) {
                    if (!rule.alert) continue;
                    const cases = alertCases[rule.alert] ?? [];
                    if (!cases.some((c) => c.fires.length > 0) || !cases.some((c) => c.fires.length === 0)) {
                        const needs = "a case where it fires and one where it stays silent";
                        errors.push(`${where}: alert ${rule.alert} needs ${needs} in scripts/lib/conformance/alert-tests.ts`);
                        continue;
                    }
                    checked++;
                    tests.push(...cases.map((c) => testGroup(rule.alert!, rule.labels ?? {}, c)));
                }
                const rules = stringify({ groups: tested });
                // One test file per sample interval, evaluated at that interval: days-long cases stay cheap.
                for (const interval of new Set(tests.map((t) => t.interval))) {
                    const sameInterval = tests.filter((t) => t.interval === interval);
                    const key = `${rules}\n${JSON.stringify(sameInterval)}`;
                    if (done.has(key)) continue;
                    done.add(key);
                    const base = path.join(dir, `${done.size}`);
                    fs.writeFileSync(`${base}-rules.yaml`, rules);
                    const testFile = {
                        rule_files: [`${base}-rules.yaml`],
                        evaluation_interval: interval,
                        tests: sameInterval,
                    };
                    fs.writeFileSync(`${base}-test.yaml`, stringify(testFile));
                    const r = runTool("promtool", ["test", "rules", `${base}-test.yaml`]);
                    if (r.status !== 0) errors.push(`${where}: promtool test rules failed\n${excerpt(r.output, 40)}`);
                }
            }
        }
        return { tool: this.tool, checked, unit: `alerts (fires and silent cases) in ${plans.length} plans`, errors };
    },
};
