import * as pulumi from "@pulumi/pulumi";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { clusterValues, csiDriversValues, objectStoreEndpoint, operatorValues, rookNamespace } from "./values";
import { defineComponent } from "../../platform/addon";
import type { RookCephSettings } from "./settings";
import { rookCeph } from "./manifest";

// The rook-ceph ComponentResource; its settings and rules are in ./manifest.ts.

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
        const ns = platformNamespace(this, name, {
            name: rookNamespace,
            podSecurity: "privileged",
            kubernetesVersion: cluster.kubernetesVersion,
        });
        const operator = helmRelease(this, { chart: charts.rookCeph, namespace: ns.metadata.name, values: operatorValues(settings) });
        // Needs the ceph-csi-operator's CRDs (Driver, OperatorConfig) from the operator release.
        const drivers = helmRelease(this, {
            chart: charts.cephCsiDrivers,
            namespace: ns.metadata.name,
            values: csiDriversValues(settings),
            dependsOn: [operator],
        });
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
            ? {
                  endpoint: objectStoreEndpoint(settings.objectStore.name),
                  region: settings.objectStore.region,
                  bucketStorageClass: settings.objectStore.bucketStorageClass,
              }
            : undefined;
        this.ready = [cephCluster];
        this.registerOutputs({ namespace: this.namespace, storageClassName: this.storageClassName, objectStore: this.objectStore });
    }
}

export const rookCephComponent = defineComponent(
    rookCeph,
    (name, ctx) => new RookCeph(name, { cluster: ctx.cluster, settings: ctx.settings, protect: ctx.config.protect }, ctx.opts),
);
