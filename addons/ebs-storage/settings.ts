import { z } from "zod";

// The settings of ebs-storage under `addons.ebsStorage` in the stack config.

export const ebsStorageSettings = z.strictObject({
    enabled: z.boolean().describe("Create the gp3 default StorageClass (encrypted, WaitForFirstConsumer) on EKS."),
    kmsKeyId: z
        .string({ error: "expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<id>" })
        .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, {
            error: "expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/<id>",
        })
        .optional()
        .describe(
            "Customer-managed KMS key (full ARN) for volume encryption; the account's aws/ebs key when unset. Changing it replaces the StorageClass (existing volumes keep their key).",
        ),
    fsType: z.enum(["ext4", "xfs"]).default("ext4").describe("File system of new volumes. Changing it replaces the StorageClass."),
    reclaimPolicy: z
        .enum(["Retain", "Delete"])
        .describe(
            "Retain keeps the EBS volume (and its data) when a PersistentVolumeClaim is deleted. Changing it replaces the StorageClass.",
        ),
    iops: z
        .number()
        .int()
        .min(3000)
        .max(80000)
        .optional()
        .describe("gp3 provisioned IOPS above the 3000 baseline; the baseline (no extra cost) when unset."),
    throughput: z.number().int().min(125).max(2000).optional().describe("gp3 throughput in MiB/s above the 125 baseline."),
});

export type EbsStorageSettings = z.infer<typeof ebsStorageSettings>;
