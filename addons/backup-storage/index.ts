import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { backupLocationOf, parseStaticCredentials, type BackupLocationInfo, type StaticCredentials } from "../../platform/backups/location";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig, SecretReader } from "../../config/types";

// The one object store every backup goes to (`backups.objectStore`): PostgreSQL (barman-cloud), Velero,
// Vault snapshots and etcd snapshots. On EKS it creates the S3 bucket (versioned, encrypted,
// private, protected in prod) unless the config says it exists; elsewhere the bucket must exist (Swift
// container, Ceph RGW bucket) and its S3 keys come from secret config. Consumers take this addon's
// `location` and `credentials`, so no addon spells a bucket name of its own.

export const backupStorageSettings = z.strictObject({
    enabled: z.boolean().describe("Set up the backup object store (backups.objectStore) and the credentials every backup writer uses."),
    createBucket: z
        .boolean()
        .default(true)
        .describe("On EKS: create the S3 bucket (versioned, encrypted, private). Set false when the bucket already exists (e.g. kept from an earlier platform)."),
});
export type BackupStorageSettings = z.infer<typeof backupStorageSettings>;

export interface BackupStorageArgs {
    cluster: ClusterHandle;
    settings: BackupStorageSettings;
    config: PlatformConfig;
    secrets: SecretReader;
}

export class BackupStorage extends pulumi.ComponentResource {
    /** Undefined when `backups.enabled` is false: consumers then configure no backups. */
    readonly location: BackupLocationInfo | undefined;
    /** S3 keys where the cluster has no workload identity (or the store is not AWS S3); secrets. */
    readonly credentials: StaticCredentials | undefined;
    /** True when consumers should get an IAM role through `cluster.workloadIdentity` instead of keys. */
    readonly useWorkloadIdentity: boolean;
    /** The bucket and its settings, when created here: what a backup writer waits for. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: BackupStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:BackupStorage", name, {}, opts);
        const { cluster, settings, config } = args;
        this.location = backupLocationOf(config, cluster.aws?.region);
        const store = config.backups.objectStore;
        this.useWorkloadIdentity = !!this.location && this.location.provider === "s3" && !!cluster.workloadIdentity && !store?.credentials;
        this.credentials = this.location && store?.credentials ? parseStaticCredentials(args.secrets(store.credentials)) : undefined;
        this.ready = [];
        if (this.location && this.location.provider === "s3" && cluster.aws && settings.createBucket) {
            this.ready.push(...this.createBucket(name, this.location, config, cluster.aws.provider));
        }
        this.registerOutputs({ location: this.location, useWorkloadIdentity: this.useWorkloadIdentity });
    }

    private createBucket(name: string, location: BackupLocationInfo, config: PlatformConfig, provider?: pulumi.ProviderResource): pulumi.Resource[] {
        // Backups outlive clusters: protected and retained in prod; dev empties and deletes it on destroy.
        const stateful: pulumi.CustomResourceOptions = { parent: this, provider, protect: config.protect, retainOnDelete: config.protect };
        const bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            { bucket: location.bucket, region: location.region, forceDestroy: !config.protect, tags: { "groundwork:cluster": config.cluster.name, "groundwork:purpose": "backups" } },
            stateful,
        );
        const child = { parent: this, provider, dependsOn: [bucket] };
        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, region: location.region, versioningConfiguration: { status: "Enabled" } }, child);
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            // SSE-S3: every writer (barman, Velero, the Vault snapshot job) can write without KMS grants.
            { bucket: bucket.id, region: location.region, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }] },
            child,
        );
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket: bucket.id, region: location.region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );
        // Retention of current objects belongs to each writer (barman's retentionPolicy, Velero TTLs, the
        // snapshot job); the bucket only expires what they deleted, after the same retention, and stale uploads.
        const lifecycle = new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.id,
                region: location.region,
                rules: [
                    {
                        id: "expire-deleted-versions",
                        status: "Enabled",
                        filter: { prefix: "" },
                        noncurrentVersionExpiration: { noncurrentDays: config.backups.retentionDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { parent: this, provider, dependsOn: [bucket, versioning] },
        );
        return [bucket, versioning, encryption, publicAccess, lifecycle];
    }
}

/** Problems with where backups go, for the consumers' and this addon's `validate`. */
export function backupStorageProblems(config: PlatformConfig): string[] {
    const store = config.backups.objectStore;
    if (!config.backups.enabled || !store || store.credentials) return [];
    // Only EKS gives pods AWS credentials without keys; everything else needs keys in secret config.
    if (config.substrate === "eks" && store.provider === "s3") return [];
    const why = config.substrate === "eks" ? `the ${store.provider} object store does not accept AWS roles` : `substrate "${config.substrate}" has no workload identity for object storage`;
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
    flows: () => [], // a bucket, no namespace
    create: (name, ctx): BackupStorage => new BackupStorage(name, { cluster: ctx.cluster, settings: ctx.settings, config: ctx.config, secrets: ctx.secrets }, ctx.opts),
});
