import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseStackFile } from "./lib/stack-file";

// npm run stacks: the committed stacks (Pulumi.<stack>.yaml) as JSON, one object per stack with its
// environment and substrate. CI builds its per-stack job matrix from this, so a new stack file is
// planned, previewed and policy-checked without editing a workflow.

export interface StackInfo {
    stack: string;
    environment: "dev" | "prod";
    substrate: string;
    /**
     * Whether a hosted CI runner can reach the cluster: cloud substrates through their APIs, an existing cluster
     * only through a kubeconfig held in secret config. A local context (kind on a laptop) is not reachable.
     */
    reachableFromCi: boolean;
}

export function committedStacks(root = path.resolve(__dirname, "..")): StackInfo[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.([\w.-]+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort()
        .map((stack) => {
            const config = parseStackFile(path.join(root, `Pulumi.${stack}.yaml`)).config ?? {};
            const substrate = String(config["groundwork:substrate"] ?? "existing");
            const existing = (config["groundwork:cluster"] as { existing?: { kubeconfig?: string } } | undefined)?.existing;
            return {
                stack,
                environment: config["groundwork:environment"] === "prod" ? "prod" : "dev",
                substrate,
                reachableFromCi: substrate !== "existing" || !!existing?.kubeconfig,
            };
        });
}

if (require.main === module) {
    try {
        process.stdout.write(`${JSON.stringify(committedStacks())}\n`);
    } catch (err) {
        // A stack file with a YAML error: its one-line message, no stack trace.
        console.error(pulumi.RunError.isInstance(err) ? err.message : err);
        process.exit(1);
    }
}
