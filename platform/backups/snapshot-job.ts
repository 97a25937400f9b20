import type * as k8s from "@pulumi/kubernetes";
import { images } from "../../model/versions";
import type { BackupComponent, BackupLocationInfo } from "../../config/backup-location";

// The pieces every snapshot job shares (etcd and Vault raft snapshots, the Vault restore): a CronJob that
// saves a snapshot into an emptyDir in an init container and uploads it with the AWS CLI (S3, or an
// S3-compatible endpoint for Swift/Ceph), named by UTC time so that names sort by age and retention is a
// string comparison.

type Container = k8s.types.input.core.v1.Container;
type PodSpec = k8s.types.input.core.v1.PodSpec;

/** Restricted Pod Security for the platform's own job pods. */
export const restrictedPod = {
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    fsGroup: 65532,
    seccompProfile: { type: "RuntimeDefault" },
};
export const restrictedContainer = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };

const awsCliImage = `${images.awsCli.image}:${images.awsCli.tag}`;

/** AWS CLI environment: the region, a writable HOME, and static keys where workload identity is not available. */
export function objectStoreEnv(location: BackupLocationInfo, credentialsSecret: string | undefined): k8s.types.input.core.v1.EnvVar[] {
    return [
        { name: "AWS_REGION", value: location.region },
        { name: "HOME", value: "/tmp" },
        ...(credentialsSecret
            ? ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].map((key) => ({
                  name: key,
                  valueFrom: { secretKeyRef: { name: credentialsSecret, key } },
              }))
            : []),
    ];
}

const endpointFlag = (location: BackupLocationInfo) => (location.endpoint ? ` --endpoint-url ${location.endpoint}` : "");

/**
 * Uploads /snapshots/<name>.<extension> as `<name>-<UTC time>.<extension>` under the component's prefix, then
 * deletes the snapshots there older than the retention.
 */
export function uploadWithRetentionScript(
    location: BackupLocationInfo,
    component: BackupComponent,
    file: { name: string; extension: string },
    retentionDays: number,
): string {
    const endpoint = endpointFlag(location);
    const target = `s3://${location.bucket}/${location.prefixes[component]}`;
    const { name, extension } = file;
    return [
        "set -eu",
        'now="$(date -u +%Y%m%dT%H%M%SZ)"',
        `aws s3 cp${endpoint} /snapshots/${name}.${extension} "${target}/${name}-$now.${extension}"`,
        // Names sort by time, so anything that sorts before the cutoff is older than the retention.
        `cutoff="${name}-$(date -u -d "@$(( $(date +%s) - ${retentionDays} * 86400 ))" +%Y%m%dT%H%M%SZ).${extension}"`,
        `aws s3 ls${endpoint} "${target}/" | while read -r _day _time _size f; do`,
        `  if [ -n "$f" ] && [ "$f" \\< "$cutoff" ]; then aws s3 rm${endpoint} "${target}/$f"; fi`,
        "done",
    ].join("\n");
}

/** The newest `<name>-<UTC time>.<extension>` under a component's prefix, downloaded to /snapshots/<name>.<extension>. */
export function downloadNewestScript(
    source: BackupLocationInfo,
    component: BackupComponent,
    file: { name: string; extension: string },
): string {
    const endpoint = endpointFlag(source);
    const from = `s3://${source.bucket}/${source.prefixes[component]}`;
    const { name, extension } = file;
    return [
        "set -eu",
        `newest="$(aws s3 ls${endpoint} "${from}/" | awk '{print $4}' | grep '^${name}-.*\\.${extension}$' | sort | tail -n 1)"`,
        `if [ -z "$newest" ]; then echo 'no snapshot under ${from}/' >&2; exit 1; fi`,
        `echo "restoring $newest"`,
        `aws s3 cp${endpoint} "${from}/$newest" /snapshots/${name}.${extension}`,
    ].join("\n");
}

/** An AWS CLI container running `script` with /snapshots (read-only unless `writable`) and a writable /tmp. */
export function objectStoreContainer(
    name: string,
    script: string,
    env: k8s.types.input.core.v1.EnvVar[],
    opts: { writable?: boolean; resources?: boolean } = {},
): Container {
    return {
        name,
        image: awsCliImage,
        command: ["/bin/sh", "-c", script],
        env,
        securityContext: { ...restrictedContainer, runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true },
        volumeMounts: [
            { name: "snapshots", mountPath: "/snapshots", readOnly: !opts.writable },
            { name: "tmp", mountPath: "/tmp" },
        ],
        ...(opts.resources === false ? {} : { resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } } }),
    };
}

/** The scratch volumes every snapshot pod mounts: the snapshot itself and a writable /tmp. */
export const snapshotVolumes = [
    { name: "snapshots", emptyDir: {} },
    { name: "tmp", emptyDir: {} },
];

export interface SnapshotCronJobArgs {
    schedule: string;
    serviceAccount: string;
    /** Saves the snapshot into /snapshots. */
    save: Container;
    /** Uploads it. */
    upload: Container;
    /** Anything else the pod needs (host network, node selector, security context, extra volumes). */
    pod?: Omit<PodSpec, "containers" | "initContainers" | "serviceAccountName" | "restartPolicy">;
}

/** batch/v1 CronJob spec: one snapshot at a time, a few runs of history, `save` then `upload`. */
export function snapshotCronJobSpec(args: SnapshotCronJobArgs): k8s.types.input.batch.v1.CronJobSpec {
    const { volumes = [], ...pod } = args.pod ?? {};
    return {
        schedule: args.schedule,
        concurrencyPolicy: "Forbid",
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
            spec: {
                backoffLimit: 2,
                template: {
                    spec: {
                        ...pod,
                        serviceAccountName: args.serviceAccount,
                        restartPolicy: "Never",
                        initContainers: [args.save],
                        containers: [args.upload],
                        volumes: [...(volumes as k8s.types.input.core.v1.Volume[]), ...snapshotVolumes],
                    },
                },
            },
        },
    };
}
