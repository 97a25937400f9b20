import { expect } from "chai";
import { sandboxedRuntimeCloudInit, sandboxedRuntimeSetup, crioRuntimeConfig, runtimesOfPool } from "../substrates/nova/runtimes";
import { registryPattern } from "../addons/kyverno/policies";
import { charts, nodeRuntimes, rolloutsPlugins, trivyOperatorCrds } from "../model/versions";
import { parseConfig } from "../config/config";
import type { Plan, PlanResource } from "../scripts/lib/offline";
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
    transitiveDependencies,
    writeTempConfig,
} from "./harness";

// Workload safety and delivery: admission policies per environment, image scanning and its
// alert, sandboxed RuntimeClasses, progressive delivery wired to the ingress, and PR environments.

const clusterPolicyType = "kubernetes:kyverno.io/v1:ClusterPolicy";
const values = (r: PlanResource) => r.inputs.values as any;
const spec = (r: PlanResource) => r.inputs.spec as any;
const addons = (a: Record<string, unknown>) => ({ "groundwork:addons": a });
const pinnedPolicies = ["disallow-latest-tag", "disallow-privileged-containers", "require-resource-requests", "require-run-as-non-root"];
const policies = (plan: Plan) =>
    resources(plan, clusterPolicyType).filter((r) => (r.inputs.metadata as any).name !== "pr-environment-guardrails");

async function validateClusterPolicy(r: PlanResource) {
    const { ClusterPolicy } = await import("@kubernetes-models/kyverno/kyverno.io/v1");
    validated(new ClusterPolicy(r.inputs as any));
}

