import { expect } from "chai";
import { storageShrinkProblems } from "../../scripts/lib/storage-shrink";
import { planOf, stackConfigWith } from "../harness";
import { expectTransition, transition, transitionOf } from "../transition";
import { releasesBeforeTheirCrds, withPreviousCatalog } from "./chart-bump";

// Day-2 operations on an existing cluster (Pulumi.dev.yaml: kind): the program does not own the nodes, so
// an upgrade is the user's (kubeadm, kind, the vendor's tooling) and the program follows the version.
// docs/operations/existing.md is the runbook for each.

const dev = (patch: Record<string, unknown> = {}) => stackConfigWith("dev", patch);
const withDatabase = (database: Record<string, unknown> = {}) =>
    dev({ "groundwork:database": { enabled: true, ...database }, "groundwork:addons": { cloudnativePg: { enabled: true } } });

describe("transitions: existing cluster", () => {
    it("a Kubernetes minor upgrade only moves the Pod Security version labels of the namespaces", async () => {
        const t = await transition(dev(), dev({ "groundwork:cluster": { kubernetesVersion: "1.34" } }), "dev");
        expectTransition(t, { update: ["Namespace *"] });
        const labels = t.resource("Namespace traefik-ns").changes.map((c) => `${c.path.at(-1)}: ${String(c.before)} → ${String(c.after)}`);
        expect(labels).to.include("pod-security.kubernetes.io/enforce-version: v1.33 → v1.34");
    });

    it("every chart to a newer pin: releases and CRD bundles update in place, CRDs before their charts", async () => {
        const head = await planOf("dev");
        expectTransition(transitionOf(withPreviousCatalog(head), head), { update: ["Release *", "ConfigFile *"] });
        expect(releasesBeforeTheirCrds(head)).to.deep.equal([]);
    });

    it("growing database storage and WAL is an in-place update of the CNPG Cluster", async () => {
        const t = await transition(withDatabase(), withDatabase({ storage: { size: "50Gi" }, walStorage: { size: "10Gi" } }), "dev");
        expectTransition(t, { update: ["Cluster cloudnative-pg-postgres-cluster"] });
        expect(storageShrinkProblems(t.base, t.head)).to.deep.equal([]);
    });

    it("shrinking WAL storage is refused, naming the setting", async () => {
        const t = await transition(withDatabase({ walStorage: { size: "10Gi" } }), withDatabase({ walStorage: { size: "5Gi" } }), "dev");
        expect(storageShrinkProblems(t.base, t.head)).to.deep.equal([
            'database.walStorage.size: expected 10Gi or more (CloudNativePG volumes grow in place but never shrink), got "5Gi"',
        ]);
    });

    it("renaming the database in dev shows the replacement of the Cluster, and deletes no namespace", async () => {
        const t = await transition(withDatabase(), withDatabase({ name: "pg" }), "dev");
        // A new, empty cluster under the new name (created first), then the old one deleted: restore from backups.
        expectTransition(t, { replace: ["Cluster cloudnative-pg-postgres-cluster"] });
        expect(t.resource("Cluster cloudnative-pg-postgres-cluster").replaceReasons).to.deep.equal(["metadata.name changed (immutable)"]);
    });
});
