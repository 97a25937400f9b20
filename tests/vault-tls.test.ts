import { expect } from "chai";
import { configFileWith, configOfStack, helmRelease, planOf, planOfConfig, resources, stackConfigWith } from "./harness";
import type { Plan, PlanResource } from "../scripts/lib/offline";

// Vault serves TLS in prod with a certificate from cert-manager's internal CA; everything that talks to it
// (its own CLI, the audit/snapshot/restore Jobs, ESO, VSO) uses https and trusts that CA. Dev may stay plain.

const prodPlans = [
    "prod",
    "examples/openstack-vms-kubeadm-vault.yaml",
    "examples/baremetal-kubeadm-cilium-ceph.yaml",
    "examples/eks-every-addon-benchmark.yaml",
];

type Values = { global: { tlsDisable: boolean }; server: Record<string, unknown> & { ha: { raft: { config: string } } } };

const vaultValues = (plan: Plan) => helmRelease(plan, "vault").inputs.values as Values;
const byKind = (plan: Plan, type: string) => resources(plan, type);

function containersOf(r: PlanResource): { env?: { name: string; value?: string }[] }[] {
    const spec = r.inputs.spec as Record<string, any>;
    const pod = r.type === "kubernetes:batch/v1:CronJob" ? spec.jobTemplate.spec.template.spec : spec.template.spec;
    return [...(pod.initContainers ?? []), ...pod.containers];
}

