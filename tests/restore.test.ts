import { expect } from "chai";
import { validateCustomResource } from "./crd-models";
import {
    expectProblems,
    planOfConfig,
    rawConfigOfFile,
    resource,
    resources,
    stackConfigWith,
    helmRelease,
    configFileWith,
    writeTempConfig,
} from "./harness";
import { parseConfig } from "../config/config";
import { restoreTargetProblems } from "../config/restore-rules";
import { ingressIssuerOf, postgresServerNames, serverNameOf } from "../platform/backups/restore";
import { restoreSpec } from "../addons/velero/component";
import type { PlatformConfig } from "../config/types";
import type { Plan } from "../scripts/lib/offline";

// Restore mode: the same stack, `restore.enabled: true`, rebuilds its stateful parts from the
// backups normal mode writes: CNPG recovers from the barman object store (optionally to a point in time)
// and archives under the next server name, Velero restores the state namespaces, a Job restores Vault's
// newest raft snapshot, and ingresses may use the staging issuer.

const T = {
    cluster: "kubernetes:postgresql.cnpg.io/v1:Cluster",
    objectStore: "kubernetes:barmancloud.cnpg.io/v1:ObjectStore",
    restore: "kubernetes:velero.io/v1:Restore",
    job: "kubernetes:batch/v1:Job",
    application: "kubernetes:argoproj.io/v1alpha1:Application",
};
const restoreOn = (extra: Record<string, unknown> = {}) => ({ "groundwork:restore": { enabled: true, ...extra } });
const prodRestore = (extra: Record<string, unknown> = {}) => planOfConfig(stackConfigWith("prod", restoreOn(extra)), "prod");
const cnpgSpec = (plan: Plan) => resources(plan, T.cluster)[0].inputs.spec as Record<string, any>;