describe("addon: kyverno", () => {
    for (const [stack, action] of [
        ["dev", "Audit"],
        ["prod", "Enforce"],
    ] as const) {
        it(`creates the pinned policy set with every rule in ${action} mode in ${stack}`, async () => {
            const plan = await planOf(stack);
            const set = policies(plan);
            expect(set.map((p) => (p.inputs.metadata as any).name).sort()).to.deep.equal(pinnedPolicies);
            for (const p of set) {
                expect(spec(p).validationFailureAction, "deprecated spec-level field").to.equal(undefined);
                for (const rule of spec(p).rules) expect(rule.validate.failureAction, `${p.name}/${rule.name}`).to.equal(action);
                await validateClusterPolicy(p);
            }
        });
    }

    it("creates the policies after the Kyverno release that installs their CRDs", async () => {
        const plan = await planOf("prod");
        const release = helmRelease(plan, "kyverno");
        expect(release.inputs.version).to.equal(charts.kyverno.version);
        expect(values(release).crds.install).to.equal(true);
        for (const p of policies(plan)) expect(transitiveDependencies(plan, p.urn)).to.include(release.urn);
    });

    it("runs three admission replicas with a PodDisruptionBudget in prod, one in dev", async () => {
        const prod = values(helmRelease(await planOf("prod"), "kyverno"));
        expect(prod.admissionController.replicas).to.equal(3);
        expect(prod.admissionController.podDisruptionBudget.enabled).to.equal(true);
        expect(prod.backgroundController.replicas).to.equal(2);
        const dev = values(helmRelease(await planOf("dev"), "kyverno"));
        expect(dev.admissionController.replicas).to.equal(1);
        expect(dev.admissionController.podDisruptionBudget.enabled).to.equal(false);
    });

    it("fails closed in prod and open in dev when the webhook is down", async () => {
        const failure = async (stack: string) => spec(policies(await planOf(stack))[0]).webhookConfiguration.failurePolicy;
        expect(await failure("prod")).to.equal("Fail");
        expect(await failure("dev")).to.equal("Ignore");
    });

    it("shapes each rule like the upstream policy library", async () => {
        const plan = await planOf("prod");
        const rules = (name: string) => spec(resource(plan, clusterPolicyType, `kyverno-${name}`)).rules;
        const nonRoot = rules("require-run-as-non-root")[0];
        expect(nonRoot.match).to.deep.equal({ any: [{ resources: { kinds: ["Pod"] } }] });
        expect(nonRoot.validate.anyPattern[0].spec.securityContext).to.deep.equal({ runAsNonRoot: true });
        expect(nonRoot.validate.anyPattern[1].spec.containers).to.deep.equal([{ securityContext: { runAsNonRoot: true } }]);
        const privileged = rules("disallow-privileged-containers")[0];
        expect(privileged.validate.pattern.spec.containers).to.deep.equal([{ "=(securityContext)": { "=(privileged)": "false" } }]);
        expect(privileged.validate.pattern.spec["=(initContainers)"]).to.deep.equal([
            { "=(securityContext)": { "=(privileged)": "false" } },
        ]);
        const latest = rules("disallow-latest-tag");
        expect(latest.map((r: any) => r.name)).to.deep.equal(["require-image-tag", "validate-image-tag"]);
        expect(latest[0].validate.pattern.spec.containers).to.deep.equal([{ image: "*:*" }]);
        expect(latest[1].validate.deny.conditions.any).to.deep.include({
            key: "{{ images.containers.*.tag || `[]` }}",
            operator: "AnyIn",
            value: ["latest"],
        });
        expect(latest[1].validate.deny.conditions.any).to.have.length(3);
        const requests = rules("require-resource-requests")[0];
        expect(requests.validate.pattern.spec.containers).to.deep.equal([{ resources: { requests: { cpu: "?*", memory: "?*" } } }]);
    });

    it("exempts system namespaces, non-restricted platform namespaces and declared exceptions, never tenants", async () => {
        const plan = await planOfConfig(stackConfigWith("dev", addons({ kyverno: { excludedNamespaces: ["legacy-app"] } })));
        const exclude = (name: string) => spec(resource(plan, clusterPolicyType, `kyverno-${name}`)).rules[0].exclude.any;
        const security = exclude("require-run-as-non-root");
        expect(security[0].resources.namespaces).to.deep.equal(["kube-system", "kube-public", "kube-node-lease", "kyverno", "legacy-app"]);
        expect(security[1].resources.namespaceSelector.matchLabels).to.deep.equal({ "groundwork.io/admission-exception": "true" });
        const platform = security[2].resources.namespaceSelector;
        expect(platform.matchLabels).to.deep.equal({ "app.kubernetes.io/managed-by": "groundwork" });
        expect(platform.matchExpressions).to.deep.include({
            key: "pod-security.kubernetes.io/enforce",
            operator: "In",
            values: ["privileged", "baseline"],
        });
        expect(platform.matchExpressions).to.deep.include({ key: "groundwork.io/tenant", operator: "DoesNotExist" });
        // Hygiene rules skip every platform namespace (pinned charts), still not tenants.
        const hygiene = exclude("require-resource-requests")[2].resources.namespaceSelector;
        expect(hygiene).to.deep.equal({
            matchLabels: { "app.kubernetes.io/managed-by": "groundwork" },
            matchExpressions: [{ key: "groundwork.io/tenant", operator: "DoesNotExist" }],
        });
    });

    it("restricts images to the configured registry allow-list", async () => {
        const plan = await planOfConfig(
            stackConfigWith(
                "prod",
                addons({
                    kyverno: {
                        restrictRegistries: true,
                        allowedRegistries: ["ghcr.io/acme", "123456789012.dkr.ecr.us-east-1.amazonaws.com/"],
                    },
                }),
            ),
            "prod",
        );
        const policy = resource(plan, clusterPolicyType, "kyverno-restrict-image-registries");
        const rule = spec(policy).rules[0];
        const allowed = "ghcr.io/acme/* | 123456789012.dkr.ecr.us-east-1.amazonaws.com/*";
        expect(rule.validate.pattern.spec.containers).to.deep.equal([{ image: allowed }]);
        expect(rule.validate.pattern.spec["=(ephemeralContainers)"]).to.deep.equal([{ image: allowed }]);
        expect(rule.validate.failureAction).to.equal("Enforce");
        await validateClusterPolicy(policy);
        expect(policies(await planOf("prod")).map((p) => p.name)).to.not.include("kyverno-restrict-image-registries");
        expect(registryPattern(["localhost:5000/team"])).to.equal("localhost:5000/team/*");
    });
});

