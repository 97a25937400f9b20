import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import { dnsLabel } from "../../model/primitives";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { clusterValues, csiDriversValues, gatewayInstancesOf, objectGatewayResources, objectStoreEndpoint, operatorValues, rookNamespace } from "./values";

// Rook-Ceph: block storage (and optionally an S3 object store) from the nodes' own disks, for bare metal
// and plain VMs (the bare-metal reference platform) where no cloud volume service exists. Three releases in Rook's documented
// order: the operator (with its CRDs and the ceph-csi-operator), the CSI drivers, then the cluster chart
// with the CephCluster, the block pool and its StorageClass.

export const rookCephSettings = z.strictObject({
    enabled: z.boolean().describe("Run Rook-Ceph: block storage (and optionally S3) from the nodes' own disks."),
    monCount: z
        .union([z.literal(1), z.literal(3), z.literal(5)], { error: "expected 1, 3 or 5 monitors" })
        .describe("Ceph monitors: an odd number for quorum; 3 in prod (one per host)."),
    mgrCount: z.number().int().min(1).max(2).describe("Ceph managers (one active, one standby)."),
    replicas: z.number().int().min(1).max(5).describe("Copies of each block (replicated pool size), one per host."),
    storage: z
        .strictObject({
            useAllNodes: z.boolean().default(true).describe("Run OSDs on every node; false to list them under `nodes`."),
            useAllDevices: z
                .boolean()
                .optional()
                .describe("Let OSDs take every empty device; true unless deviceFilter or per-node devices choose them, when unset."),
            deviceFilter: z.string().min(1).optional().describe('A regular expression of device names OSDs may take, e.g. "^nvme[0-9]n1$".'),
            nodes: z
                .array(
                    z
                        .strictObject({
                            name: z.string().min(1).describe("The node's name (its kubernetes.io/hostname label)."),
                            devices: z.array(z.string().min(1)).default([]).describe("Device names on that node for OSDs, e.g. nvme0n1; the node-wide choice when empty."),
                        })
                        .describe("A node that runs OSDs."),
                )
                .default([])
                .describe("Explicit nodes (and devices) instead of every node; needs useAllNodes: false."),
        })
        .prefault({})
        .describe("Which nodes and disks Ceph's OSDs use; an OSD takes only an empty device (no partitions or file system)."),
    storageClass: z
        .strictObject({
            name: dnsLabel.default("ceph-block").describe("Name of the block StorageClass."),
            isDefault: z.boolean().optional().describe("Mark it the cluster's default class; only when the substrate has no default of its own, if unset."),
            reclaimPolicy: z.enum(["Retain", "Delete"]).describe("Retain keeps a volume's image when its claim is deleted."),
        })
        .describe("The block pool's StorageClass."),
    objectStore: z
        .strictObject({
            enabled: z.boolean().default(false).describe("A Ceph S3 object store (RADOS Gateway) and a StorageClass for ObjectBucketClaims; backups can use it."),
            name: dnsLabel.default("ceph-objectstore").describe("Name of the CephObjectStore (part of its endpoint's host name)."),
            gatewayInstances: z
                .number()
                .int()
                .min(1)
                .max(5)
                .optional()
                .describe("RADOS Gateway pods; 2 where the pool is replicated, else 1, when unset."),
            bucketStorageClass: dnsLabel.default("ceph-bucket").describe("Name of the StorageClass ObjectBucketClaims use."),
            region: z.string().min(1).default("us-east-1").describe("The S3 region name clients sign requests with."),
        })
        .prefault({})
        .describe("A Ceph S3 object store (RADOS Gateway)."),
    dashboard: z.boolean().default(false).describe("The Ceph dashboard (reach it with a port-forward)."),
    toolbox: z.boolean().default(false).describe("The rook-ceph-tools pod, for `ceph` commands."),
    monitoring: z.boolean().default(false).describe("ServiceMonitors and the operator's RBAC for them; needs the Prometheus operator's CRDs."),
});
export type RookCephSettings = z.infer<typeof rookCephSettings>;

/** The Ceph S3 endpoint and the class ObjectBucketClaims use: plain strings, so consumers do not wait on Ceph. */
export interface CephObjectStoreInfo {
    /** In-cluster S3 endpoint of the RADOS Gateway. */
    readonly endpoint: string;
    readonly region: string;
    readonly bucketStorageClass: string;
}

export interface RookCephArgs {
    cluster: ClusterHandle;
    settings: RookCephSettings;
    /** Protect the cluster release (and so the CephCluster and its pools) from deletion. */
    protect: boolean;
}

