import * as fs from "node:fs";
import * as path from "node:path";
import { baselineTargets, baselineText, planBaselineTarget } from "./lib/urn-baseline";

// npm run urn-baseline
// Rewrites tests/fixtures/urn-baseline/<config>.txt, the sorted URNs of dev, prod and every example (the
// application example included), from
// the offline plans. Run it after adding resources or after deliberately deleting some; the test
// (tests/urn-baseline.test.ts) fails on a lost URN that no alias covers.

async function main(): Promise<void> {
    const root = path.resolve(__dirname, "..");
    for (const target of baselineTargets(root)) {
        const plan = await planBaselineTarget(target, root);
        fs.mkdirSync(path.dirname(target.baselineFile), { recursive: true });
        fs.writeFileSync(target.baselineFile, baselineText(plan));
        console.log(`${path.relative(root, target.baselineFile)}: ${plan.resources.length} URNs (${target.id})`);
    }
}

main().catch((err: unknown) => {
    console.error((err as Error).message ?? String(err));
    process.exit(1);
});
