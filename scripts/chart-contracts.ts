import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "./lib/args";
import { contractFileName, contractsDir, type ChartContract } from "./lib/conformance/chart-contract";
import { readChartSource } from "./lib/conformance/chart-source";
import { stableJson } from "./lib/conformance/compact-schema";

// node scripts/fast/run.cjs chart-contracts <chart folder>... [--out conformance/charts] [--version <released version>]
//
// Writes conformance/charts/<chart>-<version>.json, the contract the helm-values conformance check reads:
// the chart's values.yaml, the `.Values` paths its templates read, the paths they pass on whole, its
// values.schema.json (compacted) and its subcharts' contracts.
//
// Where the data comes from: the chart's own source at the pinned tag. The contracts committed on
// 2026-12-05 were generated from the team's extraction of the pinned charts (one folder per chart in the
// "extracted" layout of scripts/lib/conformance/chart-source.ts, each with a source.txt naming the upstream
// repository, tag and commit). When a pin in model/versions.ts moves, read the new version's source
// (e.g. fetch its repository and `git archive <tag> <chart folder> | tar -x -C /tmp/chart`), regenerate
// with this script, review the diff of the contract, and fix the values the new version no longer reads.

/**
 * One top-level key a line and one path a line in `reads` and `freeForm`, so that the diff of a chart bump
 * shows which values the new version stopped or started reading; values.yaml, schema and subcharts stay
 * one compact line each.
 */
function contractJson(contract: ChartContract): string {
    const order = ["chart", "version", "source", "reads", "freeForm", "defaults", "schema", "subcharts"];
    const entries = Object.entries(contract).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    const lines = entries.map(([key, value]) => {
        const text = Array.isArray(value)
            ? value.length
                ? `[\n${value.map((v) => `  ${JSON.stringify(v)}`).join(",\n")}\n ]`
                : "[]"
            : stableJson(value).trimEnd();
        return ` ${JSON.stringify(key)}: ${text}`;
    });
    return `{\n${lines.join(",\n")}\n}\n`;
}

function main(argv: string[]): number {
    const { flags, positional } = parseArgs(argv, ["out", "version"]);
    const out = flags.out ?? contractsDir;
    // An upstream chart folder may carry a placeholder version in Chart.yaml: name the released one.
    if (positional.length === 0 || (flags.version && positional.length > 1)) {
        console.error("usage: node scripts/fast/run.cjs chart-contracts <chart folder>... [--out dir] [--version <version>]");
        return 1;
    }
    fs.mkdirSync(out, { recursive: true });
    for (const dir of positional) {
        const contract = readChartSource(dir, flags.version);
        const file = path.join(out, contractFileName(contract.chart, contract.version));
        fs.writeFileSync(file, contractJson(contract));
        console.log(
            `${file}: ${contract.reads.length} template paths, ${contract.freeForm.length} free-form, ` +
                `schema ${contract.schema ? "yes" : "no"}, subcharts ${Object.keys(contract.subcharts).length}`,
        );
    }
    return 0;
}

process.exit(main(process.argv.slice(2)));
