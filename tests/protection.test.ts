import { expect } from "chai";
import { planOf, planOfConfig, configFileWith, stackConfigWith } from "./harness";
import type { Plan, PlanResource } from "../scripts/lib/offline";

// Protection: in prod every stateful resource — the cluster, KMS keys, database clusters and
// volumes, backup buckets, Vault's storage, the Nova cluster CA, the control-plane nodes that hold etcd — is
// protected or retained on delete; dev is disposable and protects nothing. The lists below are maintained:
// a new resource type or Helm chart in a prod plan fails the classification test until someone decides
// whether it holds state (then it must be protected) or not.

const prodPlans: Record<string, () => Promise<Plan>> = {
    "eks prod (Pulumi.prod.yaml)": () => planOf("prod"),
    "Magnum (Jetstream2) prod": () => planOf("examples/magnum-jetstream2-gitops.yaml", "prod"),
    "OpenStack VMs with kubeadm prod": () => planOf("examples/openstack-vms-kubeadm-vault.yaml", "prod"),
    "bare-metal kubeadm prod": () => planOf("examples/baremetal-kubeadm-cilium-ceph.yaml", "prod"),
};

/** Stateful resource types (and, for shared types, which of them hold state), with the reason. */
const stateful: readonly { type: string; holdsState?: (r: PlanResource, plan: Plan) => boolean; why: string }[] = [
    { type: "aws:eks/cluster:Cluster", why: "the cluster (its etcd)" },
    { type: "aws:eks/nodeGroup:NodeGroup", why: "a delete drains every node at once" },
    { type: "aws:kms/key:Key", why: "envelope encryption of Secrets, Vault's unseal key: lose it, lose the data" },
    { type: "aws:s3/bucket:Bucket", why: "backups" },
    { type: "aws:s3/bucketV2:BucketV2", why: "backups" },
    { type: "aws:ebs/volume:Volume", why: "data" },
    { type: "aws:rds/instance:Instance", why: "data" },
    { type: "aws:route53/zone:Zone", why: "DNS zone the platform does not own" },
    { type: "openstack:containerinfra/cluster:Cluster", why: "the cluster (its etcd)" },
    { type: "openstack:containerinfra/nodeGroup:NodeGroup", why: "a delete drains every node at once" },
    {
        type: "openstack:compute/instance:Instance",
        holdsState: (r) => (r.inputs.metadata as Record<string, string> | undefined)?.["groundwork-role"] === "control-plane",
        why: "etcd on the boot volume",
    },
    { type: "openstack:blockstorage/volume:Volume", why: "data" },
    { type: "openstack:objectstorage/container:Container", why: "backups" },
    { type: "openstack:dns/zone:Zone", why: "DNS zone the platform does not own" },
    { type: "tls:index/selfSignedCert:SelfSignedCert", why: "the cluster CA every kubeconfig and node trusts" },
    { type: "tls:index/privateKey:PrivateKey", holdsState: (r, plan) => isCaKey(r, plan), why: "the cluster CA's key" },
    { type: "kubernetes:postgresql.cnpg.io/v1:Cluster", why: "the database and its volumes" },
    { type: "kubernetes:core/v1:PersistentVolumeClaim", why: "data" },
    {
        type: "kubernetes:helm.sh/v3:Release",
        holdsState: (r) => statefulCharts.has(String(r.inputs.chart)),
        why: "a chart that owns persistent data",
    },
];

