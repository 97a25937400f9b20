import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import { parseStaticCredentials, type StaticCredentials } from "../../platform/backups/location";
import { backupLocationOf, type BackupLocationInfo } from "../../config/backup-location";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig, SecretReader } from "../../config/types";
import { defineComponent } from "../../platform/addon";
import type { BackupStorageSettings } from "./settings";
import { backupStorage } from "./manifest";

// The backup-storage ComponentResource; its settings and rules are in ./manifest.ts.

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

    private createBucket(
        name: string,
        location: BackupLocationInfo,
        config: PlatformConfig,
        provider?: pulumi.ProviderResource,
    ): pulumi.Resource[] {
        // Backups outlive clusters: protected and retained in prod; dev empties and deletes it on destroy.
        const stateful: pulumi.CustomResourceOptions = { parent: this, provider, protect: config.protect, retainOnDelete: config.protect };
        const bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            {
                bucket: location.bucket,
                region: location.region,
                forceDestroy: !config.protect,
                tags: { "groundwork:cluster": config.cluster.name, "groundwork:purpose": "backups" },
            },
            stateful,
        );
        const child = { parent: this, provider, dependsOn: [bucket] };
        const versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket: bucket.id, region: location.region, versioningConfiguration: { status: "Enabled" } },
            child,
        );
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            // SSE-S3: every writer (barman, Velero, the Vault snapshot job) can write without KMS grants.
            {
                bucket: bucket.id,
                region: location.region,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
            },
            child,
        );
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            {
                bucket: bucket.id,
                region: location.region,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
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

export const backupStorageComponent = defineComponent(
    backupStorage,
    (name, ctx): BackupStorage =>
        new BackupStorage(name, { cluster: ctx.cluster, settings: ctx.settings, config: ctx.config, secrets: ctx.secrets }, ctx.opts),
);