export class RookCeph extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly storageClassName: string;
    readonly isDefaultClass: boolean;
    readonly objectStore: CephObjectStoreInfo | undefined;
    /** The cluster release: what a consumer that truly needs Ceph running (not just a class name) waits for. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: RookCephArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:RookCeph", name, {}, opts);
        const { settings, cluster } = args;
        // Privileged: OSDs take raw block devices and the CSI node plugins mount volumes into the kubelet's
        // directories (hostPath, privileged containers, host networking for the mons). Nothing else runs here.
        const ns = platformNamespace(this, name, { name: rookNamespace, podSecurity: "privileged", kubernetesVersion: cluster.kubernetesVersion });
        const operator = helmRelease(this, { chart: charts.rookCeph, namespace: ns.metadata.name, values: operatorValues(settings) });
        // Needs the ceph-csi-operator's CRDs (Driver, OperatorConfig) from the operator release.
        const drivers = helmRelease(this, { chart: charts.cephCsiDrivers, namespace: ns.metadata.name, values: csiDriversValues(settings), dependsOn: [operator] });
        this.isDefaultClass = settings.storageClass.isDefault ?? cluster.capabilities.defaultStorageClass === undefined;
        const cephCluster = helmRelease(
            this,
            {
                chart: charts.rookCephCluster,
                namespace: ns.metadata.name,
                values: clusterValues({ settings, isDefaultClass: this.isDefaultClass }),
                // The CephCluster and pools need the operator's CRDs; their volumes need the CSI drivers.
                dependsOn: [operator, drivers],
                timeoutSeconds: 900,
            },
            // Deleting this release deletes the CephCluster, its pools and every volume's data.
            { protect: args.protect },
        );
        this.namespace = ns.metadata.name;
        this.storageClassName = settings.storageClass.name;
        this.objectStore = settings.objectStore.enabled
            ? { endpoint: objectStoreEndpoint(settings.objectStore.name), region: settings.objectStore.region, bucketStorageClass: settings.objectStore.bucketStorageClass }
            : undefined;
        this.ready = [cephCluster];
        this.registerOutputs({ namespace: this.namespace, storageClassName: this.storageClassName, objectStore: this.objectStore });
    }
}

/** Cross-field rules; paths are relative to the stack config. */
export function rookCephProblems(settings: RookCephSettings, config: PlatformConfig): string[] {
    const at = "addons.rookCeph";
    const problems: string[] = [];
    const { storage } = settings;
    if (storage.useAllDevices === true && (storage.deviceFilter || storage.nodes.some((n) => n.devices.length > 0))) {
        problems.push(`${at}.storage.useAllDevices: expected false or unset when storage.deviceFilter or per-node devices choose the disks, got true`);
    }
    if (storage.nodes.length > 0 && storage.useAllNodes) {
        problems.push(`${at}.storage.useAllNodes: expected false when storage.nodes lists the nodes to use, got true`);
    }
    if (!storage.useAllNodes && storage.nodes.length === 0) {
        problems.push(`${at}.storage.nodes: expected the nodes whose disks Ceph may use (storage.useAllNodes is false), got an empty list`);
    }
    if (settings.replicas > 1 && settings.monCount === 1 && config.environment === "prod") {
        problems.push(`${at}.monCount: expected 3 or 5 monitors in prod (a single monitor loses quorum with its node), got 1`);
    }
    const existingDefault = config.cluster.existing?.defaultStorageClass;
    if (settings.storageClass.isDefault && config.substrate === "existing" && existingDefault) {
        problems.push(`${at}.storageClass.isDefault: expected false because cluster.existing.defaultStorageClass ("${existingDefault}") is already the default, got true`);
    }
    return problems;
}

export const rookCeph = defineAddon({
    key: "rookCeph",
    description: "Rook-Ceph block storage (replicated pool + StorageClass) and an optional S3 object store from the nodes' disks",
    settings: rookCephSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: [charts.rookCeph, charts.cephCsiDrivers, charts.rookCephCluster],
    defaults: {
        dev: { enabled: false, monCount: 1, mgrCount: 1, replicas: 1, storageClass: { name: "ceph-block", reclaimPolicy: "Delete" } },
        prod: { enabled: false, monCount: 3, mgrCount: 2, replicas: 3, storageClass: { name: "ceph-block", reclaimPolicy: "Retain" } },
    },
    substrates: ["nova", "existing"],
    validate: rookCephProblems,
    // Mons and mgrs keep the rook-ceph-cluster chart's requests (cephClusterSpec.resources), one per node
    // (allowMultiplePerNode: false); the S3 gateways use rook-ceph-values.ts's. OSDs (1 CPU / 4 GiB each) are
    // left out: their number is the nodes' disks, which the config does not state.
    pods: (settings) => [
        { what: "the Ceph monitors", setting: "addons.rookCeph.monCount", replicas: settings.monCount, requests: { cpu: "1000m", memory: "1Gi" }, onePerNode: true },
        { what: "the Ceph managers", setting: "addons.rookCeph.mgrCount", replicas: settings.mgrCount, requests: { cpu: "500m", memory: "512Mi" }, onePerNode: true },
        ...(settings.objectStore.enabled
            ? [{ what: "the Ceph S3 gateways", setting: "addons.rookCeph.objectStore.gatewayInstances", replicas: gatewayInstancesOf(settings), requests: objectGatewayResources.requests, onePerNode: false }]
            : []),
    ],
    // Mons, OSDs and the S3 gateway for the cluster's pods; the CSI node plugins run on the host network.
    flows: () => [
        {
            namespace: rookNamespace,
            ingress: [{ peer: "allNamespaces", ports: [8080, 80] }, { peer: "nodes" }, { peer: "monitoring" }],
            egress: [{ peer: "apiServer" }, { peer: "nodes" }],
        },
    ],
    create: (name, ctx) => new RookCeph(name, { cluster: ctx.cluster, settings: ctx.settings, protect: ctx.config.protect }, ctx.opts),
});
