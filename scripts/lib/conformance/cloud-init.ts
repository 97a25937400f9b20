import * as fs from "node:fs";
import * as path from "node:path";
import { userData } from "./artifacts";
import type { CheckResult, ConformanceCheck, NamedPlan } from "./check";
import { excerpt, requireTools, runTool, scratchDir } from "./tools";

// Every server's user data (rendered with placeholder secrets) through `cloud-init schema`: the modules
// cloud-init would run at first boot, and their keys, as cloud-init itself validates them.

export const cloudInitSchema: ConformanceCheck = {
    tool: "cloud-init schema",
    run(plans: NamedPlan[]): CheckResult {
        requireTools("cloud-init");
        const dir = scratchDir("cloud-init");
        const errors: string[] = [];
        const seen = new Map<string, string | undefined>();
        let checked = 0;
        for (const np of plans) {
            for (const artifact of userData(np)) {
                checked++;
                if (!artifact.value.startsWith("#cloud-config\n")) {
                    const why = 'expected user data starting with "#cloud-config" (else cloud-init ignores it)';
                    errors.push(`${artifact.where}: ${why}`);
                    continue;
                }
                if (!seen.has(artifact.value)) {
                    const file = path.join(dir, `${seen.size}.yaml`);
                    fs.writeFileSync(file, artifact.value);
                    const r = runTool("cloud-init", ["schema", "--config-file", file]);
                    seen.set(artifact.value, r.status === 0 ? undefined : excerpt(r.output));
                }
                const problem = seen.get(artifact.value);
                if (problem) errors.push(`${artifact.where}: cloud-init schema failed\n${problem}`);
            }
        }
        return { tool: this.tool, checked, unit: `user data in ${plans.length} plans`, errors };
    },
};
