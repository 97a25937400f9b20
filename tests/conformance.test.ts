import { expect } from "chai";
import { addonManifests } from "../config/addon-manifests";
import { alertmanagerConfig } from "../addons/monitoring/alertmanager-config";
import { platformRuleGroups, type WatchedComponents } from "../addons/monitoring/alert-rules";
import { criticalVulnerabilityRule } from "../addons/trivy-operator/component";
import { sandboxedRuntimeSetup } from "../substrates/nova/runtimes";
import { parseConfig } from "../config/config";
import { alertCases } from "../scripts/lib/conformance/alert-tests";
import { receiverFacts, routeCases, routeProblem } from "../scripts/lib/conformance/alertmanager-routes";
import { containerScript, ruleGroups } from "../scripts/lib/conformance/artifacts";
import { configsToPlan } from "../scripts/lib/conformance/configs";
import { libraryPathProblems } from "../scripts/lib/conformance/library-paths";
import { unscrapedReason } from "../scripts/lib/conformance/metric-sources";
import { selectors } from "../scripts/lib/conformance/promql-selectors";
import { planOfConfig, rawConfigOfFile, repoRoot, resource, stackConfigWith } from "./harness";
import { groundwork } from "../program";
import { planStack, readStackConfigFile, type Plan, type PlanResource } from "../scripts/lib/offline";

// The logic of `npm run conformance` (the real tools run there, not here): which configs it plans, how it maps
// an alert's series to what scrapes them, what routing it expects, and the defects it exists to catch.

const thresholds = {
    certificateExpiryDays: 14,
    backupMaxAgeHours: 26,
    volumeFreePercent: 10,
    replicationLagSeconds: 30,
};

describe("conformance: the configs it plans", () => {
    const configs = configsToPlan(repoRoot).map((c) => ({
        name: c.name,
        config: parseConfig(rawConfigOfFile(c.file)),
    }));
    const where = (pred: (c: (typeof configs)[number]["config"]) => boolean) => configs.filter((c) => pred(c.config)).map((c) => c.name);

    it("plans both stacks, every example and every conformance fixture", () => {
        const names = configs.map((c) => c.name);
        expect(names).to.include.members([
            "prod",
            "dev",
            "examples/openstack-vms-kubeadm-vault.yaml",
            "tests/fixtures/conformance/nova-octavia-runtimes-restore.yaml",
        ]);
    });

    it("enables every addon of the registry in at least one config", () => {
        const never = addonManifests
            .map((d) => d.key)
            .filter((key) => where((c) => (c.addons as Record<string, { enabled: boolean }>)[key].enabled).length === 0);
        expect(never, "addons no planned config enables: their artifacts are never checked").to.deep.equal([]);
    });

    it("covers restore mode, both sandboxed runtimes, Octavia, IRSA and Karpenter", () => {
        expect(where((c) => c.restore.enabled)).to.not.be.empty;
        for (const runtime of ["gvisor", "wasmedge"] as const) {
            expect(
                where(
                    (c) =>
                        c.substrate === "nova" &&
                        c.addons.sandboxedRuntimes.enabled &&
                        c.addons.sandboxedRuntimes.runtimes.includes(runtime),
                ),
                runtime,
            ).to.not.be.empty;
        }
        expect(where((c) => c.cluster.nova?.controlPlaneEndpoint === "octavia")).to.not.be.empty;
        expect(where((c) => c.cluster.eks?.workloadIdentity === "irsa")).to.not.be.empty;
        expect(where((c) => c.addons.karpenter.enabled)).to.not.be.empty;
    });
});

describe("conformance: placeholder secrets (the offline planner's test mode)", () => {
    it("renders alertmanager.yaml with fake receiver URLs only when asked, never offline placeholders", async () => {
        const file = `${repoRoot}/examples/magnum-jetstream2-gitops.yaml`;
        const stringData = (plan: Plan) =>
            resource(plan, "kubernetes:core/v1:Secret", "monitoring-alertmanager-config").inputs.stringData as any;
        expect(stringData(await planStack("prod", readStackConfigFile(file), groundwork))).to.equal("[secret]");
        const rendered = stringData(await planStack("prod", readStackConfigFile(file), groundwork, { placeholderSecrets: true }))[
            "alertmanager.yaml"
        ];
        expect(rendered).to.contain("webhook_url: https://secret.example.invalid/alertDiscordWebhook");
        expect(rendered).to.not.match(/offline-placeholder-for-|\[secret\]/);
    });
});

