import { defineAddon } from "../../config/addon-manifest";
import type { PlatformConfig } from "../../config/types";
import { backupStorageSettings } from "./settings";

// The one object store every backup goes to (`backups.objectStore`): PostgreSQL (barman-cloud), Velero,
// Vault snapshots and etcd snapshots. On EKS it creates the S3 bucket (versioned, encrypted,
// private, protected in prod) unless the config says it exists; elsewhere the bucket must exist (Swift
// container, Ceph RGW bucket) and its S3 keys come from secret config. Consumers take this addon's
// `location` and `credentials`, so no addon spells a bucket name of its own.

/** Problems with where backups go, for the consumers' and this addon's `validate`. */
export function backupStorageProblems(config: PlatformConfig): string[] {
    const store = config.backups.objectStore;
    if (!config.backups.enabled || !store || store.credentials) return [];
    // Only EKS gives pods AWS credentials without keys; everything else needs keys in secret config.
    if (config.substrate === "eks" && store.provider === "s3") return [];
    const why =
        config.substrate === "eks"
            ? `the ${store.provider} object store does not accept AWS roles`
            : `substrate "${config.substrate}" has no workload identity for object storage`;
    return [`backups.objectStore.credentials: expected a secret config key holding \`accessKeyId:secretAccessKey\` (${why}), got nothing`];
}

export const backupStorage = defineAddon({
    key: "backupStorage",
    description: "The object store all backups go to (S3 bucket created on EKS: versioned, encrypted, private; Swift/Ceph S3 elsewhere)",
    settings: backupStorageSettings,
    // On everywhere: it creates nothing until `backups.enabled`, and every backup writer reads it.
    defaults: {
        dev: { enabled: true },
        prod: { enabled: true },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    validate: (_settings, config) => backupStorageProblems(config),
    flows: () => [],
});
