import { z } from "zod";
import { ingressSettings } from "../../model/ingress-settings";
import { positiveInt, storageSize } from "../../model/primitives";
import { email, secretRef } from "../../model/primitives";

// Alertmanager's receivers. Every credential (webhook URLs, SMTP password, PagerDuty routing key) is a
// `secretRef` to a secret config key; the whole alertmanager.yaml is rendered from those Pulumi secrets into
// a Kubernetes Secret the chart is pointed at, so no receiver credential is ever a Helm values literal.

export const receiverSettings = z
    .strictObject({
        slack: z
            .strictObject({
                webhookUrl: secretRef.describe("Secret config key holding the Slack incoming-webhook URL."),
                channel: z
                    .string()
                    .regex(/^#[\w-]+$/, { error: 'expected a channel such as "#alerts"' })
                    .describe('Slack channel, e.g. "#alerts".'),
            })
            .optional()
            .describe("Slack: warnings and critical alerts."),
        discord: z
            .strictObject({ webhookUrl: secretRef.describe("Secret config key holding the Discord channel webhook URL.") })
            .optional()
            .describe("Discord channel webhook: warnings and critical alerts."),
        email: z
            .strictObject({
                to: email.describe("Where alert emails go."),
                from: email.describe("Sender address of alert emails."),
                smarthost: z
                    .string()
                    .regex(/^[^\s:]+:\d+$/, { error: 'expected host:port such as "smtp.example.org:587"' })
                    .describe('SMTP server as host:port, e.g. "smtp.example.org:587".'),
                username: z.string().min(1).describe("SMTP user name."),
                password: secretRef.describe("Secret config key holding the SMTP password."),
                requireTls: z.boolean().default(true).describe("Refuse to send unless the SMTP server offers STARTTLS."),
            })
            .optional()
            .describe("Email: warnings and critical alerts."),
        pagerDuty: z
            .strictObject({ routingKey: secretRef.describe("Secret config key holding the PagerDuty Events API v2 routing key.") })
            .optional()
            .describe("PagerDuty: receives only critical alerts (so another receiver is needed for warnings)."),
    })
    .describe("Alertmanager's receivers; every credential is a secret config key, rendered into a Kubernetes Secret.");

export type ReceiverSettings = z.infer<typeof receiverSettings>;

// The settings of monitoring under `addons.monitoring` in the stack config.

export const monitoringSettings = z.strictObject({
    enabled: z.boolean().describe("Run kube-prometheus-stack: Prometheus, Alertmanager, Grafana and the platform's alert rules."),
    prometheus: z
        .strictObject({
            replicas: z.number().int().min(1).max(5).describe("Prometheus replicas, each scraping everything into its own volume."),
            retention: z
                .string()
                .regex(/^\d+(h|d|w|y)$/, { error: 'expected a duration such as "15d"' })
                .describe('How long samples are kept, e.g. "15d" (h, d, w or y).'),
            retentionSize: z
                .string()
                .regex(/^\d+(MB|GB|TB)$/, { error: 'expected a size such as "45GB"' })
                .describe('Upper bound on the TSDB size, e.g. "45GB"; keep it below the volume size.'),
            storage: storageSize.describe('Volume of each Prometheus replica, e.g. "50Gi".'),
            storageClass: z
                .string()
                .min(1)
                .optional()
                .describe("StorageClass of the Prometheus volumes; the substrate's storage class when unset."),
        })
        .describe("Prometheus: metrics collection and storage."),
    alertmanager: z
        .strictObject({
            replicas: z.number().int().min(1).max(5).describe("Alertmanager replicas; they gossip so an alert is sent once."),
            storage: storageSize.describe("Volume of each Alertmanager replica (silences and notification state)."),
            receivers: receiverSettings.default({}),
        })
        .describe("Alertmanager: where alerts are sent."),
    grafana: z
        .strictObject({
            ingress: ingressSettings.optional().describe("Exposes Grafana over HTTPS; needs cert-manager."),
            storage: storageSize.optional().describe("A volume for Grafana, so dashboards and users survive restarts; none when unset."),
        })
        .describe("Grafana: dashboards, with a generated admin password."),
    alerts: z
        .strictObject({
            certificateExpiryDays: positiveInt.max(60).describe("Alert when a certificate expires in fewer days than this."),
            backupMaxAgeHours: positiveInt.max(24 * 14).describe("Alert when the newest successful backup is older than this many hours."),
            volumeFreePercent: positiveInt.max(50).describe("Alert when a volume has less free space than this percentage."),
            replicationLagSeconds: positiveInt.describe("Alert when a PostgreSQL replica is further behind than this many seconds."),
        })
        .describe("Thresholds of the platform's own alert rules."),
});

export type MonitoringSettings = z.infer<typeof monitoringSettings>;
