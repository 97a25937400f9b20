import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon, requireAddon } from "../addon";
import { backupAccess } from "../backups/access";
import { platformNamespace } from "../namespace";
import { images } from "../versions";
import { cronSchedule } from "../../stacks/primitives";
import type { BackupLocationInfo } from "../backups/location";
import type { BackupStorage } from "./backup-storage";
import type { ClusterHandle } from "../cluster/handle";
import type { PlatformConfig } from "../../stacks/types";

// etcd snapshots where the user runs etcd (capabilities.selfManagedEtcd: kubeadm on Nova, bare metal;
// seed 003): a CronJob on a control-plane node saves a snapshot with etcdctl (kubeadm's client certificate
// from /etc/kubernetes/pki/etcd) and uploads it to `<bucket>/<cluster>/etcd/etcd-<UTC time>.db`, pruning
// snapshots older than `backups.retentionDays`. EKS and Magnum run etcd for the user (and back it up).
// The snapshot is for repairing a broken control plane in place (docs/disaster-recovery.md); a rebuild
// from scratch restores the platform from its config and the other backups instead.

export const etcdBackupSettings = z.strictObject({
    enabled: z.boolean(),
    /** Five-field cron; `backups.schedule` when unset. */
    schedule: cronSchedule.optional(),
});
export type EtcdBackupSettings = z.infer<typeof etcdBackupSettings>;

export const etcdBackupNamespace = "etcd-backup";
/** The CronJob's name: what the EtcdSnapshotLate alert watches (kube_cronjob_status_last_successful_time). */
export const etcdSnapshotCronJob = "etcd-snapshot";
const serviceAccount = "etcd-snapshot";
const pkiDir = "/etc/kubernetes/pki/etcd";

export interface EtcdBackupArgs {
    cluster: ClusterHandle;
    settings: EtcdBackupSettings;
    config: PlatformConfig;
    backups: BackupStorage | undefined;
}

export class EtcdBackup extends pulumi.ComponentResource {
    /** Where snapshots go; undefined when nothing is created (etcd not the user's, or backups off). */
    readonly destination: string | undefined;

    constructor(name: string, args: EtcdBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:EtcdBackup", name, {}, opts);
        const { cluster, settings, config } = args;
        const location = args.backups?.location;
        if (cluster.capabilities.selfManagedEtcd && location && args.backups) {
            // privileged: the pod runs on the host network (etcd listens on 127.0.0.1:2379), mounts the etcd PKI
            // from the host and reads its client key as root.
            const ns = platformNamespace(this, name, { name: etcdBackupNamespace, podSecurity: "privileged", kubernetesVersion: cluster.kubernetesVersion });
            const access = backupAccess(this, name, {
                storage: args.backups,
                cluster,
                namespace: etcdBackupNamespace,
                serviceAccount,
                prefixes: [location.prefixes.etcd],
                secretName: "etcd-snapshot-s3",
                dependsOn: [ns],
            });
            const sa = new k8s.core.v1.ServiceAccount(
                `${name}-sa`,
                { metadata: { name: serviceAccount, namespace: etcdBackupNamespace, annotations: access.serviceAccountAnnotations } },
                { parent: this, dependsOn: [ns, ...access.resources] },
            );
            new k8s.batch.v1.CronJob(
                name,
                { metadata: { name: etcdSnapshotCronJob, namespace: etcdBackupNamespace }, spec: etcdSnapshotCronJobSpec({ location, schedule: settings.schedule ?? config.backups.schedule, retentionDays: config.backups.retentionDays, credentialsSecret: access.secretName }) },
                { parent: this, dependsOn: [sa] },
            );
            this.destination = location.urls.etcd;
        }
        this.registerOutputs({ destination: this.destination });
    }
}

export interface EtcdSnapshotArgs {
    location: BackupLocationInfo;
    schedule: string;
    retentionDays: number;
    credentialsSecret: string | undefined;
}

