// The platform's own failure modes as Prometheus alerting rules: what the platform itself must page about
// (expiring certificates, late or failed backups, full disks, a sealed Vault, a lagging replica). Plain typed
// objects, so tests read them without a cluster and validate them against the PrometheusRule schema.

export type Severity = "warning" | "critical";

export interface AlertRule {
    readonly alert: string;
    readonly expr: string;
    /** How long the condition must hold before the alert fires. */
    readonly for: string;
    readonly labels: { readonly severity: Severity };
    readonly annotations: { readonly summary: string; readonly description: string };
}

export interface RuleGroup {
    readonly name: string;
    readonly rules: readonly AlertRule[];
}

export interface AlertThresholds {
    /** Alert when a certificate expires in fewer days than this. */
    readonly certificateExpiryDays: number;
    /** Alert when the newest successful backup is older than this. */
    readonly backupMaxAgeHours: number;
    /** Alert when a volume has less free space than this share. */
    readonly volumeFreePercent: number;
    /** Alert when a PostgreSQL replica is further behind than this. */
    readonly replicationLagSeconds: number;
}

const rule = (alert: string, expr: string, forDuration: string, severity: Severity, summary: string, description: string): AlertRule => ({
    alert,
    expr,
    for: forDuration,
    labels: { severity },
    annotations: { summary, description },
});

/** The snapshot CronJobs (etcd, Vault raft) whose Jobs the backup alerts watch. */
const snapshotJobs = "(etcd-snapshot|vault-raft-snapshot)";
/** Prometheus' job label of the Vault PodMonitor's targets: "<namespace>/<name>" (addons/vault/index.ts). */
export const vaultScrapeJob = "vault/vault";

/**
 * The components whose failures the platform alerts watch. An alert on a component the platform does not
 * run reads series that never exist: a dead rule, so it is left out.
 */
export interface WatchedComponents {
    readonly certManager: boolean;
    readonly database: boolean;
    /** The database's barman-cloud backups. */
    readonly databaseBackups: boolean;
    readonly velero: boolean;
    readonly vault: boolean;
    readonly vaultSnapshots: boolean;
    readonly etcdSnapshots: boolean;
}

const everything: WatchedComponents = {
    certManager: true,
    database: true,
    databaseBackups: true,
    velero: true,
    vault: true,
    vaultSnapshots: true,
    etcdSnapshots: true,
};

/** Which alerts need which component; alerts not listed watch the cluster itself and are always on. */
const alertNeeds: Record<string, (w: WatchedComponents) => boolean> = {
    CertificateExpiringSoon: (w) => w.certManager,
    CertificateNotReady: (w) => w.certManager,
    PostgresBackupLate: (w) => w.databaseBackups,
    PostgresBackupFailed: (w) => w.databaseBackups,
    VeleroBackupLate: (w) => w.velero,
    VeleroBackupFailed: (w) => w.velero,
    EtcdSnapshotLate: (w) => w.etcdSnapshots,
    VaultSnapshotLate: (w) => w.vaultSnapshots,
    SnapshotJobFailed: (w) => w.etcdSnapshots || w.vaultSnapshots,
    VaultSealed: (w) => w.vault,
    PostgresReplicationLagHigh: (w) => w.database,
};

/**
 * A CronJob without a successful run for `maxAge` seconds. kube-state-metrics has no last-success time for a
 * CronJob that never succeeded, so the second half measures that one from its creation instead.
 */
function cronJobLate(cronjob: string, maxAge: number): string {
    const sel = `{cronjob="${cronjob}"}`;
    return [
        `time() - kube_cronjob_status_last_successful_time${sel} > ${maxAge}`,
        `or (time() - kube_cronjob_created${sel} > ${maxAge}`,
        `unless on (namespace, cronjob) kube_cronjob_status_last_successful_time${sel})`,
    ].join(" ");
}

