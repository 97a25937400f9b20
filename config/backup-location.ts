import type { PlatformConfig } from "./types";
import { awsPartition } from "../model/aws-arn";

// Where every backup lives. One bucket per platform, one prefix per cluster and component:
//   s3://<bucket>/<cluster>/postgres   CloudNativePG base backups + WAL (barman-cloud)
//   s3://<bucket>/<cluster>/velero     Velero backups (Kubernetes objects + file-system volume data)
//   s3://<bucket>/<cluster>/vault      Vault raft snapshots
//   s3://<bucket>/<cluster>/etcd       etcd snapshots on substrates whose etcd the user runs
// The paths are a pure function of the config, so restore mode (`restore.enabled`) reads exactly the
// places normal mode writes to, with no new settings.

export const backupComponents = ["postgres", "velero", "vault", "etcd"] as const;

export type BackupComponent = (typeof backupComponents)[number];

export interface BackupLocationInfo {
    readonly provider: "s3" | "swift" | "ceph";
    readonly bucket: string;
    /** AWS region, or the region string the S3-compatible store expects ("us-east-1" when it ignores it). */
    readonly region: string;
    /** S3 endpoint URL for Swift/Ceph; undefined on AWS. */
    readonly endpoint?: string;
    /** Swift's and Ceph RGW's S3 APIs want path-style addressing. */
    readonly forcePathStyle: boolean;
    readonly bucketArn: string;
    /** `<cluster>/<component>`, no leading or trailing slash. */
    readonly prefixes: Readonly<Record<BackupComponent, string>>;
    /** `s3://<bucket>/<cluster>/<component>`. */
    readonly urls: Readonly<Record<BackupComponent, string>>;
}

/** The backup location of a config, or undefined when backups are off or have nowhere to go. */
export function backupLocationOf(config: PlatformConfig, awsRegion?: string): BackupLocationInfo | undefined {
    const store = config.backups.objectStore;
    if (!config.backups.enabled || !store) return undefined;
    const prefixes = Object.fromEntries(backupComponents.map((c) => [c, `${config.cluster.name}/${c}`])) as Record<BackupComponent, string>;
    const urls = Object.fromEntries(backupComponents.map((c) => [c, `s3://${store.bucket}/${prefixes[c]}`])) as Record<
        BackupComponent,
        string
    >;
    const region = store.region ?? awsRegion ?? "us-east-1";
    return {
        provider: store.provider,
        bucket: store.bucket,
        region,
        endpoint: store.endpoint,
        forcePathStyle: store.provider !== "s3",
        bucketArn: `arn:${awsPartition(region)}:s3:::${store.bucket}`,
        prefixes,
        urls,
    };
}

/** Least-privilege IAM policy (JSON) for reading and writing under some prefixes of the backup bucket. */
export function bucketPrefixPolicy(
    location: BackupLocationInfo,
    prefixes: readonly string[],
    extraObjectActions: readonly string[] = [],
): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                // barman-cloud and Velero's AWS plugin call HeadBucket (s3:ListBucket without a prefix) before
                // every archive, backup and restore, and GetBucketLocation has no prefix either: a plain
                // `StringLike s3:prefix` condition denies both (403, and WAL piles up until Postgres stops).
                // IfExists keeps listing limited to the own prefixes whenever a request names a prefix.
                Sid: "ListOwnPrefixes",
                Effect: "Allow",
                Action: ["s3:ListBucket", "s3:GetBucketLocation"],
                Resource: location.bucketArn,
                Condition: { StringLikeIfExists: { "s3:prefix": prefixes.flatMap((p) => [p, `${p}/*`]) } },
            },
            {
                Sid: "ReadWriteOwnObjects",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", ...extraObjectActions],
                Resource: prefixes.map((p) => `${location.bucketArn}/${p}/*`),
            },
        ],
    });
}
