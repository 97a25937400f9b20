import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { charts, cloudProviderOpenstackCharts, type ChartPin } from "../model/versions";
import type { Plan } from "../scripts/lib/offline";
import type { NamedPlan } from "../scripts/lib/conformance/check";
import { contractFileName, contractsDir, loadContract } from "../scripts/lib/conformance/chart-contract";
import { readChartSource } from "../scripts/lib/conformance/chart-source";
import { helmValuesCheck } from "../scripts/lib/conformance/helm-values";
import { kubernetesSchemaCheck, manifestProblems } from "../scripts/lib/conformance/kubernetes-schema";
import { KubernetesSchemas } from "../scripts/lib/conformance/kubernetes-schemas";
import { validateOpenApi } from "../scripts/lib/conformance/openapi-validate";
import { configFileWith, helmRelease, planOf, planOfConfig, repoRoot, resource } from "./harness";

// Helm values against the pinned charts (every value read by the chart, types as values.schema.json says)
// and Kubernetes objects against the API server's schemas and rules, over every committed config; then each
// check shown catching a planted defect, the ones that shipped first among them.

const configs = [
    "prod",
    "dev",
    ...["examples", "tests/fixtures/conformance"].flatMap((dir) =>
        fs.existsSync(path.join(repoRoot, dir))
            ? fs
                  .readdirSync(path.join(repoRoot, dir))
                  .filter((f) => f.endsWith(".yaml"))
                  .map((f) => `${dir}/${f}`)
            : [],
    ),
];

/** One plan after the other: the offline runtime's mocks are global, plans must not run concurrently. */
async function namedPlans(): Promise<NamedPlan[]> {
    const plans: NamedPlan[] = [];
    for (const name of configs) plans.push({ name, plan: await planOf(name) });
    return plans;
}

/** A deep copy of a plan to plant a defect in (plans are cached and shared between tests). */
async function copyOf(stackOrFile: string): Promise<Plan> {
    return structuredClone(await planOf(stackOrFile));
}

async function errorsOf(check: typeof helmValuesCheck, plan: Plan): Promise<string[]> {
    return (await check.run([{ name: "planted", plan }])).errors;
}

const pinned: ChartPin[] = [
    ...Object.values(charts),
    ...Object.values(cloudProviderOpenstackCharts).flatMap((perMinor) => Object.values(perMinor)),
];

describe("conformance: chart contracts", () => {
    it("has a vendored contract for the exact version of every chart pinned in model/versions.ts", () => {
        const missing = pinned.filter((pin) => loadContract(pin.chart, pin.version)?.version !== pin.version);
        const hint = "run scripts/chart-contracts.ts on the new version's source";
        expect(
            missing.map((p) => `${p.chart}-${p.version}`),
            hint,
        ).to.deep.equal([]);
    });

    it("keeps no contract of a version nothing pins any more", () => {
        const wanted = new Set(pinned.map((pin) => contractFileName(pin.chart, pin.version)));
        expect(fs.readdirSync(contractsDir).filter((f) => !wanted.has(f))).to.deep.equal([]);
    });

    it("generates a contract from an upstream chart folder: template paths, free-form values, subcharts", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chart-"));
        fs.mkdirSync(path.join(dir, "templates"));
        fs.writeFileSync(
            path.join(dir, "Chart.yaml"),
            "name: demo\nversion: 0.1.0\n" + "dependencies:\n  - name: sub\n    version: 1.0.0\n    condition: sub.enabled\n",
        );
        fs.writeFileSync(path.join(dir, "values.yaml"), 'replicas: 1\nresources: {}\n"grafana.ini": {}\n');
        fs.writeFileSync(
            path.join(dir, "templates", "deployment.yaml"),
            "replicas: {{ .Values.replicas }}\nresources: {{- toYaml .Values.resources | nindent 2 }}\n" +
                "{{ if .Values.pdb.enabled }}x{{ end }}\n",
        );
        const contract = readChartSource(dir, "1.2.3");
        expect(contract).to.deep.include({ chart: "demo", version: "1.2.3" });
        expect(contract.reads).to.include.members(["replicas", "pdb", "pdb.enabled", "sub.enabled"]);
        expect(contract.freeForm).to.deep.equal(["resources"]);
        expect(contract.subcharts.sub).to.match(/sub@1\.0\.0/);
    });
});

