import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { stringify } from "yaml";
import { generatedSecret, namespacedSecret } from "../../platform/secrets";
import { helmRelease } from "../../platform/helm";
import { tlsIngress, uiExposure, type TlsIngress } from "../../platform/ingress-tls";
import { monitoringObject } from "../../platform/monitoring-objects";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import { alertmanagerConfig, receiverSecretKeys } from "./alertmanager-config";
import { platformPrometheusRule, type AlertThresholds, type WatchedComponents } from "./alert-rules";
import { backupLocationOf } from "../../config/backup-location";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { ClusterIssuerNames } from "../../platform/cluster-issuers";
import type { PlatformConfig, SecretReader } from "../../config/types";
import { defineComponent } from "../../platform/addon";
import type { MonitoringSettings } from "./settings";
import { monitoring, namespace } from "./manifest";

// The monitoring ComponentResource; its settings and rules are in ./manifest.ts.

export interface MonitoringArgs {
    cluster: ClusterHandle;
    settings: MonitoringSettings;
    secrets: SecretReader;
    /** From cert-manager, when Grafana has an ingress. */
    issuers?: ClusterIssuerNames;
    /** The platform's default IngressClass, when an ingress addon is enabled. */
    ingressClass?: string;
    /** ExternalDNS and the ingress controller: destroyed after Grafana's Ingress (platform/teardown.ts). */
    ingressControllers?: pulumi.Resource[];
    /** Dev is disposable: volumes of the Prometheus and Alertmanager StatefulSets go with them. */
    deleteVolumes?: boolean;
    /** What the platform runs, so that no alert watches a component that is not there. */
    watched: WatchedComponents;
    /** cert-manager's namespace, when it is enabled: its controller's metrics feed the certificate alerts. */
    certManagerNamespace?: pulumi.Input<string>;
}

const release = "kube-prometheus-stack";

const grafanaAdminSecret = "grafana-admin";

const alertmanagerSecret = "alertmanager-platform";

export class Monitoring extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The prometheus-operator CRDs: what a ServiceMonitor, PodMonitor or PrometheusRule must wait for. */
    readonly ready: pulumi.Resource[];
    readonly release: k8s.helm.v3.Release;
    /** Where Grafana data source ConfigMaps go (see monitoring/grafana-datasource.ts). */
    readonly grafanaNamespace: string = namespace;
    /** External URL when Grafana has an ingress, else the in-cluster one. */
    readonly grafanaUrl: string;
    readonly prometheusUrl: string = `http://${release}-prometheus.${namespace}.svc.cluster.local:9090`;
    readonly alertmanagerUrl: string = `http://${release}-alertmanager.${namespace}.svc.cluster.local:9093`;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Monitoring", name, {}, opts);
        const { settings, cluster } = args;
        // node-exporter (a DaemonSet in this namespace) needs hostNetwork, hostPID and hostPath mounts.
        const ns = platformNamespace(this, name, {
            name: namespace,
            podSecurity: "privileged",
            kubernetesVersion: cluster.kubernetesVersion,
        });
        const crds = helmRelease(this, { chart: charts.monitoringCrds, namespace: ns.metadata.name, values: {} });
        this.ready = [crds];

        const grafanaAdmin = namespacedSecret(this, `${name}-grafana-admin`, {
            secretName: grafanaAdminSecret,
            namespace: ns.metadata.name,
            stringData: { "admin-user": "admin", "admin-password": generatedSecret(this, `${name}-grafana-admin`) },
        });
        const amSecret = namespacedSecret(this, `${name}-alertmanager-config`, {
            secretName: alertmanagerSecret,
            namespace: ns.metadata.name,
            stringData: { "alertmanager.yaml": renderAlertmanagerConfig(settings, args.secrets) },
        });

        const ingress =
            settings.grafana.ingress && args.issuers
                ? tlsIngress(settings.grafana.ingress, args.issuers.default, "grafana-tls", args.ingressClass)
                : undefined;
        this.grafanaUrl = ingress?.url ?? `http://${release}-grafana.${namespace}.svc.cluster.local`;
        const storageClass = settings.prometheus.storageClass ?? cluster.capabilities.defaultStorageClass;

        this.release = helmRelease(this, {
            chart: charts.monitoring,
            namespace: ns.metadata.name,
            skipCrds: true,
            dependsOn: [crds, grafanaAdmin, amSecret, ...(ingress ? (args.ingressControllers ?? []) : [])],
            values: {
                crds: { enabled: false },
                prometheus: {
                    podDisruptionBudget: { enabled: settings.prometheus.replicas > 1, minAvailable: 1 },
                    prometheusSpec: {
                        replicas: settings.prometheus.replicas,
                        retention: settings.prometheus.retention,
                        retentionSize: settings.prometheus.retentionSize,
                        walCompression: true,
                        // Tempo's metrics generator writes span metrics here.
                        enableRemoteWriteReceiver: true,
                        storageSpec: volumeClaim(settings.prometheus.storage, storageClass),
                        persistentVolumeClaimRetentionPolicy: claimRetention(args.deleteVolumes),
                        // Select every monitor and rule in the cluster, not only this release's: other addons
                        // ship their own ServiceMonitors, PodMonitors and PrometheusRules.
                        serviceMonitorSelectorNilUsesHelmValues: false,
                        podMonitorSelectorNilUsesHelmValues: false,
                        ruleSelectorNilUsesHelmValues: false,
                        probeSelectorNilUsesHelmValues: false,
                        scrapeConfigSelectorNilUsesHelmValues: false,
                    },
                },
                alertmanager: {
                    podDisruptionBudget: { enabled: settings.alertmanager.replicas > 1, minAvailable: 1 },
                    alertmanagerSpec: {
                        replicas: settings.alertmanager.replicas,
                        // The config is the Secret rendered above from secret config, never chart values.
                        useExistingSecret: true,
                        configSecret: alertmanagerSecret,
                        storage: volumeClaim(settings.alertmanager.storage, storageClass),
                        persistentVolumeClaimRetentionPolicy: claimRetention(args.deleteVolumes),
                    },
                },
                grafana: {
                    admin: { existingSecret: grafanaAdminSecret, userKey: "admin-user", passwordKey: "admin-password" },
                    ingress: grafanaIngress(ingress),
                    persistence: settings.grafana.storage
                        ? {
                              enabled: true,
                              type: "pvc",
                              size: settings.grafana.storage,
                              storageClassName: storageClass,
                              accessModes: ["ReadWriteOnce"],
                          }
                        : { enabled: false },
                    ...(ingress ? { "grafana.ini": { server: { root_url: ingress.url } } } : {}),
                },
            },
        });

        // Custom resources need only the CRDs, not the operator's release: they stay in the CRD wave.
        const thresholds: AlertThresholds = settings.alerts;
        const rule = platformPrometheusRule("groundwork-platform", namespace, thresholds, args.watched);
        new k8s.apiextensions.CustomResource(
            `${name}-platform-rules`,
            { ...rule, metadata: { ...rule.metadata, namespace: ns.metadata.name } },
            { parent: this, dependsOn: this.ready },
        );

        if (args.certManagerNamespace) {
            // cert-manager's chart only creates the metrics Service; without a monitor the certificate alerts
            // read nothing. Created here (cert-manager cannot wait for monitoring, which uses it) as a CR
            // after the CRDs, selecting the chart's Service (release name = chart name).
            monitoringObject(this, `${name}-cert-manager`, {
                kind: "ServiceMonitor",
                name: "cert-manager",
                namespace: args.certManagerNamespace,
                spec: {
                    selector: { matchLabels: certManagerMetricsLabels },
                    endpoints: [{ port: "tcp-prometheus-servicemonitor", path: "/metrics", scheme: "http" }],
                },
                ready: this.ready,
            });
        }

        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, grafanaUrl: this.grafanaUrl, prometheusUrl: this.prometheusUrl });
    }
}

