import { z } from "zod";
import { cronSchedule, storageSize } from "../../model/primitives";

// The settings of vault under `addons.vault` in the stack config.

export const vaultSettings = z.strictObject({
    enabled: z.boolean().describe("Run HashiCorp Vault (HA, raft storage)."),
    replicas: z.number().int().min(1).max(7).describe("Vault servers, all raft voters: 1 (dev), 3 or 5 (an odd number keeps a quorum)."),
    seal: z
        .enum(["auto", "awskms", "shamir"])
        .default("auto")
        .describe(
            'How Vault unseals: "auto" is AWS KMS on EKS and Shamir keys elsewhere (docs/vault-unseal.md). Changing it on a running Vault needs a seal migration.',
        ),
    storage: z
        .strictObject({
            size: storageSize.describe(
                'Raft data volume per server, e.g. "10Gi". Fixed once created (the StatefulSet\'s volume claim templates are immutable).',
            ),
            storageClass: z
                .string()
                .min(1)
                .optional()
                .describe("StorageClass of the data volumes; the cluster's default when unset. Fixed once created."),
        })
        .default({ size: "10Gi" })
        .describe("The raft data volume of each Vault server."),
    auditStorageSize: storageSize
        .default("10Gi")
        .describe("Audit log volume per server. Fixed once created (volume claim templates are immutable)."),
    snapshots: z.boolean().default(true).describe("Raft snapshots to the backup object store by a CronJob (when backups.enabled)."),
    snapshotSchedule: cronSchedule
        .optional()
        .describe("When raft snapshots are taken, a five-field cron schedule; backups.schedule when unset."),
    tls: z
        .boolean()
        .describe(
            "HTTPS with a certificate from cert-manager's internal CA; off leaves Vault on plain HTTP inside the cluster (dev only).",
        ),
});

export type VaultSettings = z.infer<typeof vaultSettings>;
