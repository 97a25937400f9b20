import * as fs from "node:fs";
import * as path from "node:path";

// A chart contract: what one pinned chart version reads from its values, vendored in conformance/charts/
// by scripts/chart-contracts.ts (which says where the data comes from). The helm-values check compares
// every values path the program sets against it.

export interface ChartContract {
    chart: string;
    version: string;
    /** Where the chart source was read (repository, tag, commit, folder). */
    source: string;
    /** The chart's values.yaml: Helm merges the program's values over it. */
    defaults: Record<string, unknown>;
    /** `.Values` paths the templates read (array elements as `*`), and Chart.yaml dependency conditions. */
    reads: string[];
    /** Paths the templates pass on whole (toYaml, range, tpl): any key below them is legal. */
    freeForm: string[];
    /** values.schema.json, compacted, where the chart ships one; Helm refuses values it rejects. */
    schema?: Record<string, unknown>;
    /**
     * Subcharts by the key their values live under (alias or name): their own contract, or a string saying
     * why there is none (values below such a key cannot be checked and are reported).
     */
    subcharts: Record<string, ChartContract | string>;
}

export const contractsDir = path.resolve(__dirname, "../../../conformance/charts");

export function contractFileName(chart: string, version: string): string {
    return `${chart}-${version}.json`;
}

const loaded = new Map<string, ChartContract | undefined>();

/** The vendored contract of chart@version, or undefined when none was generated for that exact version. */
export function loadContract(chart: string, version: string, dir = contractsDir): ChartContract | undefined {
    const file = path.join(dir, contractFileName(chart, version));
    if (!loaded.has(file)) {
        const contract = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as ChartContract) : undefined;
        loaded.set(file, contract);
    }
    return loaded.get(file);
}

/**
 * A values path: keys joined with ".", a "." inside a key written "%2E" (Grafana's `grafana.ini`), list
 * elements "*". In the contract's paths "*" and "?" also stand for any key (a template ranging over a map,
 * or indexing it with a computed key), and "<all>" for the whole values tree.
 */
export function joinPath(prefix: string, key: string): string {
    const segment = key.replace(/%/g, "%25").replace(/\./g, "%2E");
    return prefix ? `${prefix}.${segment}` : segment;
}

/** A path of joinPath's form as a person writes it (keys with their dots). */
export function displayPath(valuesPath: string): string {
    return valuesPath.replace(/%2E/g, ".").replace(/%25/g, "%");
}

/** Every path of a values tree (maps and lists), parents included. */
export function valuePaths(value: unknown, prefix = ""): string[] {
    const out: string[] = [];
    const children: [string, unknown][] = Array.isArray(value)
        ? value.map((v) => ["*", v])
        : value && typeof value === "object"
          ? Object.entries(value as Record<string, unknown>)
          : [];
    for (const [key, child] of children) {
        const p = key === "*" && Array.isArray(value) ? (prefix ? `${prefix}.*` : "*") : joinPath(prefix, key);
        out.push(p, ...valuePaths(child, p));
    }
    return out;
}

const isWildcard = (segment: string) => segment === "*" || segment === "?";

/** Does `pattern` (contract path, may hold wildcards) match the first segments of `segments`? */
function matchesPrefix(pattern: string[], segments: string[]): boolean {
    return pattern.length <= segments.length && pattern.every((p, i) => isWildcard(p) || p === segments[i]);
}

const indexes = new WeakMap<ChartContract, ContractIndex>();

/** Lookup of one contract: is a values path read by the chart (or its subcharts)? */
export class ContractIndex {
    /** The index of a contract, built once. */
    static of(contract: ChartContract): ContractIndex {
        let index = indexes.get(contract);
        if (!index) {
            index = new ContractIndex(contract);
            indexes.set(contract, index);
        }
        return index;
    }

    private readonly exact: Set<string>;
    private readonly wildcard: string[][];
    private readonly free: string[][];

    private constructor(readonly contract: ChartContract) {
        const known = [...contract.reads, ...valuePaths(contract.defaults)];
        this.exact = new Set(known);
        this.wildcard = known.filter((p) => p.split(".").some(isWildcard)).map((p) => p.split("."));
        this.free = contract.freeForm.map((p) => (p === "<all>" ? [] : p.split(".")));
    }

    /**
     * Why `valuesPath` (see joinPath) is not read, or undefined when it is. The path is read when the chart
     * names it (values.yaml or a template), or it lies below a value the templates pass on whole.
     */
    unread(valuesPath: string): string | undefined {
        if (this.isRead(valuesPath)) return undefined;
        const [head, ...rest] = valuesPath.split(".");
        const sub = this.contract.subcharts[head];
        if (sub !== undefined && rest.length > 0) {
            if (typeof sub === "string") return `subchart "${head}" has no vendored contract (${sub})`;
            if (rest[0] === "global") return undefined;
            return ContractIndex.of(sub).unread(rest.join("."));
        }
        const { chart, version } = this.contract;
        const siblings = this.keysUnder(valuesPath.split(".").slice(0, -1).join("."));
        const known =
            siblings.length === 0
                ? ""
                : `; it reads ${siblings.slice(0, 10).map(displayPath).join(", ")}${siblings.length > 10 ? ", …" : ""} there`;
        return `${chart} ${version} reads no such value (not in its values.yaml or templates)${known}`;
    }

    /** The keys the chart names directly below `parent` ("" for the top level). */
    private keysUnder(parent: string): string[] {
        const depth = parent === "" ? 0 : parent.split(".").length;
        const keys = [...this.exact]
            .filter((p) => (parent === "" || p.startsWith(`${parent}.`)) && p.split(".").length === depth + 1)
            .map((p) => p.split(".")[depth]);
        return [...new Set(keys)].filter((k) => k !== "*" && k !== "?").sort();
    }

    /** Does the chart name this exact path (values.yaml or a template), not only through a wildcard? */
    names(valuesPath: string): boolean {
        return this.exact.has(valuesPath);
    }

    /** Does the chart hand this value (or one that contains it) to an object whole (toYaml, range)? */
    passesWhole(valuesPath: string): boolean {
        const segments = valuesPath.split(".");
        return this.free.some((p) => matchesPrefix(p, segments));
    }

    private isRead(valuesPath: string): boolean {
        if (this.exact.has(valuesPath)) return true;
        // A list set where the chart names the value but ships no default list (cilium's policyCIDRMatchMode:
        // null, joined by the template): the template reads the list whole, so its items are read too.
        if (valuesPath.endsWith(".*") && this.exact.has(valuesPath.slice(0, -2))) return true;
        const segments = valuesPath.split(".");
        return (
            this.wildcard.some((p) => p.length === segments.length && matchesPrefix(p, segments)) ||
            this.free.some((p) => matchesPrefix(p, segments))
        );
    }
}