describe("conformance: promtool unit test cases", () => {
    it("exist for every alert the platform and its addons define, firing and silent", () => {
        const alerts = [
            ...platformRuleGroups(thresholds),
            ...(criticalVulnerabilityRule().groups as { rules: { alert: string }[] }[]),
        ].flatMap((g) => g.rules.map((r) => r.alert));
        for (const alert of alerts) {
            const cases = alertCases[alert] ?? [];
            expect(
                cases.some((c) => c.fires.length > 0),
                `${alert} fires somewhere`,
            ).to.equal(true);
            expect(
                cases.some((c) => c.fires.length === 0),
                `${alert} stays silent somewhere`,
            ).to.equal(true);
        }
    });
});

describe("conformance: no dead alerts", () => {
    it("reads the series of an expression: metrics and equality matchers, not functions, labels or durations", () => {
        const s = selectors(
            [
                'max by (namespace, job_name) (kube_job_status_start_time{job_name=~"x-.*"} * on (namespace, job_name)',
                'kube_job_failed{condition="true"}) > on (namespace) group_left ()',
                'increase(velero_backup_failure_total{schedule!=""}[1h])',
                'or up{job="vault/vault"} == 0 and time() - 1e9 > 0',
            ].join(" "),
        );
        expect(s).to.deep.equal([
            { metric: "kube_job_status_start_time", equals: {} },
            { metric: "kube_job_failed", equals: { condition: "true" } },
            { metric: "velero_backup_failure_total", equals: {} },
            { metric: "up", equals: { job: "vault/vault" } },
        ]);
    });

    const monitor = (kind: string, namespace: string, name: string, matchLabels: Record<string, string>): PlanResource => ({
        urn: `urn:${name}`,
        type: `kubernetes:monitoring.coreos.com/v1:${kind}`,
        name,
        parent: null,
        dependsOn: [],
        provider: null,
        options: { protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [] },
        custom: true,
        inputs: { metadata: { name, namespace }, spec: { selector: { matchLabels } } },
    });
    const planWith = (...resources: PlanResource[]): Plan => ({
        project: "groundwork",
        stack: "test",
        resources,
        outputs: {},
    });
    const certManagerLabels = {
        "app.kubernetes.io/name": "cert-manager",
        "app.kubernetes.io/instance": "cert-manager",
        "app.kubernetes.io/component": "controller",
    };

    it("finds cert-manager's metrics unscraped without a monitor selecting its controller (none by default)", () => {
        const metric = { metric: "certmanager_certificate_ready_status", equals: {} };
        expect(unscrapedReason(metric, planWith())).to.contain("cert-manager's controller, which nothing scrapes");
        expect(unscrapedReason(metric, planWith(monitor("ServiceMonitor", "cert-manager", "cert-manager", certManagerLabels)))).to.equal(
            undefined,
        );
        // A monitor for another component does not count.
        expect(
            unscrapedReason(metric, planWith(monitor("ServiceMonitor", "x", "x", { "app.kubernetes.io/name": "trivy-operator" }))),
        ).to.not.equal(undefined);
    });

    it("maps up{job} to the monitor that produces that job (<namespace>/<name>)", () => {
        const up = { metric: "up", equals: { job: "vault/vault" } };
        expect(unscrapedReason(up, planWith(monitor("PodMonitor", "vault", "vault", { "app.kubernetes.io/name": "vault" })))).to.equal(
            undefined,
        );
        expect(unscrapedReason(up, planWith(monitor("PodMonitor", "vault", "vault-server", {})))).to.contain(
            'no ServiceMonitor/PodMonitor makes job "vault/vault"',
        );
    });

    it("refuses a metric nobody recorded a source for", () => {
        expect(unscrapedReason({ metric: "mystery_total", equals: {} }, planWith())).to.contain(
            "no entry in scripts/lib/conformance/metric-sources.ts",
        );
    });

    it("the plan scrapes cert-manager when monitoring is on, so the certificate alerts can fire", async () => {
        const plan = await planOfConfig(stackConfigWith("prod", {}), "prod");
        const sm = resource(plan, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "monitoring-cert-manager");
        expect((sm.inputs.spec as any).selector.matchLabels).to.deep.equal(certManagerLabels);
        expect((sm.inputs.spec as any).endpoints[0].port).to.equal("tcp-prometheus-servicemonitor");
        expect(sm.dependsOn).to.include(resource(plan, "kubernetes:helm.sh/v3:Release", "prometheus-operator-crds").urn);
    });

    it("leaves out the alerts of components the platform does not run", async () => {
        const none: WatchedComponents = {
            certManager: false,
            database: false,
            databaseBackups: false,
            velero: false,
            vault: false,
            vaultSnapshots: false,
            etcdSnapshots: false,
        };
        expect(platformRuleGroups(thresholds, none).flatMap((g) => g.rules.map((r) => r.alert))).to.deep.equal([
            "PersistentVolumeNearlyFull",
            "NodeDiskPressure",
        ]);
        const plan = await planOfConfig(stackConfigWith("dev", { "groundwork:addons": { monitoring: { enabled: true } } }));
        const alerts = ruleGroups({ name: "dev", plan }).flatMap((g) => g.value.rules.map((r) => r.alert));
        expect(alerts).to.include("CertificateExpiringSoon");
        expect(alerts).to.not.include.members(["VeleroBackupLate", "VaultSealed", "PostgresBackupLate"]);
    });
});

