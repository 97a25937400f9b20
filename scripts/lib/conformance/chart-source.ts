import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { ChartContract } from "./chart-contract";
import { compactSchema } from "./compact-schema";

// Reads a chart source folder into a ChartContract. Two layouts:
//  - extracted: values.yaml, values.schema.json (optional), Chart.yaml, source.txt, templates-paths.txt
//    (lines "ref <path>", "free <path>", "iter <path>", "missing-subchart <key> <chart@version> <repo>") and
//    subcharts/<key>/ in the same layout: the team's reference extraction of the pinned charts;
//  - upstream: a chart folder as published (Chart.yaml, values.yaml, templates/, charts/<sub>/), e.g. from
//    a fetched repository. Its `.Values` paths are found with a pattern scan that counts every path a
//    template names as read and every path used with toYaml/tpl/range/with as free-form: coarser than the
//    extraction (it misses `index .Values "a"` and paths relative to a `with` block), so check its output.

interface Dependency {
    name: string;
    alias?: string;
    version?: string;
    repository?: string;
    condition?: string;
}

/**
 * `version` overrides Chart.yaml's: several charts keep a placeholder there (0.0.0, 0.1.0) that their release
 * process replaces. The extracted layout's source.txt records the version that was asked for.
 */
export function readChartSource(dir: string, version?: string): ChartContract {
    const chartYaml = parse(fs.readFileSync(path.join(dir, "Chart.yaml"), "utf8")) as {
        name: string;
        version: string;
        dependencies?: Dependency[];
    };
    const defaults = (parse(fs.readFileSync(path.join(dir, "values.yaml"), "utf8")) ?? {}) as Record<string, unknown>;
    const schemaFile = path.join(dir, "values.schema.json");
    const schema = fs.existsSync(schemaFile)
        ? (compactSchema(JSON.parse(fs.readFileSync(schemaFile, "utf8"))) as Record<string, unknown>)
        : undefined;
    const sourceFile = path.join(dir, "source.txt");
    const sourceText = fs.existsSync(sourceFile) ? fs.readFileSync(sourceFile, "utf8") : "";
    const source = sourceText.split("\n")[0].trim() || path.resolve(dir);
    const requested = /^requested [^@\s]+@(\S+?);/m.exec(sourceText)?.[1];

    const deps = chartYaml.dependencies ?? [];
    const conditions = deps.flatMap((d) =>
        (d.condition ?? "")
            .split(",")
            .map((c) => c.trim())
            .filter(Boolean),
    );
    const scanned = fs.existsSync(path.join(dir, "templates-paths.txt")) ? readExtractedPaths(dir) : scanTemplates(dir);

    const subcharts: Record<string, ChartContract | string> = {};
    for (const dep of deps) {
        const key = dep.alias ?? dep.name;
        const candidates = [
            ["subcharts", key],
            ["charts", key],
            ["charts", dep.name],
        ].map((p) => path.join(dir, ...p));
        const subdir = candidates.find((d) => fs.existsSync(path.join(d, "Chart.yaml")));
        subcharts[key] = subdir
            ? readChartSource(subdir)
            : `${dep.name}@${dep.version ?? "?"} from ${dep.repository ?? "?"} not in the chart source`;
    }
    return {
        chart: chartYaml.name,
        version: version ?? requested ?? String(chartYaml.version),
        source,
        defaults,
        reads: [...new Set([...scanned.reads, ...conditions])].sort(),
        freeForm: [...new Set(scanned.freeForm)].sort(),
        ...(schema ? { schema } : {}),
        subcharts,
    };
}

function readExtractedPaths(dir: string): { reads: string[]; freeForm: string[] } {
    const reads: string[] = [];
    const freeForm: string[] = [];
    for (const line of fs.readFileSync(path.join(dir, "templates-paths.txt"), "utf8").split("\n")) {
        const [kind, valuesPath] = line.split(" ");
        if (kind === "ref") reads.push(valuesPath);
        // A ranged-over value: its elements (list) or keys (map) are the chart's to interpret, any shape.
        if (kind === "free" || kind === "iter") freeForm.push(valuesPath);
    }
    return { reads, freeForm };
}

const valuesRef = /\$?\.Values((?:\.[A-Za-z_][\w-]*)+)/g;
const passesWhole = /\b(toYaml|toJson|tpl|range|with|toPrettyJson|toRawJson)\b/;

function scanTemplates(dir: string): { reads: string[]; freeForm: string[] } {
    const reads: string[] = [];
    const freeForm: string[] = [];
    const templates = path.join(dir, "templates");
    const files = fs.existsSync(templates) ? fs.readdirSync(templates, { recursive: true }) : [];
    for (const file of files.map(String)) {
        const full = path.join(templates, file);
        if (!fs.statSync(full).isFile()) continue;
        for (const action of fs.readFileSync(full, "utf8").match(/{{[\s\S]*?}}/g) ?? []) {
            for (const m of action.matchAll(valuesRef)) {
                const p = m[1].slice(1);
                reads.push(...p.split(".").map((_, i, parts) => parts.slice(0, i + 1).join(".")));
                if (passesWhole.test(action)) freeForm.push(p);
            }
        }
    }
    return { reads, freeForm };
}
