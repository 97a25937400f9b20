import type { Plan } from "../../scripts/lib/offline";
import { crdBundles } from "../../model/versions";
import { transitiveDependencies } from "../harness";

// Bumping every chart at once, simulated the other way round: the plan of today's catalog is the head, and
// the base is the same plan as an older catalog would have written it (every Helm release and CRD bundle
// one version back). Shared by the substrate transition tests.

export const releaseType = "kubernetes:helm.sh/v3:Release";
export const crdType = "kubernetes:yaml/v2:ConfigFile";

export function withPreviousCatalog(plan: Plan): Plan {
    const base = JSON.parse(JSON.stringify(plan)) as Plan;
    for (const r of base.resources) {
        if (r.type === releaseType) r.inputs.version = `${String(r.inputs.version)}-previous`;
        if (r.type === crdType) {
            const bundle = Object.values(crdBundles).find((b) => b.url === r.inputs.file);
            if (!bundle) throw new Error(`${r.name}: CRD bundle ${String(r.inputs.file)} is not in the catalog`);
            r.inputs.file = bundle.url.split(bundle.version).join(`${bundle.version}-previous`);
        }
    }
    return base;
}

/** Each CRD bundle and the releases of the same addon that do not wait for it (must be none). */
export function releasesBeforeTheirCrds(plan: Plan): string[] {
    const problems: string[] = [];
    for (const crds of plan.resources.filter((r) => r.type === crdType)) {
        const releases = plan.resources.filter((r) => r.type === releaseType && r.parent === crds.parent && r.inputs.skipCrds === true);
        for (const release of releases) {
            if (!transitiveDependencies(plan, release.urn).has(crds.urn)) problems.push(`${release.name} does not wait for ${crds.name}`);
        }
    }
    return problems;
}
