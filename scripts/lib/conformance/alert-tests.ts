// `promtool test rules` cases for every alert the platform defines: each alert has cases where it must fire
// and cases where it must stay silent. Series are far from any threshold the config allows (alerts take
// their thresholds from addons.monitoring.alerts), so the same cases hold for every plan. A new alert
// without an entry here fails conformance.

export interface AlertCase {
    /** What the case shows, printed when it fails. */
    name: string;
    /** Sample interval of the input series, and the rules' evaluation interval for this case; default 1m. */
    interval?: string;
    /** promtool's expanding notation: "0+60x100", "1x30". */
    series: Record<string, string>;
    /** When the alert is evaluated, as a duration from time 0 ("2h", "20d"). */
    at: string;
    /** The labels of each alert that fires (without alertname and the rule's own labels); [] = silent. */
    fires: Record<string, string>[];
}

/**
 * Backup ages are tested at 15 days, past the largest backupMaxAgeHours (14 days), with hourly samples (the
 * rules are then evaluated hourly too, on the samples: see promtool-tests.ts).
 */
const hourly = "1h";
/** A timestamp that stays at 0: 15 days old at 15d. */
const stale = "0x400";
/** A timestamp that follows the clock: always fresh. */
const fresh = "0+3600x400";

/** A snapshot CronJob whose last success, or creation when it never succeeded, is too old. */
function snapshotLateCases(namespace: string, cronjob: string): AlertCase[] {
    const labels = `{namespace="${namespace}",cronjob="${cronjob}"}`;
    const lastSuccess = `kube_cronjob_status_last_successful_time${labels}`;
    const created = `kube_cronjob_created${labels}`;
    const late = (name: string, series: Record<string, string>, fires: boolean): AlertCase => ({
        name,
        interval: hourly,
        series,
        at: "15d",
        fires: fires ? [{ namespace, cronjob }] : [],
    });
    return [
        late("no snapshot for 15 days fires", { [lastSuccess]: stale }, true),
        late("a CronJob created 15 days ago that never succeeded fires", { [created]: stale }, true),
        late("a CronJob created an hour before, not run yet, is silent", { [created]: "1292400x400" }, false),
        late("a fresh snapshot is silent", { [lastSuccess]: fresh, [created]: stale }, false),
    ];
}

