import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { Environment } from "./types";

// Which environment a stack is, for the live policy pack: CrossGuard tells a policy the resource's URN
// (which names the stack), not the stack's config, so the pack reads `groundwork:environment` from the
// stack's Pulumi.<stack>.yaml next to the program.

const cache = new Map<string, Environment>();

/** "urn:pulumi:prod::groundwork::…" → "prod" */
export function stackOfUrn(urn: string): string {
    return urn.split("::")[0].replace(/^urn:pulumi:/, "");
}

export function environmentOfStack(stack: string, root = path.resolve(__dirname, "..")): Environment {
    const cached = cache.get(stack);
    if (cached) return cached;
    let env: Environment = /prod/.test(stack) ? "prod" : "dev";
    const file = path.join(root, `Pulumi.${stack.split("/").pop()}.yaml`);
    if (fs.existsSync(file)) {
        const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
        const value = doc?.config?.["groundwork:environment"];
        if (value === "prod" || value === "dev") env = value;
    }
    cache.set(stack, env);
    return env;
}