describe("Vault TLS", () => {
    for (const source of prodPlans) {
        describe(source, () => {
            const plan = () => planOf(source, source.endsWith(".yaml") ? "prod" : undefined);

            it("serves https with a certificate from the internal CA, for every name a client uses", async () => {
                const p = await plan();
                const values = vaultValues(p);
                expect(values.global.tlsDisable).to.equal(false);
                expect(values.server.ha.raft.config)
                    .to.match(/tls_cert_file\s+= "\/vault\/tls\/tls.crt"/)
                    .and.not.to.contain("tls_disable");
                expect(values.server.ha.raft.config).to.contain('leader_api_addr = "https://vault-0.vault-internal:8200"');
                const cert = byKind(p, "kubernetes:cert-manager.io/v1:Certificate").find(
                    (c) => (c.inputs.metadata as { namespace?: string }).namespace === "vault",
                )!;
                const spec = cert.inputs.spec as { dnsNames: string[]; issuerRef: { name: string }; secretName: string };
                expect(spec.issuerRef.name).to.equal("internal-ca");
                expect(spec.dnsNames).to.include.members([
                    "vault.vault.svc.cluster.local",
                    "vault-active.vault.svc.cluster.local",
                    "vault-0.vault-internal",
                ]);
                const volumes = values.server.volumes as { secret: { secretName: string } }[];
                expect(volumes.map((v) => v.secret.secretName)).to.include(spec.secretName);
                const issuers = byKind(p, "kubernetes:cert-manager.io/v1:ClusterIssuer").map(
                    (r) => r.inputs.spec as { ca?: { secretName: string } },
                );
                expect(issuers.some((i) => i.ca?.secretName === "groundwork-internal-ca")).to.equal(true);
            });

            it("lets Prometheus scrape Vault over https, verifying the internal CA", async () => {
                const monitor = byKind(await plan(), "kubernetes:monitoring.coreos.com/v1:PodMonitor").find(
                    (r) => (r.inputs.metadata as { name: string }).name === "vault",
                );
                if (!monitor) return; // no monitoring addon in this plan
                const endpoint = (monitor.inputs.spec as { podMetricsEndpoints: Record<string, unknown>[] }).podMetricsEndpoints[0];
                expect(endpoint).to.deep.include({
                    scheme: "https",
                    tlsConfig: { ca: { secret: { name: "vault-server-tls", key: "ca.crt" } }, serverName: "vault.vault.svc.cluster.local" },
                });
            });

            it("reloads the certificate when cert-manager renews it (SIGHUP from a sidecar in the pod's process namespace)", async () => {
                const server = vaultValues(await plan()).server as unknown as {
                    shareProcessNamespace: boolean;
                    extraContainers: { command: string[] }[];
                };
                expect(server.shareProcessNamespace).to.equal(true);
                expect(server.extraContainers[0].command.join(" ")).to.contain("kill -HUP");
            });

            it("points every Vault client at https and its CA: Jobs, ESO, VSO", async () => {
                const p = await plan();
                const vaultJobs = [...byKind(p, "kubernetes:batch/v1:Job"), ...byKind(p, "kubernetes:batch/v1:CronJob")].filter((r) =>
                    (r.inputs.metadata as { name: string }).name.startsWith("vault"),
                );
                expect(vaultJobs).to.not.be.empty;
                for (const job of vaultJobs) {
                    const env = containersOf(job).flatMap((c) => c.env ?? []);
                    const addr = env.find((e) => e.name === "VAULT_ADDR");
                    if (!addr) continue; // the object-store upload container does not talk to Vault
                    expect(addr.value, (job.inputs.metadata as { name: string }).name).to.match(/^https:\/\//);
                    expect(env.map((e) => e.name)).to.include("VAULT_CACERT");
                }
                for (const store of byKind(p, "kubernetes:external-secrets.io/v1:ClusterSecretStore")) {
                    const vault = (store.inputs.spec as { provider: { vault?: { server: string; caProvider: unknown } } }).provider.vault;
                    if (!vault) continue;
                    expect(vault.server).to.match(/^https:\/\//);
                    expect(vault.caProvider).to.deep.equal({ type: "Secret", name: "vault-server-tls", namespace: "vault", key: "ca.crt" });
                }
                const vso = p.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "vault-secrets-operator");
                if (vso) {
                    const connection = (vso.inputs.values as { defaultVaultConnection: { address: string; caCertSecret: string } })
                        .defaultVaultConnection;
                    expect(connection.address).to.match(/^https:\/\//);
                    const caCert = byKind(p, "kubernetes:cert-manager.io/v1:Certificate").find(
                        (c) => (c.inputs.metadata as { namespace?: string }).namespace === "vault-secrets-operator",
                    );
                    expect((caCert!.inputs.spec as { secretName: string }).secretName).to.equal(connection.caCertSecret);
                }
            });
        });
    }

    it("gives ESO's Vault store the https address and the internal CA", async () => {
        const plan = await planOfConfig(
            configFileWith("examples/openstack-vms-kubeadm-vault.yaml", { "groundwork:addons": { externalSecrets: { enabled: true } } }),
            "prod",
        );
        const store = byKind(plan, "kubernetes:external-secrets.io/v1:ClusterSecretStore").map(
            (r) => (r.inputs.spec as { provider: { vault?: Record<string, unknown> } }).provider.vault,
        );
        expect(store).to.have.length(1);
        expect(store[0]).to.deep.include({
            server: "https://vault.vault.svc.cluster.local:8200",
            caProvider: { type: "Secret", name: "vault-server-tls", namespace: "vault", key: "ca.crt" },
        });
    });

    it("stays on plain HTTP in dev (a warning says so), without the certificate", async () => {
        expect(configOfStack("dev").addons.vault.tls).to.equal(false);
        const plan = await planOfConfig(
            stackConfigWith("dev", { "groundwork:addons": { vault: { enabled: true, snapshots: false } } }),
            "dev",
        );
        expect(vaultValues(plan).global.tlsDisable).to.equal(true);
        expect(vaultValues(plan).server.ha.raft.config).to.contain("tls_disable     = 1");
        expect(
            byKind(plan, "kubernetes:cert-manager.io/v1:Certificate").filter(
                (c) => (c.inputs.metadata as { namespace?: string }).namespace === "vault",
            ),
        ).to.be.empty;
    });
});
