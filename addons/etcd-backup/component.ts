import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { defineComponent, requireAddon } from "../../platform/addon";
import { backupAccess } from "../../platform/backups/access";
import { platformNamespace } from "../../platform/namespace";
import {
    objectStoreContainer,
    objectStoreEnv,
    restrictedContainer,
    snapshotCronJobSpec,
    uploadWithRetentionScript,
} from "../../platform/backups/snapshot-job";
import { images } from "../../model/versions";
import type { BackupLocationInfo } from "../../config/backup-location";
import type { BackupStorage } from "../backup-storage/component";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import type { EtcdBackupSettings } from "./settings";
import { etcdBackup, etcdBackupNamespace } from "./manifest";

// The etcd-backup ComponentResource; its settings and rules are in ./manifest.ts.

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
            const ns = platformNamespace(this, name, {
                name: etcdBackupNamespace,
                podSecurity: "privileged",
                kubernetesVersion: cluster.kubernetesVersion,
            });
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
                {
                    metadata: { name: etcdSnapshotCronJob, namespace: etcdBackupNamespace },
                    spec: etcdSnapshotCronJobSpec({
                        location,
                        schedule: settings.schedule ?? config.backups.schedule,
                        retentionDays: config.backups.retentionDays,
                        credentialsSecret: access.secretName,
                    }),
                },
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

/** batch/v1 CronJob spec: etcdctl on a control-plane node's host network, then the upload. */
export function etcdSnapshotCronJobSpec(args: EtcdSnapshotArgs): k8s.types.input.batch.v1.CronJobSpec {
    return snapshotCronJobSpec({
        schedule: args.schedule,
        serviceAccount,
        save: {
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
            securityContext: { ...restrictedContainer, runAsUser: 0, runAsNonRoot: false },
            volumeMounts: [
                { name: "etcd-pki", mountPath: pkiDir, readOnly: true },
                { name: "snapshots", mountPath: "/snapshots" },
            ],
            resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "1Gi" } },
        },
        upload: objectStoreContainer(
            "upload",
            uploadWithRetentionScript(args.location, "etcd", { name: "etcd", extension: "db" }, args.retentionDays),
            objectStoreEnv(args.location, args.credentialsSecret),
        ),
        pod: {
            hostNetwork: true,
            dnsPolicy: "ClusterFirstWithHostNet",
            nodeSelector: { "node-role.kubernetes.io/control-plane": "" },
            tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
            volumes: [{ name: "etcd-pki", hostPath: { path: pkiDir, type: "Directory" } }],
        },
    });
}

export const etcdBackupComponent = defineComponent(
    etcdBackup,
    (name, ctx): EtcdBackup =>
        new EtcdBackup(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                config: ctx.config,
                backups: ctx.config.backups.enabled ? requireAddon(ctx, "backupStorage") : undefined,
            },
            ctx.opts,
        ),
);