describe("conformance: every committed config", function () {
    this.timeout(600_000);

    it("sets only Helm values the pinned charts read, of the types their schemas allow", async () => {
        const result = await helmValuesCheck.run(await namedPlans());
        expect(result.errors).to.deep.equal([]);
        expect(result.checked).to.be.greaterThan(100);
    });

    it("creates and renders only objects the Kubernetes 1.33 API server accepts", async () => {
        const result = await kubernetesSchemaCheck.run(await namedPlans());
        expect(result.errors).to.deep.equal([]);
        expect(result.checked).to.be.greaterThan(300);
        // Kinds without a vendored schema are named in the output, never passed silently.
        for (const gap of result.notChecked ?? []) expect(gap).to.match(/^\d+ cilium\.io\/CiliumNetworkPolicy object\(s\): /);
    });
});

describe("conformance: the per-minor OpenStack charts", function () {
    this.timeout(600_000);

    it("sets only values each cluster minor's cloud-controller-manager and Cinder CSI chart reads", async () => {
        const minors = Object.keys(cloudProviderOpenstackCharts.cloudControllerManager);
        const plans: NamedPlan[] = [];
        for (const minor of minors) {
            const patch = { "groundwork:cluster": { kubernetesVersion: minor } };
            const config = configFileWith("examples/openstack-vms-kubeadm-vault.yaml", patch);
            plans.push({ name: `openstack-vms-kubeadm-vault on ${minor}`, plan: await planOfConfig(config, "prod") });
        }
        const charts = plans
            .flatMap((p) => p.plan.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release"))
            .map((r) => `${String(r.inputs.chart)} ${String(r.inputs.version)}`)
            .filter((c) => c.startsWith("openstack-"));
        expect(new Set(charts).size).to.equal(2 * minors.length);
        expect((await helmValuesCheck.run(plans)).errors).to.deep.equal([]);
        expect((await kubernetesSchemaCheck.run(plans)).errors).to.deep.equal([]);
    });
});

describe("conformance: helm-values catches", function () {
    this.timeout(120_000);

    it("a value the chart never reads (Loki has no admin bucket)", async () => {
        const plan = await copyOf("prod");
        (helmRelease(plan, "loki").inputs.values as any).loki.storage.bucketNames.admin = "groundwork-prod-logs";
        const errors = await errorsOf(helmValuesCheck, plan);
        expect(errors).to.have.length(1);
        expect(errors[0]).to.contain(
            "planted: release loki (loki 18.11.0): values.loki.storage.bucketNames.admin: " + "loki 18.11.0 reads no such value",
        );
        expect(errors[0]).to.contain('; it reads chunks, ruler there; we set "groundwork-prod-logs"');
    });

    it("CloudNativePG's podDisruptionBudget, which its chart lacks; the operator's PDB is our own", async () => {
        const plan = await copyOf("prod");
        const pdb = resource(plan, "kubernetes:policy/v1:PodDisruptionBudget", "cloudnative-pg-operator").inputs as any;
        expect(pdb.spec).to.deep.equal({
            maxUnavailable: 1,
            selector: {
                matchLabels: {
                    "app.kubernetes.io/name": "cloudnative-pg",
                    "app.kubernetes.io/instance": "cloudnative-pg",
                },
            },
        });
        (helmRelease(plan, "cloudnative-pg").inputs.values as any).podDisruptionBudget = { enabled: true };
        expect(await errorsOf(helmValuesCheck, plan)).to.deep.equal([
            "planted: release cloudnative-pg (cloudnative-pg 0.29.0): values.podDisruptionBudget.enabled: " +
                "cloudnative-pg 0.29.0 reads no such value (not in its values.yaml or templates); we set true",
        ]);
    });

    it("no operator PDB where the operator runs one replica (dev)", async () => {
        const plan = await planOf("dev");
        const pdbs = plan.resources.filter((r) => r.type === "kubernetes:policy/v1:PodDisruptionBudget");
        expect(pdbs.map((r) => r.name)).to.not.include("cloudnative-pg-operator");
    });

    it("a type the chart's values.schema.json refuses, and a key it does not allow", async () => {
        const plan = await copyOf("prod");
        const values = helmRelease(plan, "cert-manager").inputs.values as any;
        values.replicaCount = "two";
        values.webhook.replicas = 2;
        const errors = await errorsOf(helmValuesCheck, plan);
        const release = "planted: release cert-manager (cert-manager v1.21.1)";
        const schema = "(values.schema.json of cert-manager v1.21.1)";
        expect(errors).to.include(`${release}: values.replicaCount: must be number, got "two" ${schema}`);
        expect(errors).to.include(`${release}: values.webhook.replicas: the schema allows no such key ${schema}`);
    });

    it("a value in a subchart (Grafana inside kube-prometheus-stack) that the subchart does not read", async () => {
        const plan = await copyOf("prod");
        (helmRelease(plan, "kube-prometheus-stack").inputs.values as any).grafana.adminPasswordd = "x";
        const errors = await errorsOf(helmValuesCheck, plan);
        expect(errors).to.have.length(1);
        expect(errors[0]).to.contain("values.grafana.adminPasswordd: grafana 12.11.1 reads no such value");
    });

    it("a string where the chart's values.yaml has a map (an image given as one reference)", async () => {
        const plan = await copyOf("prod");
        const values = helmRelease(plan, "cluster-autoscaler").inputs.values as any;
        values.image = "registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.6";
        const errors = await errorsOf(helmValuesCheck, plan);
        expect(errors).to.have.length(1);
        expect(errors[0]).to.match(/values\.image: the chart's values\.yaml has a map here \(.*\), we set a scalar/);
    });

    it("a chart version without a vendored contract", async () => {
        const plan = await copyOf("prod");
        helmRelease(plan, "loki").inputs.version = "99.0.0";
        expect(await errorsOf(helmValuesCheck, plan)).to.deep.equal([
            "planted: release loki (loki 99.0.0): no chart contract conformance/charts/loki-99.0.0.json " +
                "(generate it with scripts/chart-contracts.ts from the chart's source)",
        ]);
    });
});

describe("conformance: kubernetes-schema catches", function () {
    this.timeout(120_000);

    it('the vault-secrets-operator PDB with the chart\'s minAvailable "0" next to our maxUnavailable', async () => {
        const plan = await copyOf("examples/eks-every-addon-benchmark.yaml");
        const pdb = (helmRelease(plan, "vault-secrets-operator").inputs.values as any).controller.podDisruptionBudget;
        expect(pdb).to.deep.equal({ enabled: true, maxUnavailable: "1", minAvailable: "" });
        expect(await errorsOf(kubernetesSchemaCheck, plan)).to.deep.equal([]);
        delete pdb.minAvailable;
        expect(await errorsOf(kubernetesSchemaCheck, plan)).to.deep.equal([
            "planted: release vault-secrets-operator (vault-secrets-operator 1.4.1) renders " +
                "values.controller.podDisruptionBudget: minAvailable (0) and maxUnavailable (1) are both set; " +
                'the API server accepts one of them ("minAvailable and maxUnavailable cannot be both set")',
        ]);
    });

    it("a PodDisruptionBudget object with both bounds", async () => {
        const plan = await copyOf("prod");
        const pdb = resource(plan, "kubernetes:policy/v1:PodDisruptionBudget", "cloudnative-pg-operator").inputs as any;
        pdb.spec.minAvailable = 1;
        const errors = await errorsOf(kubernetesSchemaCheck, plan);
        expect(errors).to.have.length(1);
        expect(errors[0]).to.contain("PodDisruptionBudget cloudnative-pg-operator: spec: minAvailable (1) and");
    });

    it("unknown fields, wrong types, missing required fields and values outside an enum", async () => {
        const plan = await copyOf("prod");
        const cron = resource(plan, "kubernetes:batch/v1:CronJob", "vault-snapshot").inputs as any;
        cron.spec.jobTemplate.spec.template.spec.containers[0].resourcez = {};
        const monitor = resource(plan, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "vault-pod-monitor").inputs as any;
        monitor.spec.podMetricsEndpoints[0].port = 8200;
        delete monitor.spec.selector;
        const cluster = resource(plan, "kubernetes:postgresql.cnpg.io/v1:Cluster", "cloudnative-pg-postgres-cluster").inputs as any;
        cluster.spec.primaryUpdateStrategy = "whenever";
        const errors = (await errorsOf(kubernetesSchemaCheck, plan)).join("\n");
        const container = "spec.jobTemplate.spec.template.spec.containers[0]";
        expect(errors).to.contain(`CronJob vault-snapshot: ${container}.resourcez: unknown field`);
        expect(errors).to.contain("PodMonitor vault-pod-monitor: spec.podMetricsEndpoints[0].port: expected a string");
        expect(errors).to.contain("PodMonitor vault-pod-monitor: spec.selector: required, not set");
        expect(errors).to.contain(
            "Cluster cloudnative-pg-postgres-cluster: spec.primaryUpdateStrategy: " +
                'expected one of ["unsupervised","supervised"], got "whenever"',
        );
    });

    it("invalid names and labels, and a kind without a vendored schema", async () => {
        const plan = await copyOf("prod");
        const ns = plan.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
        (ns.inputs.metadata as any).labels = { "team/a b": "x".repeat(64) };
        (ns.inputs.metadata as any).name = "Apps";
        plan.resources.push({ ...ns, type: "kubernetes:example.com/v1:Widget", name: "widget" });
        const errors = (await errorsOf(kubernetesSchemaCheck, plan)).join("\n");
        expect(errors).to.contain(`Namespace ${ns.name}: metadata.name: "Apps" is not a valid DNS-1123 label`);
        expect(errors).to.contain(`Namespace ${ns.name}: metadata.labels: key "team/a b" is not a valid label key`);
        expect(errors).to.contain("is not a valid label value (63 characters");
        expect(errors).to.contain("Widget widget: no schema vendored for example.com/v1 Widget");
    });

    it("Rook's CephCluster and CephBlockPool specs rendered from values merged with the chart's defaults", async () => {
        const plan = await copyOf("examples/baremetal-kubeadm-cilium-ceph.yaml");
        const values = helmRelease(plan, "rook-ceph-cluster").inputs.values as any;
        values.cephClusterSpec.mon.count = "three";
        values.cephBlockPools[0].spec.replicated.sizee = 3;
        const errors = await errorsOf(kubernetesSchemaCheck, plan);
        const release = "planted: release rook-ceph-cluster (rook-ceph-cluster v1.20.6) renders";
        expect(errors).to.include(`${release} values.cephClusterSpec (CephCluster spec).mon.count: expected an integer, got "three"`);
        expect(errors.join("\n")).to.contain(
            `${release} values.cephBlockPools[0].spec (CephBlockPool spec).replicated.sizee: unknown field`,
        );
    });

    it("manifests a ConfigGroup carries inline, and server-side-apply patches (no field required)", async () => {
        const plan = await copyOf("prod");
        const group =
            plan.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigGroup") ??
            plan.resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigFile")!;
        plan.resources.push({
            ...group,
            type: "kubernetes:yaml/v2:ConfigGroup",
            name: "inline",
            inputs: { yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  port: 8080\n" },
        });
        const ns = plan.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
        const patch = { spec: { replicas: 2 } };
        plan.resources.push({ ...ns, type: "kubernetes:apps/v1:DaemonSetPatch", name: "patch", inputs: patch });
        expect(await errorsOf(kubernetesSchemaCheck, plan)).to.deep.equal([
            "planted: kubernetes:apps/v1:DaemonSetPatch patch: spec.replicas: unknown field " +
                "(the schema has minReadySeconds, revisionHistoryLimit, selector, template, updateStrategy)",
            "planted: kubernetes:yaml/v2:ConfigGroup inline: v1 ConfigMap x: data.port: expected a string, got 8080",
        ]);
    });

    it("resources a chart renders from values: unknown fields and a request above its limit", async () => {
        const plan = await copyOf("prod");
        const values = helmRelease(plan, "cert-manager").inputs.values as any;
        values.resources = { requests: { memory: "1Gi" }, limits: { memory: "512Mi" }, limit: {} };
        const errors = await errorsOf(kubernetesSchemaCheck, plan);
        const renders = "planted: release cert-manager (cert-manager v1.21.1) renders values.resources";
        expect(errors).to.include(`${renders}.limit: unknown field (the schema has claims, limits, requests)`);
        expect(errors).to.include(
            `${renders}.requests.memory: "1Gi" is more than its limit "512Mi" (must be less than or equal to the limit)`,
        );
    });

    it("annotations a chart pastes into an object: values must be strings", async () => {
        const plan = await copyOf("prod");
        (helmRelease(plan, "traefik").inputs.values as any).service.annotations["example.com/proxy-protocol"] = true;
        expect(await errorsOf(kubernetesSchemaCheck, plan)).to.deep.equal([
            "planted: release traefik (traefik 41.3.0) renders " +
                "values.service.annotations.example.com/proxy-protocol: expected a string, got true",
        ]);
    });

    it("a custom object's apiVersion, kind and metadata where the CRD's schema lists only spec and status", () => {
        // Istio's CRDs leave the root fields out of openAPIV3Schema; the API server takes them on every object.
        const schemas = new KubernetesSchemas();
        const object = {
            apiVersion: "security.istio.io/v1",
            kind: "PeerAuthentication",
            metadata: { name: "default", namespace: "istio-system" },
            spec: { mtls: { mode: "STRICT" } },
        };
        expect(manifestProblems("security.istio.io", "v1", "PeerAuthentication", object, schemas)).to.deep.equal([]);
        const wrong = { ...object, metadata: { name: "Default" }, spec: { mtls: { mode: "ON" }, mtlsMode: "STRICT" } };
        expect(manifestProblems("security.istio.io", "v1", "PeerAuthentication", wrong, schemas)).to.deep.equal([
            'spec.mtls.mode: expected one of ["UNSET","DISABLE","PERMISSIVE","STRICT"], got "ON"',
            "spec.mtlsMode: unknown field (the schema has mtls, portLevelMtls, selector)",
            'metadata.name: "Default" is not a valid DNS-1123 subdomain',
        ]);
    });

    it("duplicate keys in lists the API server merges by key, and int-or-string fields", () => {
        const schema = {
            type: "object",
            properties: {
                ports: {
                    type: "array",
                    "x-kubernetes-list-type": "map",
                    "x-kubernetes-list-map-keys": ["name"],
                    items: { type: "object", properties: { name: { type: "string" } } },
                },
                maxSurge: { "x-kubernetes-int-or-string": true },
            },
        };
        const ctx = { definitions: {} };
        const duplicated = { ports: [{ name: "http" }, { name: "http" }], maxSurge: true };
        expect(validateOpenApi(duplicated, schema, ctx)).to.deep.equal([
            'ports: duplicate entry ["http"] in a list the API server keys by ["name"]',
            "maxSurge: expected an integer or a string, got true",
        ]);
        expect(validateOpenApi({ ports: [{ name: "http" }], maxSurge: "25%" }, schema, ctx)).to.deep.equal([]);
    });
});