describe("restore mode", () => {
    describe("PostgreSQL (CloudNativePG + barman-cloud plugin)", () => {
        it("bootstraps by recovery from the ObjectStore normal mode writes, reading the current server name", async () => {
            const normal = await planOfConfig(stackConfigWith("prod", {}), "prod");
            const plan = await prodRestore();
            const spec = cnpgSpec(plan);
            expect(spec.bootstrap).to.deep.equal({ recovery: { source: "origin" } });
            expect(spec.externalClusters).to.deep.equal([
                {
                    name: "origin",
                    plugin: {
                        name: "barman-cloud.cloudnative-pg.io",
                        parameters: { barmanObjectName: "postgres-backups", serverName: "postgres" },
                    },
                },
            ]);
            // The same ObjectStore (same destinationPath) in both modes: restore reads where normal mode writes.
            expect(resources(plan, T.objectStore).map((r) => r.inputs)).to.deep.equal(
                resources(normal, T.objectStore).map((r) => r.inputs),
            );
            expect(cnpgSpec(normal).bootstrap).to.have.property("initdb");
        });

        it("archives the recovered cluster under the next generation's server name", async () => {
            const spec = cnpgSpec(await prodRestore());
            expect(spec.plugins).to.deep.equal([
                {
                    name: "barman-cloud.cloudnative-pg.io",
                    enabled: true,
                    isWALArchiver: true,
                    parameters: { barmanObjectName: "postgres-backups", serverName: "postgres-r1" },
                },
            ]);
        });

        it("counts generations: restore reads N and writes N + 1; normal mode then writes N + 1", () => {
            const cfg = (enabled: boolean, generation: number) =>
                ({ database: { name: "postgres" }, restore: { enabled, generation } }) as unknown as PlatformConfig;
            expect(postgresServerNames(cfg(false, 0))).to.deep.equal({ write: "postgres", read: undefined });
            expect(postgresServerNames(cfg(true, 0))).to.deep.equal({ write: "postgres-r1", read: "postgres" });
            expect(postgresServerNames(cfg(false, 1))).to.deep.equal({ write: "postgres-r1", read: undefined });
            expect(postgresServerNames(cfg(true, 1))).to.deep.equal({ write: "postgres-r2", read: "postgres-r1" });
            expect(serverNameOf("db", 12)).to.equal("db-r12");
        });

        it("recovers to a point in time with recoveryTarget.targetTime", async () => {
            const spec = cnpgSpec(await prodRestore({ targetTime: "2026-01-15T08:30:00Z" }));
            expect(spec.bootstrap).to.deep.equal({
                recovery: { source: "origin", recoveryTarget: { targetTime: "2026-01-15T08:30:00Z" } },
            });
        });

        it("is valid against the CNPG Cluster schema", async () => {
            const { Cluster } = await import("@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1");
            validateCustomResource(Cluster, resources(await prodRestore({ targetTime: "2026-01-15T08:30:00Z" }), T.cluster)[0].inputs);
        });

        it("reads another cluster's prefix through a read-only ObjectStore when restore.fromCluster is set", async () => {
            const plan = await prodRestore({ fromCluster: "groundwork-old" });
            const source = resources(plan, T.objectStore).find((r) => (r.inputs.metadata as any).name === "postgres-restore-source")!;
            expect((source.inputs.spec as any).configuration.destinationPath).to.equal(
                "s3://groundwork-prod-backups/groundwork-old/postgres",
            );
            expect(source.inputs.spec).to.not.have.property("retentionPolicy");
            expect(cnpgSpec(plan).externalClusters[0].plugin.parameters).to.deep.equal({
                barmanObjectName: "postgres-restore-source",
                serverName: "postgres",
            });
        });
    });

    describe("Velero", () => {
        it("restores the newest backup of the state schedule into the state namespaces, after Velero", async () => {
            const plan = await prodRestore();
            const restore = resource(plan, T.restore, "velero-restore");
            expect(restore.inputs.spec).to.deep.equal(restoreSpec(["shop"]));
            expect(restore.inputs.spec).to.include({ scheduleName: "velero-state", restorePVs: true });
            expect(restore.dependsOn).to.include(helmRelease(plan, "velero").urn);
            expect((restore.inputs.metadata as any).annotations["pulumi.com/waitFor"]).to.equal("jsonpath={.status.phase}=Completed");
        });

        it("makes Argo CD's root Application wait for the restore (GitOps re-syncs after the volumes are back)", async () => {
            const plan = await prodRestore();
            expect(resource(plan, T.application, "argo-cd-root-app").dependsOn).to.include(resource(plan, T.restore, "velero-restore").urn);
        });

        it("adds a read-only location for another cluster's backups (restore.fromCluster)", async () => {
            const values = helmRelease(await prodRestore({ fromCluster: "groundwork-old" }), "velero").inputs.values as any;
            expect(values.configuration.backupStorageLocation[1]).to.include({
                name: "restore-source",
                accessMode: "ReadOnly",
                prefix: "groundwork-old/velero",
                default: false,
            });
        });

        it("creates no Restore in normal mode", async () => {
            expect(resources(await planOfConfig(stackConfigWith("prod", {}), "prod"), T.restore)).to.be.empty;
        });
    });

    describe("Vault", () => {
        it("adds a Job that downloads the newest snapshot and force-restores it once a person supplies a token", async () => {
            const plan = await prodRestore();
            const job = resources(plan, T.job).find((r) => (r.inputs.metadata as any).name === "vault-restore-snapshot")!;
            expect((job.inputs.metadata as any).annotations).to.include({ "pulumi.com/skipAwait": "true" });
            const pod = (job.inputs.spec as any).template.spec;
            expect(pod.initContainers[0].command[2]).to.contain("s3://groundwork-prod-backups/groundwork-prod/vault/");
            expect(pod.containers[0].command[2]).to.contain("vault operator raft snapshot restore -force");
            expect(pod.volumes.find((v: any) => v.name === "token").secret.secretName).to.equal("vault-restore-token");
        });
    });

    describe("certificates", () => {
        const base = { tls: { issuer: "letsencrypt-production", acmeEmail: "a@example.org" } } as const;
        it("uses letsencrypt-staging for ingresses while restoring when restore.useStagingCertificates is set", () => {
            expect(ingressIssuerOf({ ...base, restore: { enabled: true, useStagingCertificates: true } } as any)).to.equal(
                "letsencrypt-staging",
            );
            expect(ingressIssuerOf({ ...base, restore: { enabled: true, useStagingCertificates: false } } as any)).to.equal(
                "letsencrypt-production",
            );
            expect(ingressIssuerOf({ ...base, restore: { enabled: false, useStagingCertificates: true } } as any)).to.equal(
                "letsencrypt-production",
            );
        });

        it("puts the staging issuer on the UIs' ingresses in the restore plan", async () => {
            const plan = await prodRestore({ useStagingCertificates: true });
            const grafana = (helmRelease(plan, "kube-prometheus-stack").inputs.values as any).grafana.ingress.annotations;
            const argo = (helmRelease(plan, "argo-cd").inputs.values as any).server.ingress.annotations;
            expect(grafana["cert-manager.io/cluster-issuer"]).to.equal("letsencrypt-staging");
            expect(argo["cert-manager.io/cluster-issuer"]).to.equal("letsencrypt-staging");
        });
    });

    describe("config", () => {
        it("needs no settings besides restore.enabled (generation 0, own cluster, production certificates)", () => {
            const config = parseConfig(rawOf(stackConfigWith("prod", restoreOn())));
            expect(config.restore).to.deep.equal({ enabled: true, generation: 0, useStagingCertificates: false });
        });

        it("refuses a PITR target in the future and one before the first backup", () => {
            const now = new Date("2026-06-01T00:00:00Z");
            const cfg = (targetTime: string, firstBackupTime?: string) =>
                ({ restore: { enabled: true, targetTime }, backups: { firstBackupTime } }) as unknown as PlatformConfig;
            expect(restoreTargetProblems(cfg("2026-05-31T23:00:00Z"), now)).to.be.empty;
            expect(restoreTargetProblems(cfg("2026-06-01T00:00:01Z"), now)).to.deep.equal([
                'restore.targetTime: expected a time in the past, got "2026-06-01T00:00:01Z"',
            ]);
            expect(restoreTargetProblems(cfg("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"), now)).to.deep.equal([
                'restore.targetTime: expected a time after backups.firstBackupTime (2026-02-01T00:00:00Z, the oldest base backup), got "2026-01-01T00:00:00Z"',
            ]);
            expect(restoreTargetProblems(cfg("2026-03-01T00:00:00+02:00", "2026-02-01T00:00:00Z"), now)).to.be.empty;
        });

        it("refuses a future target in a real stack config", () => {
            const message = expectProblems(() =>
                parseConfig(rawOf(stackConfigWith("prod", restoreOn({ targetTime: "2999-01-01T00:00:00Z" })))),
            );
            expect(message).to.contain('restore.targetTime: expected a time in the past, got "2999-01-01T00:00:00Z"');
        });

        it("restores every committed prod-like stack offline (eks, magnum, nova, bare metal)", async () => {
            for (const file of [
                "examples/magnum-jetstream2-gitops.yaml",
                "examples/openstack-vms-kubeadm-vault.yaml",
                "examples/baremetal-kubeadm-cilium-ceph.yaml",
            ]) {
                const plan = await planOfConfig(configFileWith(file, restoreOn()), "prod");
                expect(plan.resources.length, file).to.be.greaterThan(50);
            }
        });
    });
});

const rawOf = (config: Record<string, unknown>) => rawConfigOfFile(writeTempConfig(config));
