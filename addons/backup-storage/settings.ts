import { z } from "zod";

// The settings of backup-storage under `addons.backupStorage` in the stack config.

export const backupStorageSettings = z.strictObject({
    enabled: z.boolean().describe("Set up the backup object store (backups.objectStore) and the credentials every backup writer uses."),
    createBucket: z
        .boolean()
        .default(true)
        .describe(
            "On EKS: create the S3 bucket (versioned, encrypted, private). Set false when the bucket already exists (e.g. kept from an earlier platform).",
        ),
});

export type BackupStorageSettings = z.infer<typeof backupStorageSettings>;
