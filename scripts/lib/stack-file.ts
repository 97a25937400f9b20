import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseDocument } from "yaml";
import { isMap } from "../../policy/values";

// Reads a Pulumi.<stack>.yaml for the offline tools. Under `pulumi up` the Pulumi CLI parses the file;
// offline, a syntax error is the user's to fix, so it is reported like a compiler does, one line per
// error with file, line and column (a RunError: the scripts print it without a stack trace).

/** The parts of a stack file the offline tools read. */
export interface StackFileDocument {
    config?: Record<string, unknown>;
}

export function parseStackFile(file: string): StackFileDocument {
    const shown = displayPath(file);
    const doc = parseDocument(fs.readFileSync(file, "utf8"));
    if (doc.errors.length > 0) {
        const lines = doc.errors.map((e) => {
            const pos = e.linePos?.[0];
            const message = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
            return `${shown}:${pos ? `${pos.line}:${pos.col}:` : ""} ${message}`;
        });
        throw new pulumi.RunError(lines.join("\n"));
    }
    const root: unknown = doc.toJS() ?? {};
    if (!isMap(root)) {
        throw new pulumi.RunError(`${shown}: expected a map with a \`config:\` section, got ${kindOf(root)}`);
    }
    if (root.config !== undefined && root.config !== null && !isMap(root.config)) {
        const got = kindOf(root.config);
        throw new pulumi.RunError(`${shown}: config: expected a map of namespace:key settings, got ${got}`);
    }
    return { config: (root.config ?? undefined) as Record<string, unknown> | undefined };
}

/** What the file holds instead of a map, without echoing it (a stack file may hold secrets). */
const kindOf = (v: unknown) => (Array.isArray(v) ? "a list" : `a ${typeof v}`);

/** Relative to the working directory when the file is under it (what an editor's "go to file:line" takes). */
function displayPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
