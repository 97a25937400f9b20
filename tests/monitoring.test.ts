import { expect } from "chai";
import { alertmanagerConfig } from "../addons/monitoring/alertmanager-config";
import { platformRuleGroups } from "../addons/monitoring/alert-rules";
import { charts } from "../model/versions";
import { planToJson } from "../scripts/lib/offline";
import { parseConfig } from "../config/config";
import { validated } from "./models";
import {
    expectProblems,
    helmRelease,
    planOf,
    planOfConfig,
    rawConfigOfFile,
    resource,
    resources,
    stackConfigWith,
    writeTempConfig,
} from "./harness";

// Monitoring: CRDs before everything that uses them, Prometheus persistent and HA in prod, Alertmanager
// configured only from secrets, Grafana with a generated admin password behind TLS, and the default rules
// for the platform's own failure modes.

const thresholds = { certificateExpiryDays: 14, backupMaxAgeHours: 26, volumeFreePercent: 10, replicationLagSeconds: 30 };
const values = (r: { inputs: Record<string, unknown> }) => r.inputs.values as any;

describe("addon: monitoring", () => {
    it("installs the prometheus-operator CRDs as their own release first, then kube-prometheus-stack without CRDs", async () => {
        const plan = await planOf("prod");
        const crds = helmRelease(plan, "prometheus-operator-crds");
        expect(crds.inputs.chart).to.equal(charts.monitoringCrds.chart);
        expect(crds.inputs.version).to.equal(charts.monitoringCrds.version);
        const kps = helmRelease(plan, "kube-prometheus-stack");
        expect(kps.inputs.version).to.equal(charts.monitoring.version);
        expect((kps.inputs.repositoryOpts as { repo: string }).repo).to.equal(charts.monitoring.repo);
        expect(kps.inputs.skipCrds).to.equal(true);
        expect(values(kps).crds).to.deep.equal({ enabled: false });
        expect(kps.dependsOn).to.include(crds.urn);
    });

    it("runs two persistent Prometheus replicas in prod that select every addon's monitors and rules", async () => {
        const spec = values(helmRelease(await planOf("prod"), "kube-prometheus-stack")).prometheus.prometheusSpec;
        expect(spec.replicas).to.equal(2);
        expect(spec.retention).to.equal("15d");
        expect(spec.retentionSize).to.equal("45GB");
        expect(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).to.equal("50Gi");
        expect(spec.storageSpec.volumeClaimTemplate.spec.storageClassName).to.equal("gp3"); // the EKS substrate's class
        for (const key of ["serviceMonitor", "podMonitor", "rule", "probe", "scrapeConfig"])
            expect(spec[`${key}SelectorNilUsesHelmValues`], key).to.equal(false);
    });

    it("runs one Prometheus replica in dev", async () => {
        const plan = await planOfConfig(stackConfigWith("dev", { "groundwork:addons": { monitoring: { enabled: true } } }));
        const kps = values(helmRelease(plan, "kube-prometheus-stack"));
        expect(kps.prometheus.prometheusSpec.replicas).to.equal(1);
        expect(kps.alertmanager.alertmanagerSpec.replicas).to.equal(1);
        expect(kps.grafana.ingress).to.deep.equal({ enabled: false });
    });

    describe("Alertmanager receivers", () => {
        it("come only from a Secret rendered from secret config, never from chart values", async () => {
            const plan = await planOf("prod");
            const am = values(helmRelease(plan, "kube-prometheus-stack")).alertmanager;
            expect(am.alertmanagerSpec.useExistingSecret).to.equal(true);
            expect(am.alertmanagerSpec.configSecret).to.equal("alertmanager-platform");
            expect(am).to.not.have.property("config");
            const secret = resource(plan, "kubernetes:core/v1:Secret", "monitoring-alertmanager-config");
            expect((secret.inputs.metadata as any).name).to.equal("alertmanager-platform");
            expect(secret.inputs.stringData).to.equal("[secret]");
            expect(helmRelease(plan, "kube-prometheus-stack").dependsOn).to.include(secret.urn);
            const text = planToJson(plan);
            expect(text).to.not.contain("alertSlackWebhook");
            expect(text).to.not.match(/hooks\.slack\.com|discord\.com\/api\/webhooks|offline-placeholder/);
        });

        it("render every configured receiver, with critical alerts also paging", () => {
            const config = alertmanagerConfig(
                {
                    slack: { webhookUrl: "k1", channel: "#alerts" },
                    discord: { webhookUrl: "k2" },
                    email: {
                        to: "ops@example.org",
                        from: "am@example.org",
                        smarthost: "smtp.example.org:587",
                        username: "am",
                        password: "k3",
                        requireTls: true,
                    },
                    pagerDuty: { routingKey: "k4" },
                },
                { slack: "https://hooks.slack.com/x", discord: "https://discord.com/api/webhooks/y", email: "pw", pagerDuty: "rk" },
            ) as any;
            const platform = config.receivers.find((r: any) => r.name === "platform");
            expect(platform.slack_configs[0]).to.include({ api_url: "https://hooks.slack.com/x", channel: "#alerts" });
            expect(platform.discord_configs[0].webhook_url).to.equal("https://discord.com/api/webhooks/y");
            expect(platform.email_configs[0]).to.include({ auth_password: "pw", smarthost: "smtp.example.org:587" });
            const pager = config.receivers.find((r: any) => r.name === "pagerduty");
            expect(pager.pagerduty_configs[0].routing_key).to.equal("rk");
            expect(config.route.routes).to.deep.include({ receiver: "pagerduty", matchers: ['severity = "critical"'], continue: true });
            expect(config.route.receiver).to.equal("platform");
        });

        it("send to the null receiver when none is configured (dev)", () => {
            const config = alertmanagerConfig({}, {}) as any;
            expect(config.route.receiver).to.equal("null");
            expect(config.receivers.map((r: any) => r.name)).to.deep.equal(["null", "platform"]);
        });

        it("are required in prod", () => {
            const file = writeTempConfig(
                stackConfigWith("prod", { "groundwork:addons": { monitoring: { alertmanager: { receivers: null } } } }),
            );
            const message = expectProblems(() => parseConfig(rawConfigOfFile(file)));
            expect(message).to.contain("addons.monitoring.alertmanager.receivers: expected at least one receiver in prod");
        });

        it("refuse a receiver whose secret config key is not set", () => {
            const file = writeTempConfig(
                stackConfigWith("dev", {
                    "groundwork:addons": {
                        monitoring: { enabled: true, alertmanager: { receivers: { discord: { webhookUrl: "discordWebhook" } } } },
                    },
                }),
            );
            expect(expectProblems(() => parseConfig(rawConfigOfFile(file)))).to.contain(
                "addons.monitoring.alertmanager.receivers.discord.webhookUrl: expected a config key set with `pulumi config set --secret discordWebhook …`",
            );
        });
    });

    describe("Grafana", () => {
        it("reads its admin password from a generated secret", async () => {
            const plan = await planOf("prod");
            expect(values(helmRelease(plan, "kube-prometheus-stack")).grafana.admin).to.deep.equal({
                existingSecret: "grafana-admin",
                userKey: "admin-user",
                passwordKey: "admin-password",
            });
            const secret = resource(plan, "kubernetes:core/v1:Secret", "monitoring-grafana-admin");
            expect(secret.inputs.stringData).to.equal("[secret]");
            const password = resource(plan, "random:index/randomPassword:RandomPassword", "monitoring-grafana-admin-password");
            expect(secret.dependsOn).to.include(password.urn);
        });

        it("is exposed over TLS from cert-manager's default issuer on the default ingress class", async () => {
            const ingress = values(helmRelease(await planOf("prod"), "kube-prometheus-stack")).grafana.ingress;
            expect(ingress.enabled).to.equal(true);
            expect(ingress.ingressClassName).to.equal("traefik");
            expect(ingress.annotations).to.deep.equal({ "cert-manager.io/cluster-issuer": "letsencrypt-production" });
            expect(ingress.tls).to.deep.equal([{ secretName: "grafana-tls", hosts: ["grafana.example.com"] }]);
        });

        it("needs cert-manager for its ingress", () => {
            const file = writeTempConfig(
                stackConfigWith("dev", {
                    "groundwork:addons": {
                        certManager: { enabled: false },
                        monitoring: { enabled: true, grafana: { ingress: { host: "grafana.example.org" } } },
                    },
                }),
            );
            expect(expectProblems(() => parseConfig(rawConfigOfFile(file)))).to.contain(
                "addons.certManager.enabled: expected true because addons.monitoring needs it, got false",
            );
        });
    });

    describe("default alert rules", () => {
        const rules = platformRuleGroups(thresholds).flatMap((g) => g.rules);
        const expr = (alert: string) => rules.find((r) => r.alert === alert)?.expr;

        it("cover the platform's own failure modes with the expected expressions", () => {
            expect(expr("CertificateExpiringSoon")).to.equal("certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 86400");
            expect(expr("PostgresBackupLate")).to.equal("time() - barman_cloud_cloudnative_pg_io_last_available_backup_timestamp > 93600");
            expect(expr("VeleroBackupLate")).to.match(/^time\(\) - velero_backup_last_successful_timestamp\{schedule!=""\} > 93600 or /);
            expect(expr("PersistentVolumeNearlyFull")).to.equal(
                "kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.10",
            );
            expect(expr("NodeDiskPressure")).to.equal('kube_node_status_condition{condition="DiskPressure",status="true"} == 1');
            expect(expr("VaultSealed")).to.equal(
                "vault_core_unsealed == 0 or " + '(up{job="vault/vault"} unless on (namespace, pod) vault_core_unsealed == 1)',
            );
            expect(expr("PostgresReplicationLagHigh")).to.equal("cnpg_pg_replication_lag > 30");
        });

        it("give every rule a severity, a duration and a description", () => {
            for (const r of rules) {
                expect(["warning", "critical"], r.alert).to.include(r.labels.severity);
                expect(r.for, r.alert).to.match(/^\d+[mh]$/);
                expect(r.annotations.description, r.alert).to.not.be.empty;
            }
            expect(new Set(rules.map((r) => r.alert)).size).to.equal(rules.length);
        });

        it("are one PrometheusRule, valid against the prometheus-operator schema, waiting only for the CRDs", async () => {
            const { PrometheusRule } = await import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1");
            const plan = await planOf("prod");
            const rule = resource(plan, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "monitoring-platform-rules");
            const { apiVersion, kind, metadata, spec } = rule.inputs as any;
            validated(new PrometheusRule({ apiVersion, kind, metadata, spec }));
            expect(spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert))).to.include.members([
                "VaultSealed",
                "NodeDiskPressure",
                "PostgresBackupLate",
            ]);
            const crds = helmRelease(plan, "prometheus-operator-crds");
            expect(rule.dependsOn).to.include(crds.urn);
            expect(rule.dependsOn).to.not.include(helmRelease(plan, "kube-prometheus-stack").urn);
        });

        it("take their thresholds from the config", async () => {
            const plan = await planOfConfig(
                stackConfigWith("dev", { "groundwork:addons": { monitoring: { enabled: true, alerts: { certificateExpiryDays: 21 } } } }),
            );
            const spec = resource(plan, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "monitoring-platform-rules").inputs
                .spec as any;
            const cert = spec.groups.flatMap((g: any) => g.rules).find((r: any) => r.alert === "CertificateExpiringSoon");
            expect(cert.expr).to.contain("< 21 * 86400");
        });
    });

    it("exposes its namespace as the CRD wave other addons' monitors wait for", async () => {
        const plan = await planOf("prod");
        const crds = helmRelease(plan, "prometheus-operator-crds");
        expect(helmRelease(plan, "loki").dependsOn).to.include(crds.urn);
        expect(
            resources(plan, "kubernetes:core/v1:ConfigMap").map((c) => (c.inputs.metadata as any).labels?.grafana_datasource),
        ).to.include("1");
    });
});

describe("stack outputs: urls", () => {
    it("export Grafana's and Argo CD's external URLs", async () => {
        expect((await planOf("prod")).outputs.urls).to.deep.equal({
            grafana: "https://grafana.example.com",
            argoCd: "https://argocd.example.com",
        });
    });
});
