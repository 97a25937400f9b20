import { images } from "../../model/versions";
import type { RookCephSettings } from "./settings";

// Helm values of the three Rook charts, from their v1.20.6 values.yaml (rook-ceph, rook-ceph-cluster) and
// Rook's recommended values for ceph-csi-drivers (deploy/charts/ceph-csi-drivers/values.yaml). Helm replaces
// lists wholesale, so the pool, filesystem and object store lists are written out in full.

/** Operator and cluster share one namespace: the CSI driver names and secret namespaces are derived from it. */
export const rookNamespace = "rook-ceph";
export const blockPoolName = "ceph-blockpool";

export function operatorValues(settings: RookCephSettings): Record<string, unknown> {
    return {
        // The operator chart renders its CRDs as templates, so Helm upgrades them with the chart: the
        // CephCluster and pools (rook-ceph-cluster) come after this release. Never turn off once installed.
        crds: { enabled: true },
        // Since 1.20 Rook runs the CSI drivers through ceph-csi-operator (this subchart) plus the
        // ceph-csi-drivers chart installed next.
        csi: { installCsiOperator: true },
        enableDiscoveryDaemon: false,
        monitoring: { enabled: settings.monitoring },
    };
}

export function csiDriversValues(settings: RookCephSettings): Record<string, unknown> {
    const controllerReplicas = settings.monCount > 1 ? 2 : 1;
    return {
        operatorConfig: {
            namespace: rookNamespace,
            driverSpecDefaults: {
                imageSet: { name: "rook-csi-operator-image-set-configmap" },
                nodePlugin: { priorityClassName: "system-node-critical" },
                controllerPlugin: { priorityClassName: "system-cluster-critical", replicas: controllerReplicas },
            },
        },
        // Driver names must match the provisioners of Rook's StorageClasses: <operator namespace>.<driver>.csi.ceph.com.
        drivers: {
            rbd: { enabled: true, name: `${rookNamespace}.rbd.csi.ceph.com` },
            cephfs: { enabled: true, name: `${rookNamespace}.cephfs.csi.ceph.com` },
            nfs: { enabled: false, name: `${rookNamespace}.nfs.csi.ceph.com` },
            nvmeof: { enabled: false, name: `${rookNamespace}.nvmeof.csi.ceph.com` },
        },
    };
}

export const objectGatewayResources = { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } };

/** S3 gateways: as set, else two when the data is replicated (one survives a node), one otherwise. */
export function gatewayInstancesOf(settings: RookCephSettings): number {
    return settings.objectStore.gatewayInstances ?? (settings.replicas > 1 ? 2 : 1);
}

export interface ClusterValuesArgs {
    settings: RookCephSettings;
    /** Whether the block StorageClass carries the default-class annotation. */
    isDefaultClass: boolean;
}

export function clusterValues({ settings, isDefaultClass }: ClusterValuesArgs): Record<string, unknown> {
    const size = settings.replicas;
    const replicated = { size, requireSafeReplicaSize: size > 1 }; // Ceph refuses size 1 unless told it is on purpose
    // Taking every empty disk is only the default when nothing narrower was chosen: a filter or a device list
    // with useAllDevices still on would let Ceph format disks the config did not name.
    const chosen = !!settings.storage.deviceFilter || settings.storage.nodes.some((n) => n.devices.length > 0);
    const storage: Record<string, unknown> = {
        useAllNodes: settings.storage.useAllNodes,
        useAllDevices: settings.storage.useAllDevices ?? !chosen,
    };
    if (settings.storage.deviceFilter) storage.deviceFilter = settings.storage.deviceFilter;
    if (settings.storage.nodes.length > 0) {
        storage.nodes = settings.storage.nodes.map((n) => ({
            name: n.name,
            ...(n.devices.length ? { devices: n.devices.map((d) => ({ name: d })) } : {}),
        }));
    }
    const secretParams = (kind: "rbd" | "cephfs") => ({
        "csi.storage.k8s.io/provisioner-secret-name": `rook-csi-${kind}-provisioner`,
        "csi.storage.k8s.io/provisioner-secret-namespace": rookNamespace,
        "csi.storage.k8s.io/controller-expand-secret-name": `rook-csi-${kind}-provisioner`,
        "csi.storage.k8s.io/controller-expand-secret-namespace": rookNamespace,
        "csi.storage.k8s.io/controller-publish-secret-name": `rook-csi-${kind}-provisioner`,
        "csi.storage.k8s.io/controller-publish-secret-namespace": rookNamespace,
        "csi.storage.k8s.io/node-stage-secret-name": `rook-csi-${kind}-node`,
        "csi.storage.k8s.io/node-stage-secret-namespace": rookNamespace,
    });
    const store = settings.objectStore;
    return {
        operatorNamespace: rookNamespace,
        cephImage: { repository: images.ceph.image, tag: images.ceph.tag, allowUnsupported: false },
        toolbox: { enabled: settings.toolbox },
        monitoring: { enabled: settings.monitoring },
        cephClusterSpec: {
            dataDirHostPath: "/var/lib/rook",
            mon: { count: settings.monCount, allowMultiplePerNode: false },
            mgr: { count: settings.mgrCount, allowMultiplePerNode: false },
            dashboard: { enabled: settings.dashboard, ssl: true },
            storage,
            // One copy of everything is a dev choice; without these Ceph warns (and refuses pools) forever.
            ...(size === 1 ? { cephConfig: { global: { osd_pool_default_size: "1", mon_warn_on_pool_no_redundancy: "false" } } } : {}),
            disruptionManagement: { managePodBudgets: true },
        },
        cephBlockPools: [
            {
                name: blockPoolName,
                spec: { failureDomain: "host", replicated },
                storageClass: {
                    enabled: true,
                    name: settings.storageClass.name,
                    isDefault: isDefaultClass,
                    reclaimPolicy: settings.storageClass.reclaimPolicy,
                    allowVolumeExpansion: true,
                    volumeBindingMode: "Immediate",
                    parameters: {
                        imageFormat: "2",
                        imageFeatures: "layering",
                        "csi.storage.k8s.io/fstype": "ext4",
                        ...secretParams("rbd"),
                    },
                },
            },
        ],
        // No CephFS by default: block volumes cover the platform; a shared filesystem is a later, explicit choice.
        cephFileSystems: [],
        cephObjectStores: store.enabled
            ? [
                  {
                      name: store.name,
                      spec: {
                          metadataPool: { failureDomain: "host", replicated },
                          // Replicated rather than the chart's erasure-coded 2+1, which needs three OSD hosts.
                          dataPool: { failureDomain: "host", replicated },
                          preservePoolsOnDelete: true,
                          gateway: {
                              port: 80,
                              instances: gatewayInstancesOf(settings),
                              priorityClassName: "system-cluster-critical",
                              resources: objectGatewayResources,
                          },
                      },
                      // The class ObjectBucketClaims name to get a bucket and its S3 credentials.
                      storageClass: {
                          enabled: true,
                          name: store.bucketStorageClass,
                          reclaimPolicy: settings.storageClass.reclaimPolicy,
                          volumeBindingMode: "Immediate",
                          parameters: { region: store.region },
                      },
                      ingress: { enabled: false },
                      route: { enabled: false },
                  },
              ]
            : [],
    };
}

/** The RADOS Gateway Service Rook creates for an object store: rook-ceph-rgw-<store>. */
export function objectStoreEndpoint(storeName: string, port = 80): string {
    return `http://rook-ceph-rgw-${storeName}.${rookNamespace}.svc:${port}`;
}
