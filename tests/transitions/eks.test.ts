import { expect } from "chai";
import { upgradeStepProblems } from "../../scripts/lib/upgrade-step";
import { storageShrinkProblems } from "../../scripts/lib/storage-shrink";
import { renderDiff } from "../../scripts/lib/plan-diff-report";
import { planOf, resource, stackConfigWith, transitiveDependencies } from "../harness";
import { expectTransition, transition, transitionOf } from "../transition";
import { releasesBeforeTheirCrds, withPreviousCatalog } from "./chart-bump";

// Day-2 operations on the EKS reference platform (Pulumi.prod.yaml), each as config A → config B with the
// exact set of changes `pulumi up` makes. docs/operations/eks.md is the runbook for each.

const general = { name: "general", size: "m6i.xlarge", min: 3, max: 6, desired: 3, diskGiB: 50 };
const batch = { name: "batch", size: "c6i.large", min: 0, max: 4, desired: 0, diskGiB: 50 };
const prod = (patch: Record<string, unknown> = {}) => stackConfigWith("prod", patch);
const withPools = (...nodePools: object[]) => prod({ "groundwork:cluster": { nodePools } });
const eksType = (kind: string) => `aws:eks/${kind[0].toLowerCase()}${kind.slice(1)}:${kind}`;

describe("transitions: EKS", () => {
    describe("Kubernetes minor upgrade 1.33 → 1.34", () => {
        it("updates the control plane, the version-bound add-ons and the node group in place, nothing else", async () => {
            const t = await transition(prod(), prod({ "groundwork:cluster": { kubernetesVersion: "1.34" } }), "prod");
            expectTransition(t, {
                update: [
                    "Cluster groundwork-prod",
                    "Addon groundwork-prod-kube-proxy",
                    "Addon groundwork-prod-coredns",
                    "NodeGroup groundwork-prod-general",
                    // The autoscaler's image follows the cluster minor; Pod Security labels name the version.
                    "Release cluster-autoscaler",
                    "Namespace *",
                ],
            });
            expect(t.resource("Cluster groundwork-prod").rollout).to.equal(
                'control plane upgrade (cannot be rolled back): version "1.33" → "1.34"',
            );
            expect(t.resource("NodeGroup groundwork-prod-general").rollout).to.contain("rolling replacement of every node in the group");
            expect(t.resource("Addon groundwork-prod-kube-proxy").changes.map((c) => [c.before, c.after])).to.deep.equal([
                ["v1.33.0-eksbuild.2", "v1.34.0-eksbuild.2"],
            ]);
        });

        it("orders it control plane → networking add-ons → node groups → CoreDNS and EBS CSI", async () => {
            const head = (await transition(prod(), prod({ "groundwork:cluster": { kubernetesVersion: "1.34" } }), "prod")).head;
            const urn = (kind: string, name: string) => resource(head, eksType(kind), name).urn;
            const waitsFor = (kind: string, name: string) => transitiveDependencies(head, urn(kind, name));
            const cluster = urn("Cluster", "groundwork-prod");
            // EKS: add-ons and node groups are updated after the control plane (kubelet never newer than the API server).
            for (const addon of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "aws-ebs-csi-driver"]) {
                expect(waitsFor("Addon", `groundwork-prod-${addon}`), addon).to.include(cluster);
            }
            const nodes = waitsFor("NodeGroup", "groundwork-prod-general");
            expect(nodes).to.include.members([
                cluster,
                urn("Addon", "groundwork-prod-kube-proxy"),
                urn("Addon", "groundwork-prod-vpc-cni"),
            ]);
            // CoreDNS and the EBS CSI driver run as pods: they roll after the nodes.
            expect(waitsFor("Addon", "groundwork-prod-coredns")).to.include(urn("NodeGroup", "groundwork-prod-general"));
            expect(waitsFor("Addon", "groundwork-prod-aws-ebs-csi-driver")).to.include(urn("NodeGroup", "groundwork-prod-general"));
        });

        it("refuses skipping a minor and going back, between the deployed plan and the proposed one", async () => {
            const t = await transition(
                prod({ "groundwork:cluster": { kubernetesVersion: "1.32" } }),
                prod({ "groundwork:cluster": { kubernetesVersion: "1.34" } }),
                "prod",
            );
            expect(upgradeStepProblems(t.base, t.head)).to.deep.equal([
                'cluster.kubernetesVersion: expected one minor step at a time from 1.32 (to 1.33), got "1.34"',
            ]);
            expect(upgradeStepProblems(t.head, t.base)).to.deep.equal([
                'cluster.kubernetesVersion: expected 1.34 or 1.35 (Kubernetes cannot be downgraded), got "1.32"',
            ]);
        });
    });

    describe("node pools", () => {
        it("adding a pool creates its launch template and node group only", async () => {
            expectTransition(await transition(withPools(general), withPools(general, batch), "prod"), {
                add: ["LaunchTemplate groundwork-prod-batch", "NodeGroup groundwork-prod-batch"],
            });
        });

        it("removing a pool deletes its node group, which prod protects: the diff refuses until it is unprotected", async () => {
            const t = await transition(withPools(general, batch), withPools(general), "prod");
            expectTransition(t, { remove: ["LaunchTemplate groundwork-prod-batch", "NodeGroup groundwork-prod-batch"] });
            expect(t.resource("NodeGroup groundwork-prod-batch").protect).to.equal(true);
            expect(renderDiff(t.diff, "text")).to.contain("NodeGroup groundwork-prod-batch is protected: `pulumi up` refuses to delete it");
        });

        it("a new instance type replaces that node group alone, new group first (create before delete)", async () => {
            const t = await transition(withPools(general, batch), withPools(general, { ...batch, size: "c6i.xlarge" }), "prod");
            expectTransition(t, { replace: ["NodeGroup groundwork-prod-batch"] });
            expect(t.resource("NodeGroup groundwork-prod-batch").replaceReasons).to.deep.equal(["instanceTypes changed (immutable)"]);
            const nodeGroup = resource(t.head, eksType("NodeGroup"), "groundwork-prod-batch");
            // No fixed nodeGroupName: EKS accepts the new group next to the old one, which drains only after.
            expect(nodeGroup.inputs).to.not.have.property("nodeGroupName");
            expect(nodeGroup.options.deleteBeforeReplace).to.equal(false);
        });

        it("a new disk size rolls the group's nodes through a new launch template version, not a replacement", async () => {
            const t = await transition(withPools(general), withPools({ ...general, diskGiB: 80 }), "prod");
            expectTransition(t, { update: ["LaunchTemplate groundwork-prod-general"] });
        });
    });

    describe("every chart to a newer pin", () => {
        it("updates every Helm release and CRD bundle in place, replacing and deleting nothing", async () => {
            const head = await planOf("prod");
            const t = transitionOf(withPreviousCatalog(head), head);
            expectTransition(t, { update: ["Release *", "ConfigFile *"] });
            expect(t.changed.update.filter((l) => l.startsWith("Release ")).length).to.equal(
                head.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").length,
            );
        });

        it("applies each CRD bundle before the chart installed without its CRDs", async () => {
            const head = await planOf("prod");
            expect(head.resources.filter((r) => r.type === "kubernetes:yaml/v2:ConfigFile").length).to.be.greaterThan(2);
            expect(releasesBeforeTheirCrds(head)).to.deep.equal([]);
        });
    });

    describe("database", () => {
        it("growing storage is one in-place update of the CNPG Cluster", async () => {
            const t = await transition(prod(), prod({ "groundwork:database": { storage: { size: "200Gi" } } }), "prod");
            expectTransition(t, { update: ["Cluster cloudnative-pg-postgres-cluster"] });
            expect(
                t.resource("Cluster cloudnative-pg-postgres-cluster").changes.map((c) => [c.path.join("."), c.before, c.after]),
            ).to.deep.equal([["spec.storage.size", "50Gi", "200Gi"]]);
            expect(storageShrinkProblems(t.base, t.head)).to.deep.equal([]);
        });

        it("shrinking storage is refused, naming the setting", async () => {
            const t = await transition(prod({ "groundwork:database": { storage: { size: "200Gi" } } }), prod(), "prod");
            expect(storageShrinkProblems(t.base, t.head)).to.deep.equal([
                'database.storage.size: expected 200Gi or more (CloudNativePG volumes grow in place but never shrink), got "50Gi"',
            ]);
        });

        it("renaming the database replaces the protected Cluster (refused) and keeps its namespace", async () => {
            const t = await transition(prod(), prod({ "groundwork:database": { name: "pg" } }), "prod");
            expect(t.changed.remove).to.deep.equal([]);
            expect(t.changed.add).to.deep.equal([]);
            expect(t.changed.replace).to.include("Cluster cloudnative-pg-postgres-cluster");
            expect(t.resource("Cluster cloudnative-pg-postgres-cluster").protect).to.equal(true);
            expect(renderDiff(t.diff, "text")).to.contain(
                "Cluster cloudnative-pg-postgres-cluster is protected: `pulumi up` refuses to replace it",
            );
        });

        it("a stack deployed under another database name keeps its URNs through aliases", async () => {
            const t = await transition(prod(), prod({ "groundwork:database": { name: "pg" } }), "prod");
            const cluster = resource(t.head, "kubernetes:postgresql.cnpg.io/v1:Cluster", "cloudnative-pg-postgres-cluster");
            expect(cluster.aliases?.some((a) => a.endsWith("::cloudnative-pg-pg-cluster"))).to.equal(true);
        });
    });

    describe("immutable settings", () => {
        it("new private subnet ranges replace the subnets and, through their new IDs, the node group", async () => {
            const t = await transition(
                prod(),
                prod({ "groundwork:cluster": { eks: { privateSubnetCidrs: ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"] } } }),
                "prod",
            );
            expectTransition(t, {
                replace: [
                    "Subnet groundwork-prod-private-*",
                    "RouteTableAssociation groundwork-prod-private-*",
                    "NodeGroup groundwork-prod-general",
                ],
                // EKS moves the control plane's ENIs to the new subnets in place (same VPC only).
                update: ["Cluster groundwork-prod"],
            });
            expect(t.resource("NodeGroup groundwork-prod-general").protect).to.equal(true);
        });

        it("a new backup bucket replaces the protected bucket and repoints every writer", async () => {
            const t = await transition(
                prod(),
                prod({ "groundwork:backups": { objectStore: { bucket: "groundwork-prod-backups-2" } } }),
                "prod",
            );
            expect(t.changed.replace).to.include("Bucket backup-storage-bucket");
            expect(t.resource("Bucket backup-storage-bucket").protect).to.equal(true);
            expect(t.changed.remove).to.deep.equal([]);
            expect(t.changed.update).to.include.members(["ObjectStore cloudnative-pg-postgres-object-store", "Release velero"]);
        });
    });
});