/** Helm charts whose release owns data that no backup re-creates on its own. */
const statefulCharts = new Set(["vault", "redpanda", "rook-ceph-cluster"]);
/** Charts reviewed as holding no state worth protecting, with the reason in the comment. */
const statelessCharts = new Set([
    // controllers, operators and their CRDs: re-created from config
    "alloy",
    "argo-cd",
    "aws-load-balancer-controller",
    "base",
    "ceph-csi-drivers",
    "cert-manager",
    "cilium",
    "cloudnative-pg",
    "cluster-autoscaler",
    "designate-certmanager-webhook",
    "eraser",
    "external-dns",
    "external-secrets",
    "istiod",
    "keda",
    "kyverno",
    "metallb",
    "metrics-server",
    "oci://ghcr.io/akuity/kargo-charts/kargo",
    "openstack-cinder-csi",
    "openstack-cloud-controller-manager",
    "opentelemetry-collector",
    "plugin-barman-cloud",
    "prometheus-operator-crds",
    "rook-ceph",
    "traefik",
    "trivy-operator",
    "vault-secrets-operator",
    "velero",
    "karpenter",
    "karpenter-crd",
    "nri-bundle",
    // telemetry with its own retention (metrics, logs in their object store, traces): rebuilt empty
    "kube-prometheus-stack",
    "loki",
    "tempo",
    // a cache by design (the Magnum (Jetstream2) reference platform)
    "valkey",
]);
/** Resource types reviewed as stateless (re-created from config), by prefix or exact type. */
const statelessTypes = [
    /^aws:(cloudwatch|ec2|iam)\//,
    /^aws:eks\/(accessEntry|accessPolicyAssociation|addon|podIdentityAssociation):/,
    /^aws:kms\/alias:/,
    /^aws:s3\/bucket(LifecycleConfiguration|PublicAccessBlock|ServerSideEncryptionConfiguration|Versioning):/,
    /^openstack:(networking|compute\/serverGroup|containerinfra\/clusterTemplate)/,
    /^tls:index\/(certRequest|locallySignedCert):/,
    /^random:/,
    /^pulumi:providers:/,
    // Kubernetes objects re-created from config; PVCs, database clusters and releases are classified above.
    /^kubernetes:(core\/v1:(ConfigMap|Namespace|Secret|ServiceAccount)|core\/v1:(LimitRange|ResourceQuota)|batch\/v1|rbac|storage\.k8s\.io|networking\.k8s\.io|apps\/v1:DaemonSetPatch)/,
    /^kubernetes:(security\.istio\.io\/|cilium\.io\/v2:CiliumNetworkPolicy$)/,
    /^kubernetes:policy\/v1:PodDisruptionBudget$/,
    /^kubernetes:(argoproj\.io|barmancloud\.cnpg\.io|cert-manager\.io|external-secrets\.io|kyverno\.io|metallb\.io|monitoring\.coreos\.com|velero\.io)\//,
    /^kubernetes:postgresql\.cnpg\.io\/v1:(Database|ScheduledBackup)$/,
];

function isCaKey(key: PlanResource, plan: Plan): boolean {
    return plan.resources.some((r) => r.type === "tls:index/selfSignedCert:SelfSignedCert" && r.dependsOn.includes(key.urn));
}

const isProtected = (r: PlanResource) => r.options.protect || r.options.retainOnDelete;

/** The stateful resources of a plan: every resource the maintained list says holds state. */
export function statefulResources(plan: Plan): PlanResource[] {
    return plan.resources.filter((r) => r.custom && stateful.some((s) => s.type === r.type && (!s.holdsState || s.holdsState(r, plan))));
}