describe("addon: trivy-operator", () => {
    it("applies the report CRDs itself and installs the pinned chart without them in prod", async () => {
        const plan = await planOf("prod");
        const crds = resource(plan, "kubernetes:yaml/v2:ConfigGroup", "trivy-operator-crds");
        const files = crds.inputs.files as string[];
        expect(files).to.have.length(12);
        for (const f of files)
            expect(f).to.contain(`/trivy-operator/${trivyOperatorCrds.version}/deploy/helm/crds/aquasecurity.github.io_`);
        expect(crds.options.retainOnDelete).to.equal(true);
        const release = helmRelease(plan, "trivy-operator");
        expect(release.inputs.version).to.equal(charts.trivyOperator.version);
        expect(release.inputs.skipCrds).to.equal(true);
        expect(release.dependsOn).to.include(crds.urn);
        const v = values(release);
        expect(v.operator.vulnerabilityScannerEnabled).to.equal(true);
        expect(v.operator.configAuditScannerEnabled).to.equal(true);
        expect(v.operator.vulnerabilityScannerScanOnlyCurrentRevisions).to.equal(true);
        expect(v.serviceMonitor.enabled).to.equal(false);
        expect((await planOf("dev")).resources.some((r) => r.name === "trivy-operator")).to.equal(false);
    });

    it("alerts on critical vulnerabilities in running workloads once monitoring's CRDs exist", async () => {
        const plan = await planOf("prod");
        const crdRelease = helmRelease(plan, "prometheus-operator-crds");
        const rule = resource(plan, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "trivy-operator-alerts");
        const alert = spec(rule).groups[0].rules[0];
        expect(alert.alert).to.equal("CriticalVulnerabilityInRunningWorkload");
        expect(alert.expr).to.contain('trivy_image_vulnerabilities{severity="Critical"}').and.match(/> 0$/);
        expect(alert.labels.severity).to.equal("critical");
        expect(rule.dependsOn).to.include(crdRelease.urn);
        const monitor = resource(plan, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "trivy-operator-metrics");
        expect(spec(monitor).selector.matchLabels).to.deep.equal({
            "app.kubernetes.io/name": "trivy-operator",
            "app.kubernetes.io/instance": "trivy-operator",
        });
        expect(monitor.dependsOn).to.include(crdRelease.urn);
        const { PrometheusRule } = await import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1");
        validated(new PrometheusRule(rule.inputs as any));
    });

    it("adds ECR pull-through caches with continuous enhanced scanning on eks", async () => {
        const plan = await planOfConfig(
            stackConfigWith(
                "prod",
                addons({
                    trivyOperator: {
                        ecrPullThroughCache: {
                            rules: [
                                { prefix: "quay", upstreamRegistryUrl: "quay.io" },
                                {
                                    prefix: "docker-hub",
                                    upstreamRegistryUrl: "registry-1.docker.io",
                                    credentialArn:
                                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf",
                                },
                            ],
                        },
                    },
                }),
            ),
            "prod",
        );
        const cache = resource(plan, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "trivy-operator-cache-docker-hub");
        expect(cache.inputs).to.include({
            ecrRepositoryPrefix: "docker-hub",
            upstreamRegistryUrl: "registry-1.docker.io",
            region: "us-east-1",
        });
        expect(cache.inputs.credentialArn).to.match(/ecr-pullthroughcache\/docker-hub/);
        const scanning = resource(
            plan,
            "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
            "trivy-operator-ecr-scanning",
        );
        expect(scanning.inputs.scanType).to.equal("ENHANCED");
        expect(scanning.inputs.rules).to.deep.equal([
            {
                scanFrequency: "CONTINUOUS_SCAN",
                repositoryFilters: [
                    { filter: "quay/*", filterType: "WILDCARD" },
                    { filter: "docker-hub/*", filterType: "WILDCARD" },
                ],
            },
        ]);
        expect(resources(await planOf("prod"), "aws:ecr/pullThroughCacheRule:PullThroughCacheRule")).to.be.empty;
    });
});

