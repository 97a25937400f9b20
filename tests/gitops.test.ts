import { expect } from "chai";
import { repositorySecretName } from "../addons/argo-cd/component";
import { charts } from "../model/versions";
import { parseConfig } from "../config/config";
import { validated } from "./models";
import { expectProblems, helmRelease, planOf, planOfConfig, rawConfigOfFile, resource, stackConfigWith, writeTempConfig } from "./harness";

// GitOps: Argo CD HA in prod behind TLS, read-only repository credentials as labelled Secrets, a generated
// admin password, the root Application; Kargo on top with generated credentials.

const values = (r: { inputs: Record<string, unknown> }) => r.inputs.values as any;

describe("addon: argoCd", () => {
    it("installs the pinned chart, HA in prod", async () => {
        const release = helmRelease(await planOf("prod"), "argo-cd");
        expect(release.inputs.version).to.equal(charts.argoCd.version);
        expect((release.inputs.repositoryOpts as { repo: string }).repo).to.equal(charts.argoCd.repo);
        const v = values(release);
        expect(v["redis-ha"].enabled).to.equal(true);
        expect(v.server.replicas).to.equal(2);
        expect(v.repoServer.replicas).to.equal(2);
        expect(v.applicationSet.replicas).to.equal(2);
    });

    it("runs single replicas without redis-ha in dev", async () => {
        const v = values(
            helmRelease(await planOfConfig(stackConfigWith("dev", { "groundwork:addons": { argoCd: { enabled: true } } })), "argo-cd"),
        );
        expect(v["redis-ha"].enabled).to.equal(false);
        expect(v.server.replicas).to.equal(1);
        expect(v.server.ingress).to.deep.equal({ enabled: false });
    });

    it("is exposed over TLS with cert-manager's default issuer", async () => {
        const v = values(helmRelease(await planOf("prod"), "argo-cd"));
        expect(v.server.ingress).to.deep.equal({
            enabled: true,
            ingressClassName: "traefik",
            hostname: "argocd.example.com",
            annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-production" },
            tls: true,
        });
        expect(v.configs.params["server.insecure"]).to.equal(true);
        expect(v.global.domain).to.equal("argocd.example.com");
    });

    it("reads repository credentials from a labelled Secret holding the read-only token", async () => {
        const plan = await planOf("prod");
        const name = repositorySecretName("https://github.com/example/platform-config");
        expect(name).to.equal("repo-github-com-example-platform-config");
        const secret = resource(plan, "kubernetes:core/v1:Secret", `argo-cd-${name}`);
        expect((secret.inputs.metadata as any).labels["argocd.argoproj.io/secret-type"]).to.equal("repository");
        expect((secret.inputs.metadata as any).namespace).to.equal("argocd");
        expect(secret.inputs.stringData).to.equal("[secret]");
        expect(JSON.stringify(values(helmRelease(plan, "argo-cd")))).to.not.contain("argoRepoToken");
    });

    it("generates the admin password and gives Argo CD only its bcrypt hash, outside the chart values", async () => {
        const plan = await planOf("prod");
        const password = resource(plan, "random:index/randomPassword:RandomPassword", "argo-cd-admin");
        const serverSecret = resource(plan, "kubernetes:core/v1:Secret", "argo-cd-server-secret");
        expect((serverSecret.inputs.metadata as any).name).to.equal("argocd-secret");
        expect(serverSecret.inputs.stringData).to.equal("[secret]");
        expect(serverSecret.dependsOn).to.include(password.urn);
        const v = values(helmRelease(plan, "argo-cd"));
        expect(v.configs.secret).to.deep.equal({ createSecret: false });
        const initial = resource(plan, "kubernetes:core/v1:Secret", "argo-cd-initial-admin");
        expect((initial.inputs.metadata as any).name).to.equal("argocd-initial-admin-secret");
    });

    it("creates the root Application after the chart's CRDs, valid against the Argo CD schema", async () => {
        const { Application } = await import("@kubernetes-models/argo-cd/argoproj.io/v1alpha1");
        const plan = await planOf("prod");
        const app = resource(plan, "kubernetes:argoproj.io/v1alpha1:Application", "argo-cd-root-app");
        const { apiVersion, kind, metadata, spec } = app.inputs as any;
        validated(new Application({ apiVersion, kind, metadata, spec }));
        expect(spec.source).to.deep.equal({
            repoURL: "https://github.com/example/platform-config",
            path: "clusters/prod",
            targetRevision: "HEAD",
        });
        expect(spec.syncPolicy.automated).to.deep.equal({ prune: true, selfHeal: true });
        expect(app.dependsOn).to.include(helmRelease(plan, "argo-cd").urn);
    });

    it("refuses a repository token that is not a secret config key", () => {
        const file = writeTempConfig(
            stackConfigWith("dev", {
                "groundwork:addons": {
                    argoCd: { enabled: true, repositories: [{ url: "https://github.com/example/x", token: "ghToken" }] },
                },
            }),
        );
        expect(expectProblems(() => parseConfig(rawConfigOfFile(file)))).to.contain(
            "addons.argoCd.repositories[0].token: expected a config key set with `pulumi config set --secret ghToken …`",
        );
    });
});

describe("addon: kargo", () => {
    const kargoConfig = () =>
        stackConfigWith("prod", { "groundwork:addons": { kargo: { enabled: true, ingress: { host: "kargo.example.com" } } } });

    it("installs the OCI chart after cert-manager, with a generated admin hash and signing key in a Secret", async () => {
        const plan = await planOfConfig(kargoConfig(), "prod");
        const release = helmRelease(plan, "kargo");
        expect(release.inputs.chart).to.equal(`${charts.kargo.repo}/${charts.kargo.chart}`);
        expect(release.inputs.chart).to.match(/^oci:\/\//);
        expect(release.inputs).to.not.have.property("repositoryOpts");
        expect(release.inputs.version).to.equal(charts.kargo.version);
        const v = values(release);
        expect(v.api.secret).to.deep.equal({ name: "kargo-api" });
        expect(v.api.adminAccount).to.not.have.property("passwordHash");
        expect(v.api.ingress.annotations).to.deep.equal({ "cert-manager.io/cluster-issuer": "letsencrypt-production" });
        const secret = resource(plan, "kubernetes:core/v1:Secret", "kargo-api");
        expect(secret.inputs.stringData).to.equal("[secret]");
        for (const pw of ["kargo-admin", "kargo-token-signing-key"])
            expect(secret.dependsOn).to.include(resource(plan, "random:index/randomPassword:RandomPassword", pw).urn);
        expect(release.dependsOn).to.include(helmRelease(plan, "cert-manager").urn);
    });

    it("needs Argo CD", () => {
        const file = writeTempConfig(stackConfigWith("dev", { "groundwork:addons": { kargo: { enabled: true } } }));
        expect(expectProblems(() => parseConfig(rawConfigOfFile(file)))).to.contain(
            "addons.argoCd.enabled: expected true because addons.kargo needs it, got false",
        );
    });
});
