import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { cloudProviderOpenstackCharts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { SecretReader } from "../../config/types";
import { addonCloudConfig, cloudConfigSecret } from "../openstack-cloud-controller-manager/component";
import { defineComponent } from "../../platform/addon";
import type { CinderCsiSettings } from "./settings";
import { cinderCsi } from "./manifest";

// The cinder-csi ComponentResource; its settings and rules are in ./manifest.ts.

export interface CinderCsiArgs {
    cluster: ClusterHandle;
    settings: CinderCsiSettings;
    secrets: SecretReader;
}

export class CinderCsi extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: pulumi.Resource;
    /** The default StorageClass's name, for claims that name it explicitly. */
    readonly defaultStorageClass: string;
    readonly storageClasses: k8s.storage.v1.StorageClass[];

    constructor(name: string, args: CinderCsiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:CinderCsi", name, {}, opts);
        const { cluster, settings, secrets } = args;
        // Privileged: the node plugin mounts block devices into pods (privileged, hostPath /dev and kubelet dirs).
        const ns = platformNamespace(this, name, {
            name: "cinder-csi",
            podSecurity: "privileged",
            kubernetesVersion: cluster.kubernetesVersion,
        });
        const secret = cloudConfigSecret(this, name, ns.metadata.name, addonCloudConfig(cluster, settings.existing, secrets));
        const release = helmRelease(this, {
            chart: cloudProviderOpenstackCharts.cinderCsi[cluster.kubernetesVersion],
            namespace: ns.metadata.name,
            values: {
                // Reads cloud.conf from this Secret rather than from the host or a values literal.
                secret: { enabled: true, create: false, hostMount: false, name: "cloud-config", filename: "cloud.conf" },
                clusterID: cluster.name, // tags the volumes with the cluster
                storageClass: { enabled: false },
            },
            dependsOn: [secret],
        });
        const classes = [{ ...settings.defaultClass, isDefault: true }, ...settings.extraClasses.map((c) => ({ ...c, isDefault: false }))];
        this.storageClasses = classes.map(
            (c) =>
                new k8s.storage.v1.StorageClass(
                    `${name}-${c.name}`,
                    {
                        metadata: {
                            name: c.name,
                            annotations: { "storageclass.kubernetes.io/is-default-class": String(c.isDefault) },
                        },
                        provisioner: "cinder.csi.openstack.org",
                        reclaimPolicy: c.reclaimPolicy,
                        volumeBindingMode: "WaitForFirstConsumer",
                        allowVolumeExpansion: true,
                        parameters: c.volumeType ? { type: c.volumeType } : undefined,
                    },
                    { parent: this },
                ),
        );
        this.namespace = ns.metadata.name;
        this.release = release;
        this.defaultStorageClass = settings.defaultClass.name;
        this.registerOutputs({ namespace: this.namespace, defaultStorageClass: this.defaultStorageClass });
    }
}

export const cinderCsiComponent = defineComponent(
    cinderCsi,
    (name, ctx) => new CinderCsi(name, { cluster: ctx.cluster, settings: ctx.settings, secrets: ctx.secrets }, ctx.opts),
);
