import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// Running the real tools: each check names the executables it needs, and a missing one is a clear error
// saying how to install it (CI installs them in .ci/run).

const installHints: Record<string, string> = {
    promtool: "apt-get install prometheus",
    amtool: "apt-get install prometheus-alertmanager",
    "cloud-init": "apt-get install cloud-init",
    shellcheck: "apt-get install shellcheck",
    dash: "apt-get install dash",
    busybox: "apt-get install busybox",
    bash: "apt-get install bash",
};

export class MissingToolError extends Error {}

const found = new Map<string, boolean>();

/** Throws a MissingToolError naming every missing executable and the package that has it. */
export function requireTools(...names: string[]): void {
    const missing = names.filter((name) => {
        if (!found.has(name)) found.set(name, spawnSync("sh", ["-c", `command -v "${name}"`]).status === 0);
        return !found.get(name);
    });
    if (missing.length > 0) {
        const how = missing.map((m) => `${m} (${installHints[m] ?? "install it"})`).join(", ");
        throw new MissingToolError(`missing tools: ${how}; .ci/run installs them with apt-get`);
    }
}

export interface ToolRun {
    status: number;
    /** stdout and stderr together, as a person would read them. */
    output: string;
    stdout: string;
}

/** Runs a tool to completion. */
export function runTool(
    command: string,
    args: string[],
    options: { input?: string; cwd?: string; env?: Record<string, string> } = {},
): ToolRun {
    const env = options.env ? { ...process.env, ...options.env } : undefined;
    const r = spawnSync(command, args, {
        input: options.input,
        cwd: options.cwd,
        env,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    return {
        status: r.status ?? 1,
        output: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim(),
        stdout: (r.stdout ?? "").trim(),
    };
}

/** A fresh temporary directory for one check's files. */
export function scratchDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `conformance-${prefix}-`));
}

/** The first lines of a tool's output, indented under the artifact it is about. */
export function excerpt(output: string, lines = 12): string {
    const all = output.split("\n");
    const shown = all.slice(0, lines).map((l) => `      ${l}`);
    if (all.length > lines) shown.push(`      … ${all.length - lines} more lines`);
    return shown.join("\n");
}
