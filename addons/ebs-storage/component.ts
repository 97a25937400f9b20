import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { defineComponent } from "../../platform/addon";
import type { EbsStorageSettings } from "./settings";
import { ebsStorage } from "./manifest";

// The ebs-storage ComponentResource; its settings and rules are in ./manifest.ts.

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

export const ebsStorageComponent = defineComponent(
    ebsStorage,
    (name, ctx) => new EbsStorage(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
);
