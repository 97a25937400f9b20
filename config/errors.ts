import type { z } from "zod";
import { secretRefExpectation } from "../model/primitives";

// Turns schema issues into one readable message: every problem on its own line as `path: expected X, got Y`,
// unknown keys with a did-you-mean. The message is the whole user interface of a bad config, so it names
// the setting the user wrote, never an internal type.

export class ConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        const lines = collapseRepeats(problems);
        super(
            `The stack config has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was deployed:\n` +
                lines.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/**
 * One value refused by many parts (a Kubernetes version outside twenty charts' ranges) reads as one line:
 * `path: expected A; B; and N more, got X`. `problems` keeps every message for tests and tools.
 */
export function collapseRepeats(problems: readonly string[], shown = 2): string[] {
    const shape = /^(\S+): (expected .*), got (.*)$/;
    const groups = new Map<string, string[]>();
    for (const p of problems) {
        const m = shape.exec(p);
        const key = m ? `${m[1]}\u0000${m[3]}` : p;
        groups.set(key, [...(groups.get(key) ?? []), m ? m[2] : p]);
    }
    return [...groups].flatMap(([key, expectations]) => {
        if (!key.includes("\u0000")) return expectations;
        if (expectations.length <= shown + 1) return expectations.map((e) => line(key, e));
        const rest = expectations.length - shown;
        return [line(key, `${expectations.slice(0, shown).join("; ")}; and ${rest} more of the same kind`)];
    });
}

function line(key: string, expectation: string): string {
    const [path, got] = key.split("\u0000");
    return `${path}: ${expectation}, got ${got}`;
}

export type PathSegment = string | number | symbol;

export function formatPath(path: readonly PathSegment[]): string {
    let out = "";
    for (const seg of path) {
        if (typeof seg === "number") out += `[${seg}]`;
        else out += out ? `.${String(seg)}` : String(seg);
    }
    return out;
}

/** A short, readable rendering of the value the user gave. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (typeof value === "string") return JSON.stringify(value);
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
    const json = JSON.stringify(value);
    return json.length <= 60 ? json : "an object";
}

export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
    let cur: any = root;
    for (const seg of path) {
        if (cur === null || typeof cur !== "object") return undefined;
        cur = cur[seg as any];
    }
    return cur;
}

export function levenshtein(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}

/** `; did you mean "addons"?` when one known key is close enough to be the intended one. */
export function didYouMean(given: string, known: readonly string[]): string {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const d = levenshtein(given, candidate);
        if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    const limit = Math.max(2, Math.floor(given.length / 3));
    return best !== undefined && bestDistance <= limit ? `; did you mean "${best}"?` : "";
}

/** The object keys a JSON Schema allows at a path (for did-you-mean), or [] where it allows any. */
export function knownKeysAt(jsonSchema: any, path: readonly PathSegment[]): string[] {
    let node = jsonSchema;
    for (const seg of path) {
        node = resolveBranch(node, seg);
        if (!node) return [];
    }
    node = firstObjectBranch(node);
    return node?.properties ? Object.keys(node.properties) : [];
}

function firstObjectBranch(node: any): any {
    if (!node) return undefined;
    if (node.properties) return node;
    for (const alt of node.anyOf ?? node.oneOf ?? node.allOf ?? []) {
        const found = firstObjectBranch(alt);
        if (found) return found;
    }
    return node;
}

function resolveBranch(node: any, seg: PathSegment): any {
    node = firstObjectBranch(node);
    if (!node) return undefined;
    if (typeof seg === "number") return node.items;
    if (node.properties && seg in node.properties) return node.properties[seg as string];
    if (node.additionalProperties && typeof node.additionalProperties === "object") return node.additionalProperties;
    return undefined;
}

/** Renders one zod issue as one or more `path: expected X, got Y` lines. */
export function formatIssue(issue: z.core.$ZodIssue, input: unknown, jsonSchema: unknown, topLevelPrefix = ""): string[] {
    const at = (path: readonly PathSegment[]) => {
        const p = formatPath(path);
        return path.length === 1 && topLevelPrefix ? `${topLevelPrefix}${p}` : p || "(config)";
    };
    if (issue.code === "unrecognized_keys") {
        const known = knownKeysAt(jsonSchema, issue.path);
        return issue.keys.map((key) => `${at([...issue.path, key])}: unknown setting${didYouMean(key, known)}`);
    }
    // A secret setting given a value instead of a key name most likely holds the secret: never print it.
    const got =
        issue.message === secretRefExpectation
            ? "a value that is not a key name (not shown: it may be the secret itself)"
            : describeValue(valueAt(input, issue.path));
    return [`${at(issue.path)}: ${expectation(issue)}, got ${got}`];
}

function expectation(issue: z.core.$ZodIssue): string {
    if (issue.message.startsWith("expected")) return issue.message;
    switch (issue.code) {
        case "invalid_type":
            return `expected ${issue.expected === "object" ? "a map of settings" : issue.expected === "array" ? "a list" : `a ${issue.expected}`}`;
        case "invalid_value":
            return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "too_small":
            return issue.origin === "array"
                ? `expected at least ${issue.minimum} item(s)`
                : issue.origin === "string"
                  ? `expected at least ${issue.minimum} character(s)`
                  : `expected at least ${issue.minimum}`;
        case "too_big":
            return issue.origin === "array"
                ? `expected at most ${issue.maximum} item(s)`
                : issue.origin === "string"
                  ? `expected at most ${issue.maximum} character(s)`
                  : `expected at most ${issue.maximum}`;
        case "invalid_union":
            return "expected one of the allowed forms";
        default:
            return `expected a valid value (${issue.message})`;
    }
}
