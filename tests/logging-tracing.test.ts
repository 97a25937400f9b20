import { expect } from "chai";
import { alloyConfig } from "../addons/alloy/component";
import { charts, images } from "../model/versions";
import { parseConfig } from "../config/config";
import { expectProblems, helmRelease, planOf, planOfConfig, rawConfigOfFile, resource, stackConfigWith, writeTempConfig } from "./harness";

// Logs (Loki + Alloy) and traces (OpenTelemetry Collector → Tempo), and New Relic as an option.

const values = (r: { inputs: Record<string, unknown> }) => r.inputs.values as any;
const devWith = (addons: Record<string, unknown>) => planOfConfig(stackConfigWith("dev", { "groundwork:addons": addons }));
const podSecurity = (r: { inputs: Record<string, unknown> }) => (r.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"];

describe("addon: loki", () => {
    it("stores logs in its own bucket in prod, replicated, through the backups object store's access", async () => {
        const plan = await planOf("prod");
        const release = helmRelease(plan, "loki");
        expect(release.inputs.version).to.equal(charts.loki.version);
        expect((release.inputs.repositoryOpts as { repo: string }).repo).to.equal("https://grafana-community.github.io/helm-charts");
        const v = values(release);
        expect(v.deploymentMode).to.equal("Monolithic");
        expect(v.loki.storage.type).to.equal("s3");
        expect(v.loki.storage.bucketNames.chunks).to.equal("groundwork-prod-logs");
        expect(v.loki.schemaConfig.configs[0]).to.include({ store: "tsdb", object_store: "s3", schema: "v13" });
        expect(v.singleBinary.replicas).to.equal(3);
        expect(v.loki.commonConfig.replication_factor).to.equal(3);
        expect([v.read.replicas, v.write.replicas, v.backend.replicas]).to.deep.equal([0, 0, 0]);
        expect(v.loki.limits_config.retention_period).to.equal("720h");
        // EKS: an IAM role for Loki's service account instead of keys.
        const role = resource(plan, "aws:iam/role:Role", "groundwork-prod-loki-s3");
        expect(release.dependsOn).to.include(role.urn);
    });

    it("uses the filesystem with one replica in dev", async () => {
        const v = values(helmRelease(await devWith({ loki: { enabled: true } }), "loki"));
        expect(v.loki.storage).to.deep.equal({ type: "filesystem" });
        expect(v.singleBinary.replicas).to.equal(1);
        expect(v.loki.schemaConfig.configs[0].object_store).to.equal("filesystem");
    });

    it("refuses the filesystem in prod and an object store without a bucket", () => {
        const fs = writeTempConfig(stackConfigWith("prod", { "groundwork:addons": { loki: { storage: "filesystem", replicas: 1 } } }));
        expect(expectProblems(() => parseConfig(rawConfigOfFile(fs)))).to.contain('addons.loki.storage: expected "objectStore" in prod');
        const noBucket = writeTempConfig(stackConfigWith("prod", { "groundwork:addons": { loki: { bucket: null } } }));
        expect(expectProblems(() => parseConfig(rawConfigOfFile(noBucket)))).to.contain(
            "addons.loki.bucket: expected a bucket for the logs",
        );
    });

    it("adds itself to Grafana as a data source", async () => {
        const ds = resource(await planOf("prod"), "kubernetes:core/v1:ConfigMap", "loki-grafana-datasource");
        expect((ds.inputs.metadata as any).namespace).to.equal("monitoring");
        expect((ds.inputs.metadata as any).labels.grafana_datasource).to.equal("1");
        expect((ds.inputs.data as any)["loki.yaml"]).to.contain("http://loki-gateway.loki.svc.cluster.local");
    });
});

describe("addon: alloy", () => {
    it("runs as a DaemonSet reading pod log files into Loki, in a namespace with a declared hostPath exception", async () => {
        const plan = await planOf("prod");
        const release = helmRelease(plan, "alloy");
        expect(release.inputs.version).to.equal(charts.alloy.version);
        const v = values(release);
        expect(v.controller.type).to.equal("daemonset");
        expect(v.alloy.mounts.varlog).to.equal(true);
        expect(v.alloy.configMap.content).to.equal(alloyConfig("http://loki-gateway.loki.svc.cluster.local/loki/api/v1/push"));
        expect(podSecurity(resource(plan, "kubernetes:core/v1:Namespace", "alloy-ns"))).to.equal("privileged");
    });

    it("has a pipeline from pod discovery to loki.write", () => {
        const config = alloyConfig("http://loki/push");
        for (const block of [
            'discovery.kubernetes "pods"',
            'local.file_match "pods"',
            'loki.source.file "pods"',
            "stage.cri {}",
            'loki.write "default"',
            'url = "http://loki/push"',
        ]) {
            expect(config).to.contain(block);
        }
    });

    it("needs Loki", () => {
        const file = writeTempConfig(stackConfigWith("dev", { "groundwork:addons": { alloy: { enabled: true } } }));
        expect(expectProblems(() => parseConfig(rawConfigOfFile(file)))).to.contain(
            "addons.loki.enabled: expected true because addons.alloy needs it, got false",
        );
    });
});

describe("addons: openTelemetry and tempo", () => {
    it("runs the collector as a Deployment with the pinned k8s image, OTLP in and traces out to Tempo", async () => {
        const plan = await planOf("prod");
        const release = helmRelease(plan, "opentelemetry-collector");
        expect(release.inputs.version).to.equal(charts.openTelemetry.version);
        const v = values(release);
        expect(v.mode).to.equal("deployment");
        expect(v.image).to.deep.equal({ repository: "otel/opentelemetry-collector-k8s", tag: images.openTelemetryCollector.tag });
        expect(v.replicaCount).to.equal(2);
        expect(v.config.exporters["otlp/traces"].endpoint).to.equal("tempo.tempo.svc.cluster.local:4317");
        expect(v.config.service.pipelines.traces).to.deep.equal({
            receivers: ["otlp"],
            processors: ["memory_limiter", "batch"],
            exporters: ["otlp/traces"],
        });
    });

    it("keeps Tempo's traces on a volume for the retention and adds Tempo to Grafana", async () => {
        const plan = await planOf("prod");
        const v = values(helmRelease(plan, "tempo"));
        expect(helmRelease(plan, "tempo").inputs.version).to.equal(charts.tempo.version);
        expect(v.tempo.retention).to.equal("168h");
        expect(v.persistence).to.include({ enabled: true, size: "50Gi" });
        expect(v.tempo.reportingEnabled).to.equal(false);
        expect(resource(plan, "kubernetes:core/v1:ConfigMap", "tempo-grafana-datasource")).to.exist;
    });

    it("exports to another backend without Tempo when told", async () => {
        const v = values(
            helmRelease(
                await devWith({ openTelemetry: { enabled: true, tracesEndpoint: "otel.example.org:4317" } }),
                "opentelemetry-collector",
            ),
        );
        expect(v.config.exporters["otlp/traces"]).to.deep.equal({ endpoint: "otel.example.org:4317", tls: { insecure: false } });
    });

    it("needs Tempo when no other backend is given", () => {
        const file = writeTempConfig(stackConfigWith("dev", { "groundwork:addons": { openTelemetry: { enabled: true } } }));
        expect(expectProblems(() => parseConfig(rawConfigOfFile(file)))).to.contain(
            "addons.tempo.enabled: expected true because addons.openTelemetry needs it, got false",
        );
    });
});

describe("addon: newRelic", () => {
    it("reads the license key from secret config into a Secret the chart names", async () => {
        const config = stackConfigWith("dev", {
            "groundwork:newRelicLicense": { secure: "v1:placeholder" },
            "groundwork:addons": { newRelic: { enabled: true, licenseKey: "newRelicLicense" } },
        });
        const plan = await planOfConfig(config);
        const release = helmRelease(plan, "nri-bundle");
        expect(release.inputs.version).to.equal(charts.newRelic.version);
        const v = values(release);
        expect(v.global).to.deep.equal({
            cluster: "groundwork-dev",
            customSecretName: "newrelic-license",
            customSecretLicenseKey: "license-key",
            lowDataMode: false,
        });
        expect(v.global).to.not.have.property("licenseKey");
        const secret = resource(plan, "kubernetes:core/v1:Secret", "new-relic-license");
        expect(secret.inputs.stringData).to.equal("[secret]");
        expect(release.dependsOn).to.include(secret.urn);
        expect(JSON.stringify(plan)).to.not.contain("offline-placeholder");
    });

    it("is off by default and needs a license key when on", () => {
        const file = writeTempConfig(stackConfigWith("dev", { "groundwork:addons": { newRelic: { enabled: true } } }));
        expect(expectProblems(() => parseConfig(rawConfigOfFile(file)))).to.contain(
            "addons.newRelic.licenseKey: expected the name of a secret config key",
        );
    });
});