describe("addon: sandboxedRuntimes", () => {
    const devWithRuntimes = () =>
        stackConfigWith("dev", {
            "groundwork:cluster": { existing: { runtimes: ["gvisor", "wasmedge"] } },
            ...addons({ sandboxedRuntimes: { enabled: true, runtimes: ["gvisor", "wasmedge"] } }),
        });

    it("creates a RuntimeClass per runtime, scheduled onto the labelled nodes and tolerating their taint", async () => {
        const plan = await planOfConfig(devWithRuntimes());
        const gvisor = resource(plan, "kubernetes:node.k8s.io/v1:RuntimeClass", "sandboxed-runtimes-gvisor");
        expect(gvisor.inputs.handler).to.equal("runsc");
        expect((gvisor.inputs.metadata as any).name).to.equal("gvisor");
        expect(gvisor.inputs.scheduling).to.deep.equal({
            nodeSelector: { "groundwork.io/runtime-gvisor": "true" },
            tolerations: [{ key: "groundwork.io/runtime-gvisor", operator: "Exists", effect: "NoSchedule" }],
        });
        const wasm = resource(plan, "kubernetes:node.k8s.io/v1:RuntimeClass", "sandboxed-runtimes-wasmedge");
        expect(wasm.inputs.handler).to.equal("wasmedge");
        expect((wasm.inputs.scheduling as any).nodeSelector).to.deep.equal({ "groundwork.io/runtime-wasmedge": "true" });
    });

    it("accepts gvisor on eks only with a pool labelled for it", () => {
        const config = stackConfigWith("prod", {
            "groundwork:cluster": {
                nodePools: [
                    { name: "general", size: "m6i.xlarge", min: 3, max: 6, desired: 3 },
                    {
                        name: "sandbox",
                        size: "m6i.large",
                        min: 1,
                        max: 3,
                        desired: 1,
                        labels: { "groundwork.io/runtime-gvisor": "true" },
                        taints: [{ key: "groundwork.io/runtime-gvisor", value: "true", effect: "NoSchedule" }],
                    },
                ],
            },
            ...addons({ sandboxedRuntimes: { enabled: true } }),
        });
        expect(parseConfig(rawConfigOfFile(writeTempConfig(config))).addons.sandboxedRuntimes.runtimes).to.deep.equal(["gvisor"]);
    });

    it("refuses what the substrate's nodes cannot run, naming where the nodes come from", () => {
        const message = expectProblems(() =>
            parseConfig(rawConfigOfFile(writeTempConfig(stackConfigWith("dev", addons({ sandboxedRuntimes: { enabled: true } }))))),
        );
        expect(message).to.contain(
            'addons.sandboxedRuntimes.runtimes[0]: expected a runtime that cluster.existing.runtimes declares the nodes have (none declared), got "gvisor"',
        );
    });

    it("gives nova's cloud-init the pinned install steps and the CRI-O runtime config", () => {
        expect(runtimesOfPool({ labels: { "groundwork.io/runtime-gvisor": "true", other: "x" } })).to.deep.equal(["gvisor"]);
        expect(sandboxedRuntimeSetup([])).to.deep.equal([]);
        const gvisor = sandboxedRuntimeSetup(["gvisor"]).join("\n");
        expect(gvisor)
            .to.contain(`gvisor/releases/release/${nodeRuntimes.gvisor}/`)
            .and.contain("sha512sum -c runsc.sha512")
            .and.contain("systemctl restart crio");
        expect(gvisor).to.contain('[crio.runtime.runtimes.runsc]\nruntime_path = "/usr/local/bin/runsc"');
        expect(crioRuntimeConfig("wasmedge").path).to.equal("/etc/crio/crio.conf.d/20-wasmedge.conf");
        const wasm = sandboxedRuntimeSetup(["wasmedge"]).join("\n");
        expect(wasm)
            .to.contain(`WasmEdge/releases/download/${nodeRuntimes.wasmedge}/`)
            .and.contain(`--branch ${nodeRuntimes.crun} `)
            .and.contain("--with-wasmedge");
        expect(sandboxedRuntimeCloudInit([])).to.equal(undefined);
        const ci = sandboxedRuntimeCloudInit(["gvisor"])!;
        expect(ci.runcmd).to.equal(`bash ${ci.file.path}`);
        expect(ci.file.content).to.match(/^#!\/bin\/bash\nset -euo pipefail\n/);
    });
});

describe("addon: argoRollouts", () => {
    it("installs the controller HA in prod and points the native Traefik router at Traefik v3's API group", async () => {
        const plan = await planOfConfig(stackConfigWith("prod", addons({ argoRollouts: { enabled: true } })), "prod");
        const release = helmRelease(plan, "argo-rollouts");
        expect(release.inputs.version).to.equal(charts.argoRollouts.version);
        const v = values(release);
        expect(v.controller.replicas).to.equal(2);
        expect(v.controller.pdb).to.deep.equal({ enabled: true, minAvailable: 1 });
        expect(v.controller.extraArgs).to.deep.equal(["--traefik-api-group=traefik.io", "--traefik-api-version=traefik.io/v1alpha1"]);
        expect(v.installCRDs).to.equal(true);
        expect(v.dashboard.enabled).to.equal(false);
        const monitor = resource(plan, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "argo-rollouts-metrics");
        expect(monitor.dependsOn).to.include(helmRelease(plan, "prometheus-operator-crds").urn);
        expect(release.dependsOn).to.not.include(helmRelease(plan, "traefik").urn); // no extra Helm wave
    });

    it("uses the pinned Gateway API plugin when asked (Cilium), and nothing for blue-green only", async () => {
        const gw = values(
            helmRelease(
                await planOfConfig(
                    stackConfigWith("dev", addons({ argoRollouts: { enabled: true, trafficRouter: "gatewayApi", architecture: "arm64" } })),
                ),
                "argo-rollouts",
            ),
        );
        expect(gw.controller.trafficRouterPlugins).to.deep.equal([
            {
                name: rolloutsPlugins.gatewayApi.name,
                location: `https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/${rolloutsPlugins.gatewayApi.version}/gatewayapi-plugin-linux-arm64`,
            },
        ]);
        const none = values(
            helmRelease(
                await planOfConfig(stackConfigWith("dev", addons({ argoRollouts: { enabled: true, trafficRouter: "none" } }))),
                "argo-rollouts",
            ),
        );
        expect(none.controller.extraArgs).to.equal(undefined);
        expect(none.controller.replicas).to.equal(1);
    });

    it("accepts the blue-green and canary Rollouts of docs/workload-safety.md", async () => {
        const { Rollout } = await import("@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1");
        const template = {
            metadata: { labels: { app: "shop" } },
            spec: { containers: [{ name: "shop", image: "ghcr.io/acme/shop:1.4.2" }] },
        };
        const common = { replicas: 3, selector: { matchLabels: { app: "shop" } }, template };
        validated(
            new Rollout({
                apiVersion: "argoproj.io/v1alpha1",
                kind: "Rollout",
                metadata: { name: "shop" },
                spec: {
                    ...common,
                    strategy: { blueGreen: { activeService: "shop", previewService: "shop-preview", autoPromotionEnabled: false } },
                },
            } as any),
        );
        validated(
            new Rollout({
                apiVersion: "argoproj.io/v1alpha1",
                kind: "Rollout",
                metadata: { name: "shop" },
                spec: {
                    ...common,
                    strategy: {
                        canary: {
                            stableService: "shop-stable",
                            canaryService: "shop-canary",
                            trafficRouting: { traefik: { weightedTraefikServiceName: "shop" } },
                            steps: [{ setWeight: 20 }, { pause: { duration: "5m" } }, { setWeight: 50 }, { pause: {} }],
                        },
                    },
                },
            } as any),
        );
    });
});

describe("addon: prEnvironments", () => {
    const config = () =>
        stackConfigWith("dev", {
            "groundwork:githubToken": { secure: "v1:placeholder" },
            ...addons({
                argoCd: { enabled: true },
                prEnvironments: {
                    enabled: true,
                    github: { owner: "acme", repo: "shop", token: "githubToken" },
                    egressCidrs: ["0.0.0.0/0"],
                },
            }),
        });
    let plan: Plan;
    before(async () => {
        plan = await planOfConfig(config());
    });

    it("generates an Application per labelled pull request from GitHub", async () => {
        const appSet = resource(plan, "kubernetes:argoproj.io/v1alpha1:ApplicationSet", "pr-environments-applicationset");
        const s = spec(appSet);
        expect(s.goTemplate).to.equal(true);
        expect(s.generators).to.deep.equal([
            {
                pullRequest: {
                    requeueAfterSeconds: 300,
                    github: {
                        owner: "acme",
                        repo: "shop",
                        tokenRef: { secretName: "pr-environments-github", key: "token" },
                        labels: ["preview"],
                    },
                },
            },
        ]);
        const token = resource(plan, "kubernetes:core/v1:Secret", "pr-environments-github-token");
        expect(token.inputs.stringData).to.equal("[secret]");
        expect(appSet.dependsOn).to.include(token.urn);
        expect(transitiveDependencies(plan, appSet.urn)).to.include(helmRelease(plan, "argo-cd").urn);
        const { ApplicationSet } = await import("@kubernetes-models/argo-cd/argoproj.io/v1alpha1");
        validated(new ApplicationSet(appSet.inputs as any));
    });

    it("deploys each PR's head commit into its own restricted namespace pr-<number>, pruned on close", () => {
        const template = spec(resource(plan, "kubernetes:argoproj.io/v1alpha1:ApplicationSet", "pr-environments-applicationset")).template;
        expect(template.metadata.name).to.equal("pr-{{.number}}");
        expect(template.metadata.finalizers).to.deep.equal(["resources-finalizer.argocd.argoproj.io"]);
        expect(template.spec.project).to.equal("pr-environments");
        expect(template.spec.source).to.deep.equal({
            repoURL: "https://github.com/acme/shop.git",
            targetRevision: "{{.head_sha}}",
            path: "deploy",
        });
        expect(template.spec.destination).to.deep.equal({ server: "https://kubernetes.default.svc", namespace: "pr-{{.number}}" });
        expect(template.spec.syncPolicy.automated).to.deep.equal({ prune: true, selfHeal: true });
        expect(template.spec.syncPolicy.syncOptions).to.include("CreateNamespace=true");
        const labels = template.spec.syncPolicy.managedNamespaceMetadata.labels;
        expect(labels).to.include({
            "groundwork.io/pr-environment": "true",
            "pod-security.kubernetes.io/enforce": "restricted",
            "groundwork.io/pr-number": "{{.number}}",
        });
    });

    it("confines PR Applications to pr-* namespaces and keeps the guardrails out of their reach", async () => {
        const project = resource(plan, "kubernetes:argoproj.io/v1alpha1:AppProject", "pr-environments-project");
        expect(spec(project).destinations).to.deep.equal([{ server: "https://kubernetes.default.svc", namespace: "pr-*" }]);
        expect(spec(project).namespaceResourceBlacklist.map((k: any) => k.kind)).to.deep.equal([
            "ResourceQuota",
            "LimitRange",
            "NetworkPolicy",
        ]);
        const { AppProject } = await import("@kubernetes-models/argo-cd/argoproj.io/v1alpha1");
        validated(new AppProject(project.inputs as any));
    });

    it("has Kyverno generate quota, limits and default-deny network policies into every PR namespace", async () => {
        const policy = resource(plan, clusterPolicyType, "pr-environments-guardrails");
        const rules = spec(policy).rules;
        expect(rules.map((r: any) => r.generate.kind)).to.deep.equal([
            "ResourceQuota",
            "LimitRange",
            "NetworkPolicy",
            "NetworkPolicy",
            "NetworkPolicy",
            "NetworkPolicy",
            "NetworkPolicy",
        ]);
        for (const r of rules) {
            expect(r.match.any[0].resources).to.deep.equal({
                kinds: ["Namespace"],
                selector: { matchLabels: { "groundwork.io/pr-environment": "true" } },
            });
            expect(r.generate).to.include({ synchronize: true, generateExisting: true, namespace: "{{request.object.metadata.name}}" });
        }
        const deny = rules.find((r: any) => r.generate.name === "default-deny").generate.data.spec;
        expect(deny).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        expect(rules[0].generate.data.spec.hard).to.include({ "requests.cpu": "2", pods: "20" });
        expect(transitiveDependencies(plan, policy.urn)).to.include(helmRelease(plan, "kyverno").urn);
        await validateClusterPolicy(policy);
    });

    it("reaps the namespaces of closed pull requests", async () => {
        const reaper = resource(plan, "kubernetes:kyverno.io/v2:ClusterCleanupPolicy", "pr-environments-reaper");
        const s = spec(reaper);
        expect(s.schedule).to.equal("*/15 * * * *");
        expect(s.context[0].apiCall.urlPath).to.equal("/apis/argoproj.io/v1alpha1/namespaces/argocd/applications");
        expect(s.conditions.all[0]).to.deep.equal({ key: "{{ target.metadata.name }}", operator: "AnyNotIn", value: "{{ applications }}" });
        const role = resource(plan, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "pr-environments-reaper");
        expect((role.inputs.metadata as any).labels).to.deep.equal({ "rbac.kyverno.io/aggregate-to-cleanup-controller": "true" });
        expect(reaper.dependsOn).to.include(role.urn);
        const { ClusterCleanupPolicy } = await import("@kubernetes-models/kyverno/kyverno.io/v2");
        validated(new ClusterCleanupPolicy(reaper.inputs as any));
    });
});
