import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import { ContractIndex, joinPath, type ChartContract } from "./chart-contract";
import { coalesce, isMap, plannedReleases, show } from "./releases";
import { schemaViolations } from "./values-schema";

// Every value the program gives a Helm release must be one the pinned chart reads (its values.yaml or a
// template names the path, or the path lies under a value the templates pass on whole), and the merged
// values must satisfy the chart's values.schema.json where it ships one. A value the chart does not read
// is silently ignored by Helm: the setting the program meant to make never happens.

export const helmValuesCheck: ConformanceCheck = {
    tool: "helm-values",
    run(plans: NamedPlan[]): CheckResult {
        const errors: string[] = [];
        let checked = 0;
        for (const { name, plan } of plans) {
            for (const release of plannedReleases(plan)) {
                checked++;
                const where = `${name}: release ${release.resource.name} (${release.chart} ${release.version})`;
                if (!release.contract) {
                    errors.push(`${where}: no chart contract conformance/charts/${release.chart}-${release.version}.json ` +
                        `(generate it with scripts/chart-contracts.ts from the chart's source)`);
                    continue;
                }
                for (const problem of valuesProblems(release.contract, release.values)) errors.push(`${where}: ${problem}`);
            }
        }
        return { tool: this.tool, checked, errors };
    },
};

/** Problems of one release's values against its chart's contract: unread paths, then schema violations. */
export function valuesProblems(contract: ChartContract, values: Record<string, unknown>): string[] {
    const index = new ContractIndex(contract);
    const problems: string[] = [];
    for (const [valuesPath, value] of setPaths(values)) {
        const why = index.unread(valuesPath);
        if (why) problems.push(`values.${valuesPath.replace(/%2E/g, ".").replace(/%25/g, "%")}: ${why}; we set ${show(value)}`);
    }
    for (const [key, schema, subValues] of schemasToCheck(contract, values)) {
        for (const v of schemaViolations(schema, subValues)) {
            problems.push(`values.${key ? `${key}.` : ""}${v} (values.schema.json of ${contract.chart} ${contract.version})`);
        }
    }
    return problems;
}

/**
 * The paths the program sets, shallowest first: leaves, empty maps and lists. A path is not descended
 * into once it is reported, and list elements are written `*`.
 */
function setPaths(values: unknown, prefix = ""): [string, unknown][] {
    const out: [string, unknown][] = [];
    const entries: [string, unknown][] = Array.isArray(values)
        ? values.map((v) => ["*", v])
        : isMap(values) ? Object.entries(values) : [];
    for (const [key, child] of entries) {
        const p = Array.isArray(values) ? (prefix ? `${prefix}.*` : "*") : joinPath(prefix, key);
        const children = Array.isArray(child) ? child.length : isMap(child) ? Object.keys(child).length : 0;
        if (children === 0) out.push([p, child]);
        else out.push(...setPaths(child, p));
    }
    // The same path from several list elements is reported once.
    return [...new Map(out).entries()];
}

/** [values key, schema, merged values] for the chart and each subchart that ships a schema. */
function schemasToCheck(contract: ChartContract, values: Record<string, unknown>, key = ""): [string, Record<string, unknown>, unknown][] {
    const merged = coalesce(contract.defaults, values) as Record<string, unknown>;
    const out: [string, Record<string, unknown>, unknown][] = contract.schema ? [[key, contract.schema, merged]] : [];
    for (const [subKey, sub] of Object.entries(contract.subcharts)) {
        if (typeof sub === "string" || !isMap(merged[subKey])) continue;
        const subValues = { ...(merged[subKey] as Record<string, unknown>), global: merged.global ?? {} };
        out.push(...schemasToCheck(sub, subValues, key ? `${key}.${subKey}` : subKey));
    }
    return out;
}
