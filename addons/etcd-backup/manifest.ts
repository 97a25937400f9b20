import { defineAddon } from "../../config/addon-manifest";
import { capabilitiesOf } from "../../config/capabilities";
import { etcdBackupSettings } from "./settings";

// etcd snapshots where the user runs etcd (capabilities.selfManagedEtcd: kubeadm on Nova, bare metal;
// the production-checklist reference platform): a CronJob on a control-plane node saves a snapshot with etcdctl (kubeadm's client certificate
// from /etc/kubernetes/pki/etcd) and uploads it to `<bucket>/<cluster>/etcd/etcd-<UTC time>.db`, pruning
// snapshots older than `backups.retentionDays`. EKS and Magnum run etcd for the user (and back it up).
// The snapshot is for repairing a broken control plane in place (docs/disaster-recovery.md); a rebuild
// from scratch restores the platform from its config and the other backups instead.

export const etcdBackupNamespace = "etcd-backup";

export const etcdBackup = defineAddon({
    key: "etcdBackup",
    description: "etcd snapshots to the backup object store where the user runs etcd (kubeadm on Nova, bare metal)",
    settings: etcdBackupSettings,
    defaults: {
        dev: { enabled: false },
        prod: { enabled: false },
    },
    // On where etcd is the user's; it creates nothing until `backups.enabled` (and on an existing cluster
    // whose etcd is managed, cluster.existing.selfManagedEtcd: false).
    substrateDefaults: { nova: { enabled: true }, existing: { enabled: true } },
    substrates: ["nova", "existing"],
    pins: [],
    requires: (_settings, config) => (config.backups.enabled ? ["backupStorage"] : []),
    // The snapshot pod runs on a control-plane node's network (etcd on 127.0.0.1), outside NetworkPolicy;
    // the namespace still denies by default, and the upload goes to the object store.
    flows: (_settings, config) =>
        capabilitiesOf(config).selfManagedEtcd && config.backups.enabled && config.backups.objectStore
            ? [{ namespace: etcdBackupNamespace, egress: [{ peer: "apiServer" }, { peer: "objectStore" }] }]
            : [],
});
