// The series an alert reads: the metric names of a PromQL expression's selectors with their equality
// matchers. A small scanner, not a parser: enough for rule expressions (functions, aggregations with
// by/without, vector matching, ranges, offsets), which `promtool check rules` has already validated.

export interface Selector {
    metric: string;
    /** `label="value"` matchers only; regex and negative matchers are left out. */
    equals: Record<string, string>;
}

const keywords = new Set([
    ...["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"],
    // aggregation operators, which may take `by (…)` before their parentheses
    ...["sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile"],
    ...["limitk", "limit_ratio"],
]);

export function selectors(expr: string): Selector[] {
    const braces: string[] = [];
    let text = expr.replace(/\{[^}]*\}/g, (m) => `{${braces.push(m) - 1}}`); // label matchers, set aside
    text = text
        .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""') // string arguments (label_replace, …)
        .replace(/\[[^\]]*\]/g, "") // ranges and subqueries
        .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "$1"); // label lists
    const out: Selector[] = [];
    const identifier = /(?<![\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{(\d+)\})?\s*(\()?/g;
    for (const m of text.matchAll(identifier)) {
        const [, name, , brace, call] = m;
        if (call || keywords.has(name.toLowerCase())) continue; // a function or aggregation, or a keyword
        out.push({ metric: name, equals: brace === undefined ? {} : equalityMatchers(braces[Number(brace)]) });
    }
    return out;
}

function equalityMatchers(braces: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of braces.matchAll(/([a-zA-Z_]\w*)\s*(=~|!=|!~|=)\s*"((?:[^"\\]|\\.)*)"/g)) if (m[2] === "=") out[m[1]] = m[3];
    return out;
}