/** The labels trivy-operator puts on a running container's findings. */
const webContainerLabels = {
    namespace: "apps",
    resource_kind: "ReplicaSet",
    resource_name: "web",
    container_name: "web",
    image_repository: "web",
    image_tag: "1",
};
const webContainer = Object.entries(webContainerLabels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");

export const alertCases: Record<string, AlertCase[]> = {
    CertificateExpiringSoon: [
        {
            name: "a certificate that expires in half a day fires",
            series: {
                'certmanager_certificate_expiration_timestamp_seconds{namespace="apps",name="web"}': "43200x200",
            },
            at: "2h",
            fires: [{ namespace: "apps", name: "web" }],
        },
        {
            name: "a certificate valid for 100 more days is silent",
            series: {
                'certmanager_certificate_expiration_timestamp_seconds{namespace="apps",name="web"}': "8640000x200",
            },
            at: "2h",
            fires: [],
        },
    ],
    CertificateNotReady: [
        {
            name: "a certificate not ready for an hour fires",
            series: {
                'certmanager_certificate_ready_status{namespace="apps",name="web",condition="False"}': "1x120",
                'certmanager_certificate_ready_status{namespace="apps",name="web",condition="True"}': "0x120",
            },
            at: "1h",
            fires: [{ namespace: "apps", name: "web", condition: "False" }],
        },
        {
            name: "a ready certificate is silent",
            series: {
                'certmanager_certificate_ready_status{namespace="apps",name="web",condition="False"}': "0x120",
                'certmanager_certificate_ready_status{namespace="apps",name="web",condition="True"}': "1x120",
            },
            at: "1h",
            fires: [],
        },
    ],
    PostgresBackupLate: [
        {
            name: "no base backup for 15 days fires",
            interval: hourly,
            series: {
                'barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{namespace="postgres",pod="postgres-1"}': stale,
            },
            at: "15d",
            fires: [{ namespace: "postgres", pod: "postgres-1" }],
        },
        {
            name: "a backup taken just now is silent",
            interval: hourly,
            series: {
                'barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{namespace="postgres",pod="postgres-1"}': fresh,
            },
            at: "15d",
            fires: [],
        },
    ],
    PostgresBackupFailed: [
        {
            name: "a failure after the last successful backup fires",
            series: {
                'barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp{namespace="postgres",pod="postgres-1"}': "200x60",
                'barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{namespace="postgres",pod="postgres-1"}': "100x60",
            },
            at: "1h",
            fires: [{ namespace: "postgres", pod: "postgres-1" }],
        },
        {
            name: "a success after the last failure is silent",
            series: {
                'barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp{namespace="postgres",pod="postgres-1"}': "100x60",
                'barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{namespace="postgres",pod="postgres-1"}': "200x60",
            },
            at: "1h",
            fires: [],
        },
    ],
    VeleroBackupLate: [
        {
            name: "a schedule without success for 15 days fires",
            interval: hourly,
            series: { 'velero_backup_last_successful_timestamp{schedule="daily"}': stale },
            at: "15d",
            fires: [{ schedule: "daily" }],
        },
        {
            name: "a schedule that tries every hour and never succeeds fires",
            interval: hourly,
            series: {
                'velero_backup_attempt_total{schedule="daily"}': "0+1x400",
                'velero_backup_success_total{schedule="daily"}': "0x400",
            },
            at: "15d",
            fires: [{ schedule: "daily" }],
        },
        {
            name: "a schedule that just succeeded is silent",
            interval: hourly,
            series: {
                'velero_backup_last_successful_timestamp{schedule="daily"}': fresh,
                'velero_backup_attempt_total{schedule="daily"}': "0+1x400",
                'velero_backup_success_total{schedule="daily"}': "0+1x400",
            },
            at: "15d",
            fires: [],
        },
    ],
    EtcdSnapshotLate: snapshotLateCases("etcd-backup", "etcd-snapshot"),
    VaultSnapshotLate: snapshotLateCases("vault", "vault-raft-snapshot"),
    SnapshotJobFailed: [
        {
            name: "a failed snapshot Job newer than the last success fires",
            series: {
                'kube_job_status_start_time{namespace="vault",job_name="vault-raft-snapshot-2900"}': "7200x120",
                'kube_job_failed{namespace="vault",job_name="vault-raft-snapshot-2900",condition="true"}': "1x120",
                'kube_job_status_failed{namespace="vault",job_name="vault-raft-snapshot-2900"}': "4x120",
                'kube_cronjob_status_last_successful_time{namespace="vault",cronjob="vault-raft-snapshot"}': "3600x120",
            },
            at: "2h",
            fires: [{ namespace: "vault", job_name: "vault-raft-snapshot-2900" }],
        },
        {
            name: "a failed first run (the CronJob never succeeded) fires",
            series: {
                'kube_job_status_start_time{namespace="etcd-backup",job_name="etcd-snapshot-2900"}': "60x120",
                'kube_job_failed{namespace="etcd-backup",job_name="etcd-snapshot-2900",condition="true"}': "1x120",
            },
            at: "2h",
            fires: [{ namespace: "etcd-backup", job_name: "etcd-snapshot-2900" }],
        },
        {
            name: "a Job whose retry succeeded (one failed pod, no Failed condition) is silent",
            series: {
                'kube_job_status_start_time{namespace="etcd-backup",job_name="etcd-snapshot-2900"}': "7200x120",
                'kube_job_status_failed{namespace="etcd-backup",job_name="etcd-snapshot-2900"}': "1x120",
                'kube_job_status_succeeded{namespace="etcd-backup",job_name="etcd-snapshot-2900"}': "1x120",
                'kube_cronjob_status_last_successful_time{namespace="etcd-backup",cronjob="etcd-snapshot"}': "7300x120",
            },
            at: "2h",
            fires: [],
        },
        {
            name: "a failed Job followed by a successful run is silent",
            series: {
                'kube_job_status_start_time{namespace="vault",job_name="vault-raft-snapshot-2800"}': "3600x120",
                'kube_job_failed{namespace="vault",job_name="vault-raft-snapshot-2800",condition="true"}': "1x120",
                'kube_cronjob_status_last_successful_time{namespace="vault",cronjob="vault-raft-snapshot"}': "7300x120",
            },
            at: "2h",
            fires: [],
        },
    ],
    VeleroBackupFailed: [
        {
            name: "a failed backup in the last hour fires",
            series: { 'velero_backup_failure_total{schedule="daily"}': "0 0 0 1x30" },
            at: "20m",
            fires: [{ schedule: "daily" }],
        },
        {
            name: "no failure is silent",
            series: { 'velero_backup_failure_total{schedule="daily"}': "3x60" },
            at: "30m",
            fires: [],
        },
    ],
    PersistentVolumeNearlyFull: [
        {
            name: "a full volume fires",
            series: {
                'kubelet_volume_stats_available_bytes{namespace="apps",persistentvolumeclaim="data"}': "0x60",
                'kubelet_volume_stats_capacity_bytes{namespace="apps",persistentvolumeclaim="data"}': "100x60",
            },
            at: "30m",
            fires: [{ namespace: "apps", persistentvolumeclaim: "data" }],
        },
        {
            name: "a volume 90% free is silent",
            series: {
                'kubelet_volume_stats_available_bytes{namespace="apps",persistentvolumeclaim="data"}': "90x60",
                'kubelet_volume_stats_capacity_bytes{namespace="apps",persistentvolumeclaim="data"}': "100x60",
            },
            at: "30m",
            fires: [],
        },
    ],
    NodeDiskPressure: [
        {
            name: "a node under disk pressure fires",
            series: { 'kube_node_status_condition{node="n1",condition="DiskPressure",status="true"}': "1x30" },
            at: "10m",
            fires: [{ node: "n1", condition: "DiskPressure", status: "true" }],
        },
        {
            name: "a node without disk pressure is silent",
            series: { 'kube_node_status_condition{node="n1",condition="DiskPressure",status="true"}': "0x30" },
            at: "10m",
            fires: [],
        },
    ],
    VaultSealed: [
        {
            name: "a sealed pod (scraped, runtime metrics only, no vault_core_unsealed) fires",
            series: {
                'up{job="vault/vault",namespace="vault",pod="vault-0"}': "1x10",
                'vault_runtime_alloc_bytes{job="vault/vault",namespace="vault",pod="vault-0"}': "1000x10",
                'up{job="vault/vault",namespace="vault",pod="vault-1"}': "1x10",
                'vault_core_unsealed{job="vault/vault",namespace="vault",pod="vault-1"}': "1x10",
            },
            at: "5m",
            fires: [{ job: "vault/vault", namespace: "vault", pod: "vault-0" }],
        },
        {
            name: "a pod whose metrics cannot be scraped fires",
            series: { 'up{job="vault/vault",namespace="vault",pod="vault-2"}': "0x10" },
            at: "5m",
            fires: [{ job: "vault/vault", namespace: "vault", pod: "vault-2" }],
        },
        {
            name: "a pod that just reported itself sealed fires",
            series: {
                'up{job="vault/vault",namespace="vault",pod="vault-0"}': "1x10",
                'vault_core_unsealed{job="vault/vault",namespace="vault",pod="vault-0"}': "0x10",
            },
            at: "5m",
            fires: [{ job: "vault/vault", namespace: "vault", pod: "vault-0" }],
        },
        {
            name: "unsealed, scraped pods are silent",
            series: {
                'up{job="vault/vault",namespace="vault",pod="vault-0"}': "1x10",
                'vault_core_unsealed{job="vault/vault",namespace="vault",pod="vault-0"}': "1x10",
            },
            at: "5m",
            fires: [],
        },
    ],
    PostgresReplicationLagHigh: [
        {
            name: "a replica hours behind fires",
            series: { 'cnpg_pg_replication_lag{namespace="postgres",pod="postgres-2"}': "100000x30" },
            at: "10m",
            fires: [{ namespace: "postgres", pod: "postgres-2" }],
        },
        {
            name: "a replica in sync is silent",
            series: { 'cnpg_pg_replication_lag{namespace="postgres",pod="postgres-2"}': "0x30" },
            at: "10m",
            fires: [],
        },
    ],
    CriticalVulnerabilityInRunningWorkload: [
        {
            name: "a running container with critical findings fires",
            series: {
                [`trivy_image_vulnerabilities{${webContainer},severity="Critical"}`]: "3x60",
            },
            at: "30m",
            fires: [webContainerLabels],
        },
        {
            name: "high (not critical) findings are silent",
            series: {
                [`trivy_image_vulnerabilities{${webContainer},severity="High"}`]: "3x60",
            },
            at: "30m",
            fires: [],
        },
    ],
};
