import { ruleGroups } from "./artifacts";
import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import { unscrapedReason } from "./metric-sources";
import { selectors } from "./promql-selectors";

// No dead alerts: every series an alert reads must come from a component that the same plan scrapes
// (./metric-sources.ts says which component exports which metric and how a plan scrapes it).

export const deadAlerts: ConformanceCheck = {
    tool: "no dead alerts",
    run(plans: NamedPlan[]): CheckResult {
        const errors: string[] = [];
        let checked = 0;
        for (const np of plans) {
            for (const group of ruleGroups(np)) {
                for (const rule of group.value.rules.filter((r) => r.alert)) {
                    checked++;
                    for (const s of selectors(rule.expr)) {
                        const reason = unscrapedReason(s, np.plan);
                        if (reason) errors.push(`${group.where}: alert ${rule.alert} can never fire: ${reason}`);
                    }
                }
            }
        }
        return { tool: this.tool, checked, unit: `alerts in ${plans.length} plans`, errors };
    },
};
