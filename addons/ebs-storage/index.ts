import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import type { ClusterHandle } from "../../platform/cluster/handle";

// The EKS default StorageClass: gp3, encrypted, bound where the pod lands (WaitForFirstConsumer, so a volume
// is created in the pod's zone). The EBS CSI driver itself is an EKS managed add-on that the EKS substrate
// installs with its own identity role; this addon only adds the class the platform's workloads use.

export const ebsStorageSettings = z.strictObject({
    enabled: z.boolean().describe("Create the gp3 default StorageClass (encrypted, WaitForFirstConsumer) on EKS."),
    kmsKeyId: z
        .string({ error: "expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<id>" })
        .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, { error: "expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<id>" })
        .optional()
        .describe("Customer-managed KMS key (full ARN) for volume encryption; the account's aws/ebs key when unset. Changing it replaces the StorageClass (existing volumes keep their key)."),
    fsType: z.enum(["ext4", "xfs"]).default("ext4").describe("File system of new volumes. Changing it replaces the StorageClass."),
    reclaimPolicy: z
        .enum(["Retain", "Delete"])
        .describe("Retain keeps the EBS volume (and its data) when a PersistentVolumeClaim is deleted. Changing it replaces the StorageClass."),
    iops: z.number().int().min(3000).max(80000).optional().describe("gp3 provisioned IOPS above the 3000 baseline; the baseline (no extra cost) when unset."),
    throughput: z.number().int().min(125).max(2000).optional().describe("gp3 throughput in MiB/s above the 125 baseline."),
});
export type EbsStorageSettings = z.infer<typeof ebsStorageSettings>;

/** The class name when the substrate does not name one; the EKS substrate promises "gp3". */
export const defaultEbsStorageClass = "gp3";

export interface EbsStorageArgs {
    cluster: ClusterHandle;
    settings: EbsStorageSettings;
}

export class EbsStorage extends pulumi.ComponentResource {
    /** A plain name, so consumers (databases, stateful charts) do not wait on the class to exist. */
    readonly storageClassName: string;
    readonly storageClass: k8s.storage.v1.StorageClass;

    constructor(name: string, args: EbsStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:EbsStorage", name, {}, opts);
        const { settings, cluster } = args;
        // Must be the class the substrate advertises as its default, which other addons read from the handle.
        this.storageClassName = cluster.capabilities.defaultStorageClass ?? defaultEbsStorageClass;
        const parameters: Record<string, string> = {
            type: "gp3",
            encrypted: "true", // the driver reads parameters as strings
            "csi.storage.k8s.io/fstype": settings.fsType,
        };
        if (settings.kmsKeyId) parameters.kmsKeyId = settings.kmsKeyId;
        if (settings.iops) parameters.iops = String(settings.iops);
        if (settings.throughput) parameters.throughput = String(settings.throughput);
        this.storageClass = new k8s.storage.v1.StorageClass(
            `${name}-gp3`,
            {
                metadata: {
                    name: this.storageClassName,
                    annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
                    labels: { "app.kubernetes.io/managed-by": "groundwork" },
                },
                provisioner: "ebs.csi.aws.com",
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                reclaimPolicy: settings.reclaimPolicy,
                parameters,
            },
            { parent: this },
        );
        this.registerOutputs({ storageClassName: this.storageClassName });
    }
}

export const ebsStorage = defineAddon({
    key: "ebsStorage",
    description: "Encrypted gp3 EBS default StorageClass (WaitForFirstConsumer, expandable)",
    settings: ebsStorageSettings,
    defaults: {
        dev: { enabled: false, reclaimPolicy: "Delete" },
        prod: { enabled: false, reclaimPolicy: "Retain" },
    },
    // On EKS the substrate advertises "gp3" as its default class: this addon is what makes that true.
    substrateDefaults: { eks: { enabled: true } },
    substrates: ["eks"],
    flows: () => [], // StorageClasses only; the EBS CSI driver is an EKS managed add-on in kube-system
    create: (name, ctx) => new EbsStorage(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
});
