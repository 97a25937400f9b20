import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import { ContractIndex, displayPath, joinPath, type ChartContract } from "./chart-contract";
import { coalesce, isMap, isPlaceholder, plannedReleases, show } from "./releases";
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
                    const file = `conformance/charts/${release.chart}-${release.version}.json`;
                    const how = "generate it with scripts/chart-contracts.ts from the chart's source";
                    errors.push(`${where}: no chart contract ${file} (${how})`);
                    continue;
                }
                errors.push(...valuesProblems(release.contract, release.values).map((p) => `${where}: ${p}`));
            }
        }
        return { tool: this.tool, checked, errors };
    },
};

/** Problems of one release's values against its chart's contract: unread paths, then schema violations. */
export function valuesProblems(contract: ChartContract, values: Record<string, unknown>): string[] {
    const index = ContractIndex.of(contract);
    const problems: string[] = [];
    for (const [valuesPath, value] of setPaths(values)) {
        const why = index.unread(valuesPath);
        if (why) problems.push(`values.${displayPath(valuesPath)}: ${why}; we set ${show(value)}`);
    }
    problems.push(...shapeMismatches(index, contract.defaults, values));
    for (const [key, schema, subValues] of schemasToCheck(contract, values)) {
        const prefix = key ? `values.${key}.` : "values.";
        const source = `values.schema.json of ${contract.chart} ${contract.version}`;
        problems.push(...schemaViolations(schema, subValues).map((v) => `${prefix}${v} (${source})`));
    }
    return problems;
}

/**
 * A map where values.yaml has a list or a scalar, or the other way round: Helm keeps our value with a
 * "cannot overwrite table" warning, and the templates reading `.image.repository` of a string get nothing.
 * Empty and null defaults say nothing about the shape, and a value the chart pastes whole (vault's affinity:
 * a YAML string through `tpl`, or a map through toYaml) may take either.
 */
function shapeMismatches(index: ContractIndex, defaults: unknown, ours: unknown, at = ""): string[] {
    if (!isMap(defaults) || !isMap(ours)) return [];
    return Object.entries(ours).flatMap(([key, value]) => {
        const p = joinPath(at, key);
        const def = defaults[key];
        const noShape = def === undefined || def === null || def === "";
        if (noShape || value === null || isPlaceholder(value) || index.passesWhole(p)) return [];
        const shape = (v: unknown) => (Array.isArray(v) ? "a list" : isMap(v) ? "a map" : "a scalar");
        if (shape(def) !== shape(value)) {
            return [
                `values.${displayPath(p)}: the chart's values.yaml has ${shape(def)} here (${show(def)}), ` +
                    `we set ${shape(value)} ${show(value)}`,
            ];
        }
        return shapeMismatches(index, def, value, p);
    });
}

/**
 * The paths the program sets, shallowest first: leaves, empty maps and lists. A path is not descended
 * into once it is reported, and list elements are written `*`.
 */
function setPaths(values: unknown, prefix = ""): [string, unknown][] {
    const out: [string, unknown][] = [];
    const entries: [string, unknown][] = Array.isArray(values) ? values.map((v) => ["*", v]) : isMap(values) ? Object.entries(values) : [];
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
type SchemaTarget = [key: string, schema: Record<string, unknown>, mergedValues: unknown];

function schemasToCheck(contract: ChartContract, values: Record<string, unknown>, key = ""): SchemaTarget[] {
    const merged = coalesce(contract.defaults, values) as Record<string, unknown>;
    const out: SchemaTarget[] = contract.schema ? [[key, contract.schema, merged]] : [];
    for (const [subKey, sub] of Object.entries(contract.subcharts)) {
        if (typeof sub === "string" || !isMap(merged[subKey])) continue;
        const subValues = { ...(merged[subKey] as Record<string, unknown>), global: merged.global ?? {} };
        out.push(...schemasToCheck(sub, subValues, key ? `${key}.${subKey}` : subKey));
    }
    return out;
}
