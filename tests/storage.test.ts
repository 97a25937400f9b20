import { expect } from "chai";
import { charts, images } from "../model/versions";
import { objectStoreEndpoint } from "../addons/rook-ceph/values";
import type { Plan, PlanResource } from "../scripts/lib/offline";
import { bareMetal, eks, parse } from "./config-builders";
import { expectProblems, helmRelease, planOf, planOfConfig, resource, resources, stackConfigWith } from "./harness";

// Storage: the EKS gp3 default class and Rook-Ceph on bare metal / plain VMs (the bare-metal reference platform).

const storageClass = (plan: Plan, name: string) => resource(plan, "kubernetes:storage.k8s.io/v1:StorageClass", name);
const values = (release: PlanResource) => release.inputs.values as Record<string, any>;
const repo = (release: PlanResource) => (release.inputs.repositoryOpts as { repo: string }).repo;

describe("addon: ebs-storage (EKS)", () => {
    let prod: Plan;
    let dev: Plan;
    before(async () => {
        prod = await planOf("prod");
        dev = await planOfConfig(eks("dev"), "dev");
    });

    it("is the substrate's default StorageClass: gp3, encrypted, bound where the pod lands", () => {
        const sc = storageClass(prod, "ebs-storage-gp3");
        const metadata = sc.inputs.metadata as any;
        expect(metadata.name).to.equal("gp3");
        expect(metadata.name).to.equal((prod.outputs.capabilities as any).defaultStorageClass);
        expect(metadata.annotations["storageclass.kubernetes.io/is-default-class"]).to.equal("true");
        expect(sc.inputs.provisioner).to.equal("ebs.csi.aws.com");
        expect(sc.inputs.volumeBindingMode).to.equal("WaitForFirstConsumer");
        expect(sc.inputs.allowVolumeExpansion).to.equal(true);
        expect(sc.inputs.parameters).to.deep.equal({ type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" });
    });

    it("retains volumes in prod and deletes them in dev", () => {
        expect(storageClass(prod, "ebs-storage-gp3").inputs.reclaimPolicy).to.equal("Retain");
        expect(storageClass(dev, "ebs-storage-gp3").inputs.reclaimPolicy).to.equal("Delete");
    });

    it("encrypts with a customer-managed KMS key when one is configured", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-111122223333";
        const plan = await planOfConfig(eks("prod", { ebsStorage: { kmsKeyId: key, fsType: "xfs", throughput: 250 } }), "prod");
        const params = storageClass(plan, "ebs-storage-gp3").inputs.parameters as Record<string, string>;
        expect(params).to.include({ kmsKeyId: key, encrypted: "true", "csi.storage.k8s.io/fstype": "xfs", throughput: "250" });
    });

    it("is on by default on EKS and refused elsewhere", () => {
        expect(parse(eks("dev")).addons.ebsStorage.enabled).to.equal(true);
        expect(parse(stackConfigWith("dev", {})).addons.ebsStorage.enabled).to.equal(false);
        const message = expectProblems(() => parse(stackConfigWith("dev", { "groundwork:addons": { ebsStorage: { enabled: true } } })));
        expect(message).to.contain('addons.ebsStorage.enabled: expected false on substrate "existing" (ebsStorage runs on eks), got true');
    });

    it("refuses a KMS key that is not an ARN", () => {
        const message = expectProblems(() => parse(eks("prod", { ebsStorage: { kmsKeyId: "alias/ebs" } })));
        expect(message).to.contain(
            'addons.ebsStorage.kmsKeyId: expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<id>, got "alias/ebs"',
        );
    });
});

describe("addon: rook-ceph (bare metal)", () => {
    let prod: Plan;
    let dev: Plan;
    before(async () => {
        prod = await planOfConfig(
            bareMetal("prod", { rookCeph: { enabled: true, objectStore: { enabled: true }, storage: { deviceFilter: "^nvme[0-9]n1$" } } }),
            "prod",
        );
        dev = await planOfConfig(bareMetal("dev", { rookCeph: { enabled: true } }), "dev");
    });

    it("installs the operator, the CSI drivers and the cluster chart pinned in the catalog", () => {
        for (const [name, pin] of [
            ["rook-ceph", charts.rookCeph],
            ["ceph-csi-drivers", charts.cephCsiDrivers],
            ["rook-ceph-cluster", charts.rookCephCluster],
        ] as const) {
            const release = helmRelease(prod, name);
            expect(release.inputs.chart).to.equal(pin.chart);
            expect(release.inputs.version).to.equal(pin.version);
            expect(repo(release)).to.equal(pin.repo);
            expect(release.inputs.namespace).to.equal("rook-ceph");
        }
        expect(charts.rookCeph.version).to.equal(charts.rookCephCluster.version);
        expect(values(helmRelease(prod, "rook-ceph-cluster")).cephImage).to.include({
            repository: images.ceph.image,
            tag: images.ceph.tag,
        });
    });

    it("follows Rook 1.20's order: operator (CRDs), then CSI drivers, then the cluster", () => {
        const operator = helmRelease(prod, "rook-ceph");
        const drivers = helmRelease(prod, "ceph-csi-drivers");
        const cluster = helmRelease(prod, "rook-ceph-cluster");
        expect(values(operator).crds).to.deep.equal({ enabled: true });
        expect(values(operator).csi).to.deep.equal({ installCsiOperator: true });
        expect(drivers.dependsOn).to.include(operator.urn);
        expect(cluster.dependsOn).to.include.members([operator.urn, drivers.urn]);
    });

    it("runs the CSI drivers with Rook's driver names", () => {
        const v = values(helmRelease(prod, "ceph-csi-drivers"));
        expect(v.operatorConfig.namespace).to.equal("rook-ceph");
        expect(v.drivers.rbd).to.deep.equal({ enabled: true, name: "rook-ceph.rbd.csi.ceph.com" });
        expect(v.drivers.cephfs).to.deep.equal({ enabled: true, name: "rook-ceph.cephfs.csi.ceph.com" });
    });

    it("lives in a privileged namespace (OSDs and CSI node plugins need host access)", () => {
        const labels = (resource(prod, "kubernetes:core/v1:Namespace", "rook-ceph-ns").inputs.metadata as any).labels;
        expect(labels["pod-security.kubernetes.io/enforce"]).to.equal("privileged");
        expect(labels["pod-security.kubernetes.io/warn"]).to.equal("restricted");
    });

    it("sizes the cluster per environment: 3 monitors and 3 replicas in prod, 1 and 1 in dev", () => {
        const p = values(helmRelease(prod, "rook-ceph-cluster"));
        expect(p.cephClusterSpec.mon.count).to.equal(3);
        expect(p.cephClusterSpec.mgr.count).to.equal(2);
        expect(p.cephBlockPools[0].spec.replicated).to.deep.equal({ size: 3, requireSafeReplicaSize: true });
        expect(p.cephClusterSpec.cephConfig).to.equal(undefined);
        const d = values(helmRelease(dev, "rook-ceph-cluster"));
        expect(d.cephClusterSpec.mon.count).to.equal(1);
        expect(d.cephBlockPools[0].spec.replicated).to.deep.equal({ size: 1, requireSafeReplicaSize: false });
        expect(d.cephClusterSpec.cephConfig.global.osd_pool_default_size).to.equal("1");
    });

    it("takes devices from config, and every empty device only when nothing narrower is chosen", async () => {
        expect(values(helmRelease(prod, "rook-ceph-cluster")).cephClusterSpec.storage).to.deep.equal({
            useAllNodes: true,
            useAllDevices: false,
            deviceFilter: "^nvme[0-9]n1$",
        });
        expect(values(helmRelease(dev, "rook-ceph-cluster")).cephClusterSpec.storage).to.deep.equal({
            useAllNodes: true,
            useAllDevices: true,
        });
        const nodes = await planOfConfig(
            bareMetal("dev", {
                rookCeph: { enabled: true, storage: { useAllNodes: false, nodes: [{ name: "jaws", devices: ["nvme0n1"] }] } },
            }),
            "dev",
        );
        expect(values(helmRelease(nodes, "rook-ceph-cluster")).cephClusterSpec.storage).to.deep.equal({
            useAllNodes: false,
            useAllDevices: false,
            nodes: [{ name: "jaws", devices: [{ name: "nvme0n1" }] }],
        });
    });

    it("creates the block StorageClass: default where the substrate has none, Retain in prod", () => {
        const pool = values(helmRelease(prod, "rook-ceph-cluster")).cephBlockPools[0];
        expect(pool.name).to.equal("ceph-blockpool");
        expect(pool.storageClass).to.include({
            enabled: true,
            name: "ceph-block",
            isDefault: true,
            reclaimPolicy: "Retain",
            allowVolumeExpansion: true,
        });
        expect(pool.storageClass.parameters["csi.storage.k8s.io/provisioner-secret-namespace"]).to.equal("rook-ceph");
        expect(values(helmRelease(dev, "rook-ceph-cluster")).cephBlockPools[0].storageClass.reclaimPolicy).to.equal("Delete");
        expect(values(helmRelease(prod, "rook-ceph-cluster")).cephFileSystems).to.deep.equal([]);
    });

    it("is not the default class where the cluster already has one", async () => {
        const kind = await planOfConfig(stackConfigWith("dev", { "groundwork:addons": { rookCeph: { enabled: true } } }), "dev");
        expect(values(helmRelease(kind, "rook-ceph-cluster")).cephBlockPools[0].storageClass.isDefault).to.equal(false);
    });

    it("protects the cluster release in prod", () => {
        expect(helmRelease(prod, "rook-ceph-cluster").options.protect).to.equal(true);
        expect(helmRelease(dev, "rook-ceph-cluster").options.protect).to.equal(false);
    });

    it("adds an S3 object store with an ObjectBucketClaim class and exports its endpoint", () => {
        const stores = values(helmRelease(prod, "rook-ceph-cluster")).cephObjectStores;
        expect(stores).to.have.length(1);
        expect(stores[0].name).to.equal("ceph-objectstore");
        expect(stores[0].spec.dataPool.replicated.size).to.equal(3);
        expect(stores[0].spec.gateway.instances).to.equal(2);
        expect(stores[0].storageClass).to.include({ enabled: true, name: "ceph-bucket", reclaimPolicy: "Retain" });
        expect(prod.outputs.cephObjectStore).to.deep.equal({
            endpoint: "http://rook-ceph-rgw-ceph-objectstore.rook-ceph.svc:80",
            region: "us-east-1",
            bucketStorageClass: "ceph-bucket",
        });
        expect(objectStoreEndpoint("s3")).to.equal("http://rook-ceph-rgw-s3.rook-ceph.svc:80");
        expect(values(helmRelease(dev, "rook-ceph-cluster")).cephObjectStores).to.deep.equal([]);
        expect(dev.outputs.cephObjectStore).to.equal(undefined);
    });

    it("keeps its Helm releases within three waves", () => {
        const byUrn = new Map(prod.resources.map((r) => [r.urn, r]));
        const depth = (r: PlanResource): number =>
            1 +
            Math.max(
                0,
                ...r.dependsOn
                    .map((d) => byUrn.get(d))
                    .filter((d): d is PlanResource => !!d && d.type === "kubernetes:helm.sh/v3:Release")
                    .map(depth),
            );
        const rook = resources(prod, "kubernetes:helm.sh/v3:Release").filter((r) => r.urn.includes("RookCeph"));
        expect(Math.max(...rook.map(depth))).to.equal(3);
    });

    it("is refused on EKS", () => {
        const message = expectProblems(() => parse(eks("prod", { rookCeph: { enabled: true } })));
        expect(message).to.contain(
            'addons.rookCeph.enabled: expected false on substrate "eks" (rookCeph runs on nova, existing), got true',
        );
    });

    it("refuses contradictory device and node selections", () => {
        const message = expectProblems(() =>
            parse(
                bareMetal("dev", {
                    rookCeph: { enabled: true, storage: { deviceFilter: "^sdb$", useAllDevices: true, useAllNodes: false } },
                }),
            ),
        );
        expect(message).to.contain(
            "addons.rookCeph.storage.useAllDevices: expected false or unset when storage.deviceFilter or per-node devices choose the disks, got true",
        );
        expect(message).to.contain(
            "addons.rookCeph.storage.nodes: expected the nodes whose disks Ceph may use (storage.useAllNodes is false), got an empty list",
        );
    });

    it("refuses a single monitor in prod", () => {
        const message = expectProblems(() => parse(bareMetal("prod", { rookCeph: { enabled: true, monCount: 1 } })));
        expect(message).to.contain(
            "addons.rookCeph.monCount: expected 3 or 5 monitors in prod (a single monitor loses quorum with its node), got 1",
        );
    });
});