/** The default rule groups for what the platform runs; thresholds come from `addons.monitoring.alerts`. */
export function platformRuleGroups(t: AlertThresholds, watched: WatchedComponents = everything): RuleGroup[] {
    return allRuleGroups(t)
        .map((g) => ({ ...g, rules: g.rules.filter((r) => alertNeeds[r.alert]?.(watched) ?? true) }))
        .filter((g) => g.rules.length > 0);
}

function allRuleGroups(t: AlertThresholds): RuleGroup[] {
    const backupAge = t.backupMaxAgeHours * 3600;
    const free = (t.volumeFreePercent / 100).toFixed(2);
    return [
        {
            name: "groundwork.certificates",
            rules: [
                rule(
                    "CertificateExpiringSoon",
                    `certmanager_certificate_expiration_timestamp_seconds - time() < ${t.certificateExpiryDays} * 86400`,
                    "1h",
                    "warning",
                    "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires soon",
                    `The certificate expires in less than ${t.certificateExpiryDays} days and cert-manager has not renewed it. Check the Certificate's events and the issuer.`,
                ),
                rule(
                    "CertificateNotReady",
                    `certmanager_certificate_ready_status{condition="False"} == 1`,
                    "30m",
                    "warning",
                    "Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready",
                    "cert-manager cannot issue or renew this certificate; ingresses that use it serve an old or no certificate.",
                ),
            ],
        },
        {
            name: "groundwork.backups",
            rules: [
                rule(
                    "PostgresBackupLate",
                    `time() - barman_cloud_cloudnative_pg_io_last_available_backup_timestamp > ${backupAge}`,
                    "30m",
                    "critical",
                    "PostgreSQL cluster {{ $labels.namespace }}/{{ $labels.pod }} has no recent backup",
                    `The newest base backup in the object store is older than ${t.backupMaxAgeHours} hours: a restore would lose more than the backup schedule promises.`,
                ),
                rule(
                    "PostgresBackupFailed",
                    "barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp > barman_cloud_cloudnative_pg_io_last_available_backup_timestamp",
                    "15m",
                    "critical",
                    "The last PostgreSQL backup of {{ $labels.namespace }}/{{ $labels.pod }} failed",
                    "The most recent backup attempt failed after the last successful one. Check the ScheduledBackup and the Backup objects' status.",
                ),
                rule(
                    "VeleroBackupLate",
                    // Velero sets the last-success time only on a success (and forgets it on restart): a schedule
                    // that keeps trying without succeeding shows as attempts without successes instead.
                    [
                        `time() - velero_backup_last_successful_timestamp{schedule!=""} > ${backupAge}`,
                        `or (increase(velero_backup_attempt_total{schedule!=""}[${backupAge}s]) > 0`,
                        `unless on (schedule) increase(velero_backup_success_total{schedule!=""}[${backupAge}s]) > 0)`,
                    ].join(" "),
                    "30m",
                    "critical",
                    "Velero schedule {{ $labels.schedule }} has no recent successful backup",
                    `The last successful backup of this schedule is older than ${t.backupMaxAgeHours} hours.`,
                ),
                // Snapshot CronJobs push nothing to Prometheus: kube-state-metrics' last successful run is the signal.
                rule(
                    "EtcdSnapshotLate",
                    cronJobLate("etcd-snapshot", backupAge),
                    "30m",
                    "critical",
                    "No recent etcd snapshot of {{ $labels.namespace }}/{{ $labels.cronjob }}",
                    `The last successful etcd snapshot is older than ${t.backupMaxAgeHours} hours: repairing the control plane would lose more than the schedule promises. Check the CronJob's last Job (kubectl -n etcd-backup get jobs).`,
                ),
                rule(
                    "VaultSnapshotLate",
                    cronJobLate("vault-raft-snapshot", backupAge),
                    "30m",
                    "critical",
                    "No recent Vault raft snapshot",
                    `The last successful raft snapshot is older than ${t.backupMaxAgeHours} hours. The snapshot Job logs in with Kubernetes auth: check its role (docs/vault-unseal.md §4) and the Job's logs.`,
                ),
                // kube_job_status_failed counts failed pods, so a Job whose retry succeeded would page for days.
                // Fires only while the newest failed Job (Failed condition) is newer than the CronJob's last success.
                rule(
                    "SnapshotJobFailed",
                    // The second half: a failed Job of a CronJob that never succeeded at all.
                    [
                        `max by (namespace, job_name) (kube_job_status_start_time{job_name=~"${snapshotJobs}-.*"}`,
                        `* on (namespace, job_name) kube_job_failed{condition="true"})`,
                        `> on (namespace) group_left ()`,
                        `max by (namespace) (kube_cronjob_status_last_successful_time{cronjob=~"${snapshotJobs}"})`,
                        `or max by (namespace, job_name)`,
                        `(kube_job_failed{condition="true",job_name=~"${snapshotJobs}-.*"} == 1)`,
                        `unless on (namespace) kube_cronjob_status_last_successful_time{cronjob=~"${snapshotJobs}"}`,
                    ].join(" "),
                    "15m",
                    "warning",
                    "Snapshot Job {{ $labels.namespace }}/{{ $labels.job_name }} failed",
                    "A snapshot Job failed; the next scheduled run may succeed, but the late-snapshot alert fires if none does.",
                ),
                rule(
                    "VeleroBackupFailed",
                    `increase(velero_backup_failure_total{schedule!=""}[1h]) > 0`,
                    "5m",
                    "warning",
                    "A Velero backup of schedule {{ $labels.schedule }} failed",
                    "At least one backup of this schedule failed in the last hour. Check `velero backup describe` for the failing backup.",
                ),
            ],
        },
        {
            name: "groundwork.storage",
            rules: [
                rule(
                    "PersistentVolumeNearlyFull",
                    `kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < ${free}`,
                    "15m",
                    "warning",
                    "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is nearly full",
                    `Less than ${t.volumeFreePercent}% of the volume is free. Expand the claim before the workload stops writing.`,
                ),
                rule(
                    "NodeDiskPressure",
                    `kube_node_status_condition{condition="DiskPressure",status="true"} == 1`,
                    "5m",
                    "critical",
                    "Node {{ $labels.node }} is under disk pressure",
                    "The kubelet is evicting pods to reclaim disk space (the Magnum (Jetstream2) reference platform's disk-full incident). Remove unused images (Eraser) or grow the node's disk.",
                ),
            ],
        },
        {
            name: "groundwork.secrets",
            rules: [
                // Vault refreshes vault_core_unsealed only while unsealed, and our telemetry keeps a gauge 30s
                // (prometheus_retention_time): a sealed pod still answers the (unauthenticated) scrape, with runtime
                // metrics but no vault_core_unsealed at all. So: every scraped Vault pod without an unsealed gauge.
                rule(
                    "VaultSealed",
                    [
                        "vault_core_unsealed == 0",
                        `or (up{job="${vaultScrapeJob}"} unless on (namespace, pod) vault_core_unsealed == 1)`,
                    ].join(" "),
                    "1m",
                    "critical",
                    "Vault {{ $labels.pod }} is sealed or down",
                    "A sealed Vault serves no secrets; follow the unseal procedure in the disaster-recovery runbook.",
                ),
            ],
        },
        {
            name: "groundwork.database",
            rules: [
                rule(
                    "PostgresReplicationLagHigh",
                    `cnpg_pg_replication_lag > ${t.replicationLagSeconds}`,
                    "5m",
                    "warning",
                    "PostgreSQL replica {{ $labels.pod }} lags behind the primary",
                    `The replica is more than ${t.replicationLagSeconds} seconds behind; a failover now would lose those writes.`,
                ),
            ],
        },
    ];
}

/** The PrometheusRule object (apiVersion monitoring.coreos.com/v1) for the rule groups. */
export function platformPrometheusRule(name: string, namespace: string, t: AlertThresholds, watched: WatchedComponents = everything) {
    return {
        apiVersion: "monitoring.coreos.com/v1" as const,
        kind: "PrometheusRule" as const,
        metadata: { name, namespace, labels: { "app.kubernetes.io/part-of": "groundwork" } },
        spec: { groups: platformRuleGroups(t, watched) },
    };
}