/** StatefulSet PVC retention: deleted with the StatefulSet in dev, kept in prod. */
function claimRetention(deleteVolumes: boolean | undefined) {
    return { whenDeleted: deleteVolumes ? "Delete" : "Retain", whenScaled: "Retain" };
}

function volumeClaim(size: string, storageClass: string | undefined) {
    return {
        volumeClaimTemplate: {
            spec: {
                ...(storageClass ? { storageClassName: storageClass } : {}),
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: size } },
            },
        },
    };
}

function grafanaIngress(ingress: TlsIngress | undefined) {
    if (!ingress) return { enabled: false };
    return {
        enabled: true,
        ingressClassName: ingress.className,
        annotations: ingress.annotations,
        hosts: [ingress.host],
        path: "/",
        tls: [{ secretName: ingress.secretName, hosts: [ingress.host] }],
    };
}

/** alertmanager.yaml from the receivers' secret config values; the result is a Pulumi secret. */
function renderAlertmanagerConfig(settings: MonitoringSettings, secrets: SecretReader): pulumi.Output<string> {
    const receivers = settings.alertmanager.receivers;
    const values: Record<string, pulumi.Output<string>> = {};
    for (const [role, key] of Object.entries(receiverSecretKeys(receivers))) values[role] = secrets(key);
    return pulumi.secret(pulumi.all(values).apply((resolved) => stringify(alertmanagerConfig(receivers, resolved))));
}

/** What the platform runs, as the alerts see it (the same conditions the watched addons create objects under). */
function watchedComponents(config: PlatformConfig, cluster: ClusterHandle): WatchedComponents {
    const { addons } = config;
    const backups = backupLocationOf(config) !== undefined;
    return {
        certManager: addons.certManager.enabled,
        database: config.database.enabled,
        databaseBackups: config.database.enabled && backups,
        velero: addons.velero.enabled,
        vault: addons.vault.enabled,
        vaultSnapshots: addons.vault.enabled && addons.vault.snapshots && backups,
        etcdSnapshots: addons.etcdBackup.enabled && cluster.capabilities.selfManagedEtcd && backups,
    };
}

/** Labels of the cert-manager chart's controller metrics Service (templates/service.yaml). */
const certManagerMetricsLabels = {
    "app.kubernetes.io/name": "cert-manager",
    "app.kubernetes.io/instance": "cert-manager",
    "app.kubernetes.io/component": "controller",
};

export const monitoringComponent = defineComponent(
    monitoring,
    (name, ctx): Monitoring =>
        new Monitoring(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                secrets: ctx.secrets,
                ...uiExposure(ctx),
                deleteVolumes: !ctx.config.protect,
                certManagerNamespace: ctx.addons.certManager?.namespace,
                watched: watchedComponents(ctx.config, ctx.cluster),
            },
            ctx.opts,
        ),
);
