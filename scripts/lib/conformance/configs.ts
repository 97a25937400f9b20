import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

// The configs conformance plans: every committed stack, every example platform, and the extra configs under
// tests/fixtures/conformance/ that switch on what no shipped config does (every addon, restore mode,
// sandboxed runtimes, Octavia, IRSA, Karpenter). An artifact that no plan contains is not checked.

export interface ConfigToPlan {
    /** As printed: "prod", "examples/eks-every-addon-benchmark.yaml". */
    name: string;
    stack: string;
    file: string;
}

export const conformanceFixtureDir = "tests/fixtures/conformance";

const yamlFiles = (dir: string) =>
    fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".yaml"))
              .sort()
        : [];

function environmentOf(file: string): string {
    const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
    return String(doc?.config?.["groundwork:environment"] ?? "dev");
}

export function configsToPlan(root: string): ConfigToPlan[] {
    // Every committed stack file (Pulumi.<stack>.yaml): prod, dev, and the end-to-end stack CI deploys on kind.
    const committed = fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.([\w-]+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort((a, b) => (a === "prod" ? -1 : b === "prod" ? 1 : a.localeCompare(b)));
    const stacks = committed.map((stack) => ({
        name: stack,
        stack,
        file: path.join(root, `Pulumi.${stack}.yaml`),
    }));
    const files = ["examples", conformanceFixtureDir].flatMap((dir) =>
        yamlFiles(path.join(root, dir)).map((f) => {
            const file = path.join(root, dir, f);
            return { name: `${dir}/${f}`, stack: environmentOf(file), file };
        }),
    );
    return [...stacks, ...files];
}
