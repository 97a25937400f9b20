import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { cloudProviderOpenstackCharts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { SecretReader } from "../../config/types";
import { dnsLabel } from "../../model/primitives";
import { openstackCloudSettings } from "../../substrates/openstack/manifest";
import { addonCloudConfig, chartPinProblem, cloudConfigSecret, magnumManagedProblem } from "../openstack-cloud-controller-manager";

// Cinder CSI: PersistentVolumes as Cinder volumes. The chart's built-in classes carry no volume type and
// bind immediately, so groundwork creates its own StorageClasses (WaitForFirstConsumer, expandable; data
// classes Retain in prod so deleting a claim never deletes the data). On nova by default; never on Magnum.

const storageClass = z
    .strictObject({
        name: dnsLabel.describe("Name of the StorageClass."),
        volumeType: z
            .string()
            .min(1)
            .optional()
            .describe("Cinder volume type (`openstack volume type list`); the cloud's default when unset. Changing it replaces the StorageClass."),
        reclaimPolicy: z
            .enum(["Delete", "Retain"])
            .describe("Retain keeps the Cinder volume when its claim is deleted. Changing it replaces the StorageClass."),
    })
    .describe("A StorageClass of Cinder volumes (WaitForFirstConsumer, expandable).");

export const cinderCsiSettings = z.strictObject({
    enabled: z.boolean().describe("Run the Cinder CSI driver and groundwork's StorageClasses."),
    defaultClass: storageClass.describe("The cluster's default StorageClass."),
    extraClasses: z.array(storageClass).default([]).describe("More StorageClasses, e.g. for a faster volume type."),
    existing: z
        .strictObject({ cloud: openstackCloudSettings })
        .optional()
        .describe("`existing` substrate only: how to reach the cloud."),
});
export type CinderCsiSettings = z.infer<typeof cinderCsiSettings>;

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
        const ns = platformNamespace(this, name, { name: "cinder-csi", podSecurity: "privileged", kubernetesVersion: cluster.kubernetesVersion });
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

export const cinderCsi = defineAddon({
    key: "cinderCsi",
    description: "Cinder CSI: PersistentVolumes on OpenStack block storage, with StorageClasses (nova; existing on OpenStack)",
    settings: cinderCsiSettings,
    // One chart release per Kubernetes minor (cloud-provider-openstack follows Kubernetes).
    pins: (_settings, config) => [cloudProviderOpenstackCharts.cinderCsi[config.cluster.kubernetesVersion]].filter((p) => p !== undefined),
    defaults: {
        dev: { enabled: false, defaultClass: { name: "cinder", reclaimPolicy: "Delete" } },
        prod: { enabled: false, defaultClass: { name: "cinder", reclaimPolicy: "Retain" } },
    },
    substrateDefaults: { nova: { enabled: true } },
    substrates: ["nova", "existing", "magnum"],
    validate: (settings, config) => {
        const problems = [...magnumManagedProblem("cinderCsi", config)];
        if (config.substrate === "magnum") return problems;
        if (config.substrate === "existing" && !settings.existing) {
            problems.push('addons.cinderCsi.existing: expected the cloud settings on substrate "existing", got nothing');
        }
        const names = [settings.defaultClass.name, ...settings.extraClasses.map((c) => c.name)];
        names.forEach((n, i) => {
            if (names.indexOf(n) !== i) problems.push(`addons.cinderCsi.extraClasses: expected StorageClass names no other class has, got "${n}" twice`);
        });
        return [...problems, ...chartPinProblem("cinderCsi", cloudProviderOpenstackCharts.cinderCsi, config)];
    },
    // Cinder and Nova APIs (any port: the OpenStack catalog decides) and the metadata service.
    flows: () => [{ namespace: "cinder-csi", egress: [{ peer: "apiServer" }, { peer: "cloudApi" }] }],
    create: (name, ctx) => new CinderCsi(name, { cluster: ctx.cluster, settings: ctx.settings, secrets: ctx.secrets }, ctx.opts),
});
