import { z } from "zod";
import { dnsLabel } from "../../model/primitives";

// The settings of rook-ceph under `addons.rookCeph` in the stack config.

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
            deviceFilter: z
                .string()
                .min(1)
                .optional()
                .describe('A regular expression of device names OSDs may take, e.g. "^nvme[0-9]n1$".'),
            nodes: z
                .array(
                    z
                        .strictObject({
                            name: z.string().min(1).describe("The node's name (its kubernetes.io/hostname label)."),
                            devices: z
                                .array(z.string().min(1))
                                .default([])
                                .describe("Device names on that node for OSDs, e.g. nvme0n1; the node-wide choice when empty."),
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
            isDefault: z
                .boolean()
                .optional()
                .describe("Mark it the cluster's default class; only when the substrate has no default of its own, if unset."),
            reclaimPolicy: z.enum(["Retain", "Delete"]).describe("Retain keeps a volume's image when its claim is deleted."),
        })
        .describe("The block pool's StorageClass."),
    objectStore: z
        .strictObject({
            enabled: z
                .boolean()
                .default(false)
                .describe("A Ceph S3 object store (RADOS Gateway) and a StorageClass for ObjectBucketClaims; backups can use it."),
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
    monitoring: z
        .boolean()
        .default(false)
        .describe("ServiceMonitors and the operator's RBAC for them; needs the Prometheus operator's CRDs."),
});

export type RookCephSettings = z.infer<typeof rookCephSettings>;
