import { expect } from "chai";
import { charts, crdBundles } from "../model/versions";
import { helmRelease, planOf, resource, resources, transitiveDependencies } from "./harness";

// The two addons that prove the contract: pinned charts from the catalog, real values, PSA-labelled
// namespaces, CRDs before the custom resources that need them.

describe("addon: metrics-server", () => {
    it("installs the pinned chart into a restricted namespace", async () => {
        const plan = await planOf("dev");
        const release = helmRelease(plan, "metrics-server");
        expect(release.inputs.chart).to.equal("metrics-server");
        expect(release.inputs.version).to.equal(charts.metricsServer.version);
        expect((release.inputs.repositoryOpts as { repo: string }).repo).to.equal(charts.metricsServer.repo);
        const ns = resource(plan, "kubernetes:core/v1:Namespace", "metrics-server-ns");
        const labels = (ns.inputs.metadata as { labels: Record<string, string> }).labels;
        expect(labels["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
        expect(labels["pod-security.kubernetes.io/enforce-version"]).to.equal("v1.33");
        expect(release.dependsOn).to.include(ns.urn);
    });

    it("trusts kind's self-signed kubelet certificates only where configured", async () => {
        const dev = (await planOf("dev")).resources;
        const prod = (await planOf("prod")).resources;
        const values = (rs: typeof dev) =>
            rs.find((r) => r.name === "metrics-server" && r.type.endsWith("Release"))!.inputs.values as Record<string, any>;
        expect(values(dev).args).to.deep.equal(["--kubelet-insecure-tls"]);
        expect(values(prod).args).to.deep.equal([]);
    });

    it("runs two replicas with a PodDisruptionBudget in prod, one in dev", async () => {
        const values = async (stack: string) => helmRelease(await planOf(stack), "metrics-server").inputs.values as Record<string, any>;
        expect((await values("prod")).replicas).to.equal(2);
        expect((await values("prod")).podDisruptionBudget.enabled).to.equal(true);
        expect((await values("dev")).replicas).to.equal(1);
        expect((await values("dev")).podDisruptionBudget.enabled).to.equal(false);
    });
});

describe("addon: cert-manager", () => {
    it("applies the release's CRD bundle itself and installs the chart without CRDs", async () => {
        const plan = await planOf("prod");
        const crds = resource(plan, "kubernetes:yaml/v2:ConfigFile", "cert-manager-crds");
        expect(crds.inputs.file).to.equal(crdBundles.certManager.url);
        expect(crdBundles.certManager.url).to.contain(`/${charts.certManager.version}/`);
        expect(crds.options.retainOnDelete).to.equal(true);
        const release = helmRelease(plan, "cert-manager");
        expect(release.inputs.version).to.equal(charts.certManager.version);
        expect(release.inputs.skipCrds).to.equal(true);
        expect((release.inputs.values as any).crds).to.deep.equal({ enabled: false, keep: true });
        expect(release.dependsOn).to.include(crds.urn);
    });

    it("creates ClusterIssuers after the CRDs and the webhook", async () => {
        const plan = await planOf("prod");
        const crds = resource(plan, "kubernetes:yaml/v2:ConfigFile", "cert-manager-crds");
        const release = helmRelease(plan, "cert-manager");
        const issuers = resources(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer");
        expect(issuers.map((i) => i.name).sort()).to.deep.equal([
            "cert-manager-internal-ca",
            "cert-manager-letsencrypt-production",
            "cert-manager-letsencrypt-staging",
            "cert-manager-selfsigned",
        ]);
        for (const issuer of issuers) expect(transitiveDependencies(plan, issuer.urn)).to.include.members([crds.urn, release.urn]);
    });

    it("points the ACME issuers at Let's Encrypt with the configured email and HTTP01 ingress class", async () => {
        const plan = await planOf("prod");
        const prodIssuer = resource(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-letsencrypt-production");
        const acme = (prodIssuer.inputs.spec as any).acme;
        expect(acme.server).to.equal("https://acme-v02.api.letsencrypt.org/directory");
        expect(acme.email).to.equal("platform@example.com");
        expect(acme.solvers).to.deep.include({ http01: { ingress: { ingressClassName: "traefik" } } });
        const staging = resource(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer", "cert-manager-letsencrypt-staging");
        expect((staging.inputs.spec as any).acme.server).to.equal("https://acme-staging-v02.api.letsencrypt.org/directory");
    });

    it("exports the issuer names other addons use", async () => {
        expect((await planOf("prod")).outputs.clusterIssuers).to.deep.equal({
            default: "letsencrypt-production",
            internal: "internal-ca",
            production: "letsencrypt-production",
            selfSigned: "selfsigned",
            staging: "letsencrypt-staging",
        });
        expect((await planOf("dev")).outputs.clusterIssuers).to.deep.equal({
            default: "selfsigned",
            internal: "internal-ca",
            selfSigned: "selfsigned",
        });
    });

    it("runs HA with PodDisruptionBudgets in prod", async () => {
        const values = helmRelease(await planOf("prod"), "cert-manager").inputs.values as any;
        expect(values.replicaCount).to.equal(2);
        expect(values.podDisruptionBudget.enabled).to.equal(true);
        expect(values.webhook.replicaCount).to.equal(2);
        expect(values.webhook.podDisruptionBudget.enabled).to.equal(true);
    });
});
