import { defineAddon } from "../../config/addon-manifest";
import { charts } from "../../model/versions";
import type { PlatformConfig } from "../../config/types";
import { gatewayInstancesOf, objectGatewayResources, rookNamespace } from "./values";
import { type RookCephSettings, rookCephSettings } from "./settings";

// Rook-Ceph: block storage (and optionally an S3 object store) from the nodes' own disks, for bare metal
// and plain VMs (the bare-metal reference platform) where no cloud volume service exists. Three releases in Rook's documented
// order: the operator (with its CRDs and the ceph-csi-operator), the CSI drivers, then the cluster chart
// with the CephCluster, the block pool and its StorageClass.

/** Cross-field rules; paths are relative to the stack config. */
export function rookCephProblems(settings: RookCephSettings, config: PlatformConfig): string[] {
    const at = "addons.rookCeph";
    const problems: string[] = [];
    const { storage } = settings;
    if (storage.useAllDevices === true && (storage.deviceFilter || storage.nodes.some((n) => n.devices.length > 0))) {
        problems.push(
            `${at}.storage.useAllDevices: expected false or unset when storage.deviceFilter or per-node devices choose the disks, got true`,
        );
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
        problems.push(
            `${at}.storageClass.isDefault: expected false because cluster.existing.defaultStorageClass ("${existingDefault}") is already the default, got true`,
        );
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
        {
            what: "the Ceph monitors",
            setting: "addons.rookCeph.monCount",
            replicas: settings.monCount,
            requests: { cpu: "1000m", memory: "1Gi" },
            onePerNode: true,
        },
        {
            what: "the Ceph managers",
            setting: "addons.rookCeph.mgrCount",
            replicas: settings.mgrCount,
            requests: { cpu: "500m", memory: "512Mi" },
            onePerNode: true,
        },
        ...(settings.objectStore.enabled
            ? [
                  {
                      what: "the Ceph S3 gateways",
                      setting: "addons.rookCeph.objectStore.gatewayInstances",
                      replicas: gatewayInstancesOf(settings),
                      requests: objectGatewayResources.requests,
                      onePerNode: false,
                  },
              ]
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
});
