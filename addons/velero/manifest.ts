import { defineAddon } from "../../config/addon-manifest";
import { veleroSettings } from "./settings";

// Velero (the Magnum (Jetstream2) reference platform): Kubernetes objects of every namespace, and the volume data of the namespaces that hold
// state (file-system backup through the node agent, kopia), to the same object store as everything else
// (`<bucket>/<cluster>/velero`). TTLs follow `backups.retentionDays`. Databases are not file-copied: their
// consistent backups are barman's (CloudNativePG) and raft snapshots (Vault).

export const veleroNamespace = "velero";

export const veleroServerResources = { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } };

export const velero = defineAddon({
    key: "velero",
    description: "Velero: scheduled backups of Kubernetes objects and stateful volumes to the backup object store",
    settings: veleroSettings,
    defaults: {
        dev: { enabled: false },
        prod: { enabled: false },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: () => ["backupStorage"],
    uses: ["monitoring"],
    validate: (_settings, config) =>
        config.backups.enabled ? [] : ["backups.enabled: expected true because addons.velero writes to backups.objectStore, got false"],
    pods: () => [
        { what: "the Velero server", setting: "addons.velero", replicas: 1, requests: veleroServerResources.requests, onePerNode: false },
    ],
    flows: () => [
        {
            namespace: veleroNamespace,
            ingress: [{ peer: "monitoring", ports: [8085] }],
            egress: [{ peer: "apiServer" }, { peer: "objectStore" }, { peer: "cloudApi" }],
        },
    ],
});