/** Uploads /snapshots/etcd.db as etcd-<UTC time>.db and deletes snapshots older than the retention. */
export function uploadScript(location: BackupLocationInfo, retentionDays: number): string {
    const endpoint = location.endpoint ? ` --endpoint-url ${location.endpoint}` : "";
    const target = `s3://${location.bucket}/${location.prefixes.etcd}`;
    return [
        "set -eu",
        'now="$(date -u +%Y%m%dT%H%M%SZ)"',
        `aws s3 cp${endpoint} /snapshots/etcd.db "${target}/etcd-$now.db"`,
        // Names sort by time, so anything that sorts before the cutoff is older than the retention.
        `cutoff="etcd-$(date -u -d "@$(( $(date +%s) - ${retentionDays} * 86400 ))" +%Y%m%dT%H%M%SZ).db"`,
        `aws s3 ls${endpoint} "${target}/" | while read -r _day _time _size f; do`,
        `  if [ -n "$f" ] && [ "$f" \\< "$cutoff" ]; then aws s3 rm${endpoint} "${target}/$f"; fi`,
        "done",
    ].join("\n");
}

/** batch/v1 CronJob spec: etcdctl on a control-plane node's host network, then the upload. */
export function etcdSnapshotCronJobSpec(args: EtcdSnapshotArgs): k8s.types.input.batch.v1.CronJobSpec {
    const readOnlyRoot = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
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
                        serviceAccountName: serviceAccount,
                        restartPolicy: "Never",
                        hostNetwork: true,
                        dnsPolicy: "ClusterFirstWithHostNet",
                        nodeSelector: { "node-role.kubernetes.io/control-plane": "" },
                        tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
                        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
                        initContainers: [
                            {
                                name: "save",
                                image: `${images.etcd.image}:${images.etcd.tag}`,
                                // The image has no shell: etcdctl reads its connection from the environment.
                                command: ["etcdctl", "snapshot", "save", "/snapshots/etcd.db"],
                                env: [
                                    { name: "ETCDCTL_API", value: "3" },
                                    { name: "ETCDCTL_ENDPOINTS", value: "https://127.0.0.1:2379" },
                                    { name: "ETCDCTL_CACERT", value: `${pkiDir}/ca.crt` },
                                    // kubeadm's client-only certificate for etcd: no server or peer rights.
                                    { name: "ETCDCTL_CERT", value: `${pkiDir}/healthcheck-client.crt` },
                                    { name: "ETCDCTL_KEY", value: `${pkiDir}/healthcheck-client.key` },
                                ],
                                // Root: kubeadm writes the key 0600 root.
                                securityContext: { ...readOnlyRoot, runAsUser: 0, runAsNonRoot: false },
                                volumeMounts: [{ name: "etcd-pki", mountPath: pkiDir, readOnly: true }, { name: "snapshots", mountPath: "/snapshots" }],
                                resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "1Gi" } },
                            },
                        ],
                        containers: [
                            {
                                name: "upload",
                                image: `${images.awsCli.image}:${images.awsCli.tag}`,
                                command: ["/bin/sh", "-c", uploadScript(args.location, args.retentionDays)],
                                env: [
                                    { name: "AWS_REGION", value: args.location.region },
                                    { name: "HOME", value: "/tmp" },
                                    ...(args.credentialsSecret
                                        ? ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: args.credentialsSecret!, key } } }))
                                        : []),
                                ],
                                securityContext: { ...readOnlyRoot, runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true },
                                volumeMounts: [{ name: "snapshots", mountPath: "/snapshots", readOnly: true }, { name: "tmp", mountPath: "/tmp" }],
                                resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
                            },
                        ],
                        volumes: [
                            { name: "etcd-pki", hostPath: { path: pkiDir, type: "Directory" } },
                            { name: "snapshots", emptyDir: {} },
                            { name: "tmp", emptyDir: {} },
                        ],
                    },
                },
            },
        },
    };
}

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
    create: (name, ctx): EtcdBackup =>
        new EtcdBackup(
            name,
            { cluster: ctx.cluster, settings: ctx.settings, config: ctx.config, backups: ctx.config.backups.enabled ? requireAddon(ctx, "backupStorage") : undefined },
            ctx.opts,
        ),
});
