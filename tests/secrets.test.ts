import { expect } from "chai";
import { charts } from "../model/versions";
import { raftConfig } from "../addons/vault/component";
import { sealOf } from "../addons/vault/manifest";
import { helmRelease, planOf, planOfConfig, resource, resources, stackConfigWith, transitiveDependencies } from "./harness";
import type { Plan } from "../scripts/lib/offline";
import { validateCustomResource } from "./crd-models";

// Secrets: Vault (HA raft, unseal per substrate, audit device, snapshots), External Secrets and
// vault-secrets-operator, generated passwords and replicated Secrets.

const devWithVault = (extra: Record<string, unknown> = {}) =>
    planOfConfig(stackConfigWith("dev", { "groundwork:addons": { vault: { enabled: true }, ...extra } }));

const values = (plan: Plan, release: string) => helmRelease(plan, release).inputs.values as any;

describe("addon: vault", () => {
    it("runs three raft replicas in prod with every peer in retry_join and a PDB", async () => {
        const v = values(await planOf("prod"), "vault");
        expect(helmRelease(await planOf("prod"), "vault").inputs.version).to.equal(charts.vault.version);
        expect(v.server.ha).to.deep.include({ enabled: true, replicas: 3, disruptionBudget: { enabled: true } });
        expect(v.server.ha.raft.enabled).to.equal(true);
        for (const i of [0, 1, 2]) expect(v.server.ha.raft.config).to.contain(`leader_api_addr = "https://vault-${i}.vault-internal:8200"`);
        expect(v.server.dataStorage).to.deep.include({ enabled: true, storageClass: "gp3" });
        expect(v.server.auditStorage).to.deep.include({ enabled: true, storageClass: "gp3" });
        expect(v.injector.enabled).to.equal(false);
    });

    it("runs one replica in dev, Shamir-sealed (no KMS) on the existing substrate", async () => {
        const plan = await devWithVault();
        const v = values(plan, "vault");
        expect(v.server.ha.replicas).to.equal(1);
        expect(v.server.ha.disruptionBudget.enabled).to.equal(false);
        expect(v.server.ha.raft.config).to.not.contain("seal ");
        expect(resources(plan, "aws:kms/key:Key")).to.have.length(0);
        expect(v.server.dataStorage.storageClass).to.equal("standard");
        expect(sealOf({ seal: "auto" }, "existing")).to.equal("shamir");
        expect(sealOf({ seal: "auto" }, "magnum")).to.equal("shamir");
    });

    it("auto-unseals with a rotated, protected KMS key on EKS, usable only by Vault's service account", async () => {
        const plan = await planOf("prod");
        const key = resource(plan, "aws:kms/key:Key", "vault-unseal");
        expect(key.inputs.enableKeyRotation).to.equal(true);
        expect(key.options.protect).to.equal(true);
        expect(key.options.retainOnDelete).to.equal(true);
        expect(values(plan, "vault").server.ha.raft.config).to.match(
            /seal "awskms" \{\s+region\s+= "us-east-1"\s+kms_key_id = "[0-9a-f-]+"/,
        );
        const policy = JSON.parse(resource(plan, "aws:iam/rolePolicy:RolePolicy", "groundwork-prod-vault-server").inputs.policy as string);
        expect(policy.Statement).to.have.length(1);
        expect(policy.Statement[0].Action).to.have.members(["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"]);
        expect(policy.Statement[0].Resource).to.match(/^arn:aws:kms:us-east-1:\d+:key\/[0-9a-f-]+$/);
        const association = resource(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "groundwork-prod-vault-server");
        expect(association.inputs).to.deep.include({ namespace: "vault", serviceAccount: "vault" });
        // The release waits for the role: Vault must not start before it can reach the key.
        expect(transitiveDependencies(plan, helmRelease(plan, "vault").urn)).to.include(association.urn);
    });

    it("is ready while sealed so the first install completes before `vault operator init`", async () => {
        const v = values(await planOf("prod"), "vault");
        expect(v.server.readinessProbe.path).to.contain("sealedcode=204").and.contain("uninitcode=204");
    });

    it("turns the file audit device on with a Job that waits for the bootstrap token, without blocking pulumi up", async () => {
        const plan = await planOf("prod");
        const job = resource(plan, "kubernetes:batch/v1:Job", "vault-audit").inputs as any;
        expect(job.metadata.annotations["pulumi.com/skipAwait"]).to.equal("true");
        const container = job.spec.template.spec.containers[0];
        expect(container.command.join(" ")).to.contain("vault audit enable file file_path=/vault/audit/audit.log");
        expect(job.spec.template.spec.volumes).to.deep.include({ name: "bootstrap", secret: { secretName: "vault-audit-bootstrap" } });
    });

    it("writes raft snapshots to the backup bucket under the cluster's prefix, with retention from config", async () => {
        const plan = await planOf("prod");
        const cron = resource(plan, "kubernetes:batch/v1:CronJob", "vault-snapshot").inputs as any;
        expect(cron.spec.schedule).to.equal("0 3 * * *");
        const upload = cron.spec.jobTemplate.spec.template.spec.containers[0].command.join(" ");
        expect(upload).to.contain("s3://groundwork-prod-backups/groundwork-prod/vault/vault-$now.snap");
        expect(upload).to.contain("30 * 86400");
        const policy = JSON.parse(
            resource(plan, "aws:iam/rolePolicy:RolePolicy", "groundwork-prod-vault-snapshot").inputs.policy as string,
        );
        expect(policy.Statement[1].Resource).to.deep.equal(["arn:aws:s3:::groundwork-prod-backups/groundwork-prod/vault/*"]);
    });

    it("renders the raft config for any replica count", () => {
        expect(raftConfig(5).match(/retry_join/g)).to.have.length(5);
        expect(raftConfig(1)).to.contain('storage "raft"');
    });
});

describe("addon: external-secrets", () => {
    it("reads AWS Secrets Manager on EKS through workload identity, scoped to the cluster's prefix", async () => {
        const { ClusterSecretStore } = await import("@kubernetes-models/external-secrets/external-secrets.io/v1");
        const plan = await planOf("prod");
        const store = resource(plan, "kubernetes:external-secrets.io/v1:ClusterSecretStore", "external-secrets-store").inputs as any;
        validateCustomResource(ClusterSecretStore, store);
        expect(store.spec.provider.aws).to.deep.include({ service: "SecretsManager", region: "us-east-1", prefix: "groundwork-prod/" });
        const policy = JSON.parse(
            resource(plan, "aws:iam/rolePolicy:RolePolicy", "groundwork-prod-external-secrets-aws").inputs.policy as string,
        );
        expect(policy.Statement[0].Resource).to.equal("arn:aws:secretsmanager:us-east-1:123456789012:secret:groundwork-prod/*");
        expect(helmRelease(plan, "external-secrets").inputs.version).to.equal(charts.externalSecrets.version);
    });

    it("reads Vault with Kubernetes auth when Vault is enabled, and syncs the listed secrets", async () => {
        const { ClusterSecretStore, ExternalSecret } = await import("@kubernetes-models/external-secrets/external-secrets.io/v1");
        const plan = await devWithVault({
            externalSecrets: { enabled: true, secrets: [{ name: "web-env", namespace: "apps", key: "apps/web" }] },
        });
        const store = resource(plan, "kubernetes:external-secrets.io/v1:ClusterSecretStore", "external-secrets-store");
        validateCustomResource(ClusterSecretStore, store.inputs);
        const spec = (store.inputs as any).spec;
        expect(spec.provider.vault).to.deep.include({ server: "http://vault.vault.svc.cluster.local:8200", path: "secret", version: "v2" });
        expect(spec.provider.vault.auth.kubernetes).to.deep.include({ mountPath: "kubernetes", role: "external-secrets" });
        expect(transitiveDependencies(plan, store.urn)).to.include(helmRelease(plan, "vault").urn);
        const es = resource(plan, "kubernetes:external-secrets.io/v1:ExternalSecret", "external-secrets-apps-web-env").inputs as any;
        validateCustomResource(ExternalSecret, es);
        expect(es.spec.secretStoreRef).to.deep.equal({ kind: "ClusterSecretStore", name: "vault" });
        expect(es.spec.dataFrom).to.deep.equal([{ extract: { key: "apps/web" } }]);
    });
});

describe("addon: vault-secrets-operator", () => {
    it("connects to the platform's Vault and creates VaultStaticSecrets", async () => {
        const plan = await devWithVault({
            vaultSecretsOperator: { enabled: true, secrets: [{ name: "web", namespace: "apps", path: "apps/web" }] },
        });
        const v = values(plan, "vault-secrets-operator");
        expect(v.defaultVaultConnection).to.deep.include({ enabled: true, address: "http://vault.vault.svc.cluster.local:8200" });
        expect(v.defaultAuthMethod).to.deep.include({ enabled: true, method: "kubernetes" });
        const vss = resource(plan, "kubernetes:secrets.hashicorp.com/v1beta1:VaultStaticSecret", "vault-secrets-operator-apps-web")
            .inputs as any;
        expect(vss.spec).to.deep.include({ mount: "secret", path: "apps/web", type: "kv-v2" });
        expect(vss.spec.destination).to.deep.equal({ name: "web", create: true });
    });
});

describe("generated and replicated secrets", () => {
    it("never put a generated password in clear into the plan; every Secret's data is a Pulumi secret", async () => {
        const devDb = await planOfConfig(
            stackConfigWith("dev", {
                "groundwork:addons": { vault: { enabled: true }, cloudnativePg: { enabled: true } },
                "groundwork:database": { enabled: true, databases: [{ name: "web", owner: "web", namespace: "apps" }] },
            }),
        );
        for (const plan of [await planOf("prod"), devDb]) {
            const text = JSON.stringify(plan);
            expect(text).to.not.contain("offline-secret-");
            expect(text).to.not.contain("offline-placeholder-");
            const passwords = resources(plan, "random:index/randomPassword:RandomPassword");
            expect(passwords.length).to.be.greaterThan(0);
            // Secrets with data (a service-account token Secret has none: Kubernetes fills it).
            for (const secret of resources(plan, "kubernetes:core/v1:Secret").filter(
                (r) => r.inputs.stringData !== undefined || r.inputs.data !== undefined,
            )) {
                expect(secret.inputs.stringData ?? secret.inputs.data, secret.name).to.equal("[secret]");
            }
        }
    });

    it("copy a database's connection Secret into each application namespace", async () => {
        const plan = await planOfConfig(
            stackConfigWith("dev", {
                "groundwork:addons": { cloudnativePg: { enabled: true } },
                "groundwork:database": {
                    enabled: true,
                    databases: [
                        { name: "web", owner: "web", namespace: "apps" },
                        { name: "jobs", owner: "web", namespace: "workers" },
                    ],
                },
            }),
        );
        const conn = (n: string) => resource(plan, "kubernetes:core/v1:Secret", n).inputs as any;
        expect(conn("cloudnative-pg-postgres-conn-web-apps").metadata).to.deep.include({
            name: "postgres-web-connection",
            namespace: "apps",
        });
        expect(conn("cloudnative-pg-postgres-conn-jobs-workers").metadata).to.deep.include({
            name: "postgres-jobs-connection",
            namespace: "workers",
        });
        // Same owner, one generated password for both.
        expect(
            resources(plan, "random:index/randomPassword:RandomPassword").filter((r) => r.name.startsWith("cloudnative-pg-postgres-")),
        ).to.have.length(1);
    });
});