describe("conformance: Alertmanager routing expectations", () => {
    const receivers = { slack: { webhookUrl: "slackWebhook", channel: "#alerts" }, pagerDuty: { routingKey: "pd" } };
    const config = alertmanagerConfig(receivers, { slack: "https://hooks.example.invalid/x", pagerDuty: "key" }) as any;
    const facts = receiverFacts(config);

    it("knows which receivers notify and which page", () => {
        expect([...facts.notifying].sort()).to.deep.equal(["pagerduty", "platform"]);
        expect([...facts.paging]).to.deep.equal(["pagerduty"]);
    });

    it("refuses info alerts that reach a person, and critical alerts that miss the pager", () => {
        const info = routeCases.find((c) => c.labels.includes("severity=info"))!;
        expect(routeProblem(info, ["platform"], facts)).to.contain("expected no notification");
        expect(routeProblem(info, ["null"], facts)).to.equal(undefined);
        const critical = routeCases.find((c) => c.expect === "pager")!;
        expect(routeProblem(critical, ["platform"], facts)).to.contain("expected the pager");
        expect(routeProblem(critical, ["pagerduty", "platform"], facts)).to.equal(undefined);
        const warning = routeCases.find((c) => c.expect === "team channel, no pager")!;
        expect(routeProblem(warning, ["pagerduty", "platform"], facts)).to.contain("no pager");
    });

    it("routes InfoInhibitor and info alerts to the null receiver, as kube-prometheus-stack's default does", () => {
        const nullRoutes = config.route.routes.filter((r: any) => r.receiver === "null").flatMap((r: any) => r.matchers);
        expect(nullRoutes).to.include.members(['alertname =~ "Watchdog|InfoInhibitor"', 'severity = "info"']);
        expect(config.inhibit_rules).to.deep.include({
            source_matchers: ['alertname = "InfoInhibitor"'],
            target_matchers: ['severity = "info"'],
            equal: ["namespace"],
        });
    });
});

describe("conformance: scripts", () => {
    it("finds `sh -c` scripts in command, or split between command and args", () => {
        expect(containerScript({ command: ["/bin/sh", "-c", "echo a"] })).to.deep.equal({
            shell: "sh",
            text: "echo a",
        });
        expect(containerScript({ command: ["bash"], args: ["-ec", "echo b"] })).to.deep.equal({
            shell: "bash",
            text: "echo b",
        });
        expect(containerScript({ command: ["vault", "status"] })).to.equal(undefined);
    });

    it("puts WasmEdge's lib64 on the loader path of nova nodes (crun cannot load libwasmedge.so.0 otherwise)", () => {
        const script = sandboxedRuntimeSetup(["wasmedge"]).join("\n");
        expect(libraryPathProblems(script)).to.deep.equal([]);
        const withoutRegistration = script.replace(/^echo \/usr\/local\/lib64 > \/etc\/ld\.so\.conf\.d\/wasmedge\.conf$/m, "");
        expect(libraryPathProblems(withoutRegistration)[0]).to.contain("/usr/local/lib64 holds its libraries, not on the loader path");
    });

    it("never retries the forced Vault restore: a rerun after unsealing would wipe newer writes", async () => {
        const plan = await planOfConfig(stackConfigWith("prod", { "groundwork:restore": { enabled: true } }), "prod");
        const job = resource(plan, "kubernetes:batch/v1:Job", "vault-restore");
        expect((job.inputs.spec as any).backoffLimit).to.equal(0);
        // Its script's quoting (the apostrophe that ended a single-quoted echo) is what `npm run conformance`
        // checks with dash, busybox sh and shellcheck.
    });
});
