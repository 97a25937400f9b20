import { defineAddon } from "../../config/addon-manifest";
import { ingressAddons } from "../../config/ingress";
import { ingressTeardownAddons } from "../../config/ingress";
import { charts } from "../../model/versions";
import { hasReceivers, receiverProblems } from "./alertmanager-config";
import { monitoringSettings } from "./settings";

// Metrics and alerting: the prometheus-operator CRDs as their own release (CRDs first: every other addon's
// ServiceMonitors and PrometheusRules wait on `ready`, not on the whole stack), then kube-prometheus-stack
// without CRDs, with persistent Prometheus, Alertmanager fed from secret config, and Grafana with a
// generated admin password. The platform's own failure modes are alerted on by default.

export const namespace = "monitoring";

const alertDefaults = { certificateExpiryDays: 14, backupMaxAgeHours: 26, volumeFreePercent: 10, replicationLagSeconds: 30 };

export const monitoring = defineAddon({
    key: "monitoring",
    description: "Prometheus, Alertmanager (receivers from secret config) and Grafana; alerts for the platform's own failure modes",
    settings: monitoringSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: [charts.monitoringCrds, charts.monitoring],
    defaults: {
        dev: {
            enabled: false,
            prometheus: { replicas: 1, retention: "3d", retentionSize: "8GB", storage: "10Gi" },
            alertmanager: { replicas: 1, storage: "1Gi", receivers: {} },
            grafana: {},
            alerts: alertDefaults,
        },
        prod: {
            enabled: false,
            prometheus: { replicas: 2, retention: "15d", retentionSize: "45GB", storage: "50Gi" },
            alertmanager: { replicas: 2, storage: "2Gi", receivers: {} },
            grafana: { storage: "10Gi" },
            alerts: alertDefaults,
        },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: (settings) => (settings.grafana.ingress ? ["certManager"] : []),
    uses: ["certManager", ...ingressAddons, ...ingressTeardownAddons],
    validate: (settings, config) => [
        ...(config.environment === "prod" && !hasReceivers(settings.alertmanager.receivers)
            ? [
                  "addons.monitoring.alertmanager.receivers: expected at least one receiver in prod (slack, discord, email or pagerDuty), got nothing",
              ]
            : []),
        ...receiverProblems(settings.alertmanager.receivers),
    ],
    // Prometheus scrapes every namespace (each one admits it on its metrics ports) and the nodes; Grafana
    // behind the ingress; the operator's webhook; Alertmanager's receivers outside.
    flows: () => [
        {
            namespace,
            ingress: [
                { peer: "ingress", ports: [3000] },
                { peer: "apiServer", ports: [10250] },
            ],
            egress: [
                { peer: "apiServer" },
                { peer: "allNamespaces" },
                { peer: "nodes", ports: [9100, 10250, 10249, 2379, 2381, 10257, 10259] },
                { peer: "internet", ports: [443] },
            ],
        },
    ],
});