describe("protection of stateful resources", () => {
    for (const [label, plan] of Object.entries(prodPlans)) {
        describe(label, () => {
            it("protects (or retains on delete) every stateful resource", async () => {
                const p = await plan();
                const unprotected = statefulResources(p)
                    .filter((r) => !isProtected(r))
                    .map((r) => `${r.type} ${r.name}`);
                expect(unprotected, "stateful but not protected in prod").to.deep.equal([]);
                expect(statefulResources(p)).to.not.be.empty;
            });

            it("classifies every resource type and chart as stateful or reviewed stateless", async () => {
                const p = await plan();
                const unknownTypes = [...new Set(p.resources.filter((r) => r.custom).map((r) => r.type))].filter(
                    (t) => !stateful.some((s) => s.type === t) && !statelessTypes.some((re) => re.test(t)),
                );
                const unknownCharts = [
                    ...new Set(p.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => String(r.inputs.chart))),
                ].filter((c) => !statefulCharts.has(c) && !statelessCharts.has(c));
                expect(
                    unknownTypes,
                    "new resource types: add them to `stateful` or `statelessTypes` in tests/protection.test.ts",
                ).to.deep.equal([]);
                expect(unknownCharts, "new charts: add them to `statefulCharts` or `statelessCharts`").to.deep.equal([]);
            });
        });
    }

    it("lists the protected set of EKS prod", async () => {
        const names = statefulResources(await planOf("prod"))
            .map((r) => `${r.type} ${r.name}`)
            .sort();
        expect(names).to.deep.equal([
            "aws:eks/cluster:Cluster groundwork-prod",
            "aws:eks/nodeGroup:NodeGroup groundwork-prod-general",
            "aws:kms/key:Key groundwork-prod-secrets",
            "aws:kms/key:Key vault-unseal",
            "aws:s3/bucket:Bucket backup-storage-bucket",
            "kubernetes:helm.sh/v3:Release vault",
            "kubernetes:postgresql.cnpg.io/v1:Cluster cloudnative-pg-postgres-cluster",
        ]);
    });

    it("protects the Nova cluster CA and the control-plane nodes, not the workers", async () => {
        const plan = await planOf("examples/openstack-vms-kubeadm-vault.yaml", "prod");
        const protectedNames = plan.resources.filter(isProtected).map((r) => r.name);
        expect(protectedNames).to.include.members(["ocf-pki-ca", "ocf-pki-ca-key", "ocf-cp-0", "ocf-cp-1", "ocf-cp-2"]);
        expect(protectedNames).to.not.include("ocf-workers-0");
    });

    it("retains Vault's volumes in prod and deletes them with the StatefulSet in dev", async () => {
        const retention = async (config: Record<string, unknown>) =>
            ((await planOfConfig(config, "test")).resources.find((r) => r.name === "vault")!.inputs.values as any).server
                .persistentVolumeClaimRetentionPolicy.whenDeleted;
        expect(await retention(configFileWith("examples/openstack-vms-kubeadm-vault.yaml"))).to.equal("Retain");
        expect(await retention(configFileWith("examples/openstack-vms-kubeadm-vault.yaml", { "groundwork:environment": "dev" }))).to.equal(
            "Delete",
        );
    });

    describe("dev is disposable", () => {
        const devPlans: Record<string, () => Promise<Plan>> = {
            "dev (Pulumi.dev.yaml)": () => planOf("dev"),
            "eks in dev": () => planOfConfig(stackConfigWith("prod", { "groundwork:environment": "dev" }), "dev"),
            "magnum in dev": () =>
                planOfConfig(configFileWith("examples/magnum-jetstream2-gitops.yaml", { "groundwork:environment": "dev" }), "dev"),
            "nova in dev": () =>
                planOfConfig(configFileWith("examples/openstack-vms-kubeadm-vault.yaml", { "groundwork:environment": "dev" }), "dev"),
        };
        for (const [label, plan] of Object.entries(devPlans)) {
            it(`${label} protects nothing stateful`, async () => {
                const p = await plan();
                expect(
                    p.resources.filter((r) => r.options.protect).map((r) => r.name),
                    "protected",
                ).to.deep.equal([]);
                expect(
                    statefulResources(p)
                        .filter((r) => r.options.retainOnDelete)
                        .map((r) => r.name),
                    "retained",
                ).to.deep.equal([]);
            });
        }

        it("empties and deletes the backup bucket in dev (forceDestroy), never in prod", async () => {
            const dev = await planOfConfig(stackConfigWith("prod", { "groundwork:environment": "dev" }), "dev");
            const prod = await planOf("prod");
            const bucket = (p: Plan) => p.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!.inputs.forceDestroy;
            expect(bucket(dev)).to.equal(true);
            expect(bucket(prod)).to.equal(false);
        });
    });
});
