import { expect } from "chai";
import { charts, crdBundles } from "../model/versions";
import { postgresTuning, toMebibytes } from "../addons/cloudnative-pg/tuning";
import { cnpgSchedule, managedRoles } from "../addons/cloudnative-pg/specs";
import { helmRelease, planOf, planOfConfig, resource, resources, stackConfigWith, transitiveDependencies } from "./harness";
import { validateCustomResource } from "./crd-models";
import type { Plan } from "../scripts/lib/offline";

// PostgreSQL (CloudNativePG): instances per environment, separate WAL volume, tuning from the size,
// roles/databases/connection Secrets, PDB, anti-affinity, barman-cloud backups, and size changes that can
// only ever be expansions of the same Cluster.

const T = {
    cluster: "kubernetes:postgresql.cnpg.io/v1:Cluster",
    scheduled: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup",
    database: "kubernetes:postgresql.cnpg.io/v1:Database",
    objectStore: "kubernetes:barmancloud.cnpg.io/v1:ObjectStore",
};
const clusterOf = (plan: Plan) => resource(plan, T.cluster, "cloudnative-pg-postgres-cluster");
const specOf = (plan: Plan) => clusterOf(plan).inputs.spec as any;

/** Dev (kind, existing substrate) with the database and, optionally, backups to a Ceph RGW. */
function devDatabase(database: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
    return planOfConfig(
        stackConfigWith("dev", {
            "groundwork:addons": { cloudnativePg: { enabled: true } },
            "groundwork:database": { enabled: true, databases: [{ name: "web", owner: "web", namespace: "apps" }], ...database },
            ...extra,
        }),
    );
}
const cephBackups = {
    "groundwork:backups": {
        enabled: true,
        objectStore: {
            provider: "ceph",
            bucket: "platform-backups",
            endpoint: "https://rgw.example.org",
            credentials: "backupS3Credentials",
        },
    },
    "groundwork:backupS3Credentials": { secure: "v1:placeholder" },
};

describe("postgresTuning", () => {
    it("gives shared_buffers 25 % and effective_cache_size 75 % of the instance's memory", () => {
        for (const size of ["small", "medium", "large"] as const) {
            const t = postgresTuning(size);
            const memory = toMebibytes(t.resources.limits.memory);
            expect(parseInt(t.parameters.shared_buffers, 10)).to.equal(memory / 4);
            expect(parseInt(t.parameters.effective_cache_size, 10)).to.equal((memory * 3) / 4);
            expect(t.resources.requests.memory).to.equal(t.resources.limits.memory);
        }
    });

    it("grows connections, work_mem and maintenance_work_mem with the size", () => {
        const [s, m, l] = (["small", "medium", "large"] as const).map((size) => postgresTuning(size).parameters);
        expect(s).to.deep.include({ max_connections: "100", shared_buffers: "512MB", work_mem: "5MB", maintenance_work_mem: "128MB" });
        expect(m).to.deep.include({ max_connections: "200", shared_buffers: "2048MB", work_mem: "10MB", maintenance_work_mem: "512MB" });
        expect(l).to.deep.include({ max_connections: "400", shared_buffers: "4096MB", maintenance_work_mem: "1024MB" });
    });

    it("caps max_wal_size at half the WAL volume", () => {
        expect(postgresTuning("large", toMebibytes("2Gi")).parameters).to.deep.include({ max_wal_size: "1024MB", min_wal_size: "256MB" });
        expect(postgresTuning("large", toMebibytes("100Gi")).parameters.max_wal_size).to.equal("8192MB");
    });

    it("converts a five-field cron into CNPG's six-field one", () => {
        expect(cnpgSchedule("0 3 * * *")).to.equal("0 0 3 * * *");
        expect(cnpgSchedule("30 1 * * 0")).to.equal("0 30 1 * * 0");
    });
});

describe("addon: cloudnative-pg", () => {
    it("installs the operator and the barman-cloud plugin (after cert-manager, CRD applied first)", async () => {
        const plan = await planOf("prod");
        expect(helmRelease(plan, "cloudnative-pg").inputs.version).to.equal(charts.cloudnativePg.version);
        const plugin = helmRelease(plan, "plugin-barman-cloud");
        expect(plugin.inputs.version).to.equal(charts.barmanCloudPlugin.version);
        expect(transitiveDependencies(plan, plugin.urn)).to.include(helmRelease(plan, "cert-manager").urn);
        const crds = resource(plan, "kubernetes:yaml/v2:ConfigFile", "cloudnative-pg-barman-cloud-crds");
        expect(crds.inputs.file).to.equal(crdBundles.barmanCloudPlugin.url);
        expect(plugin.inputs.skipCrds).to.equal(true);
        expect(resource(plan, T.objectStore, "cloudnative-pg-postgres-object-store").dependsOn).to.include(crds.urn);
    });

    it("runs three instances in prod and one in dev, data and WAL on separate volumes with the substrate's StorageClass", async () => {
        const prod = specOf(await planOf("prod"));
        expect(prod.instances).to.equal(3);
        expect(prod.storage).to.deep.include({ size: "50Gi", storageClass: "gp3" });
        expect(prod.walStorage).to.deep.include({ size: "10Gi", storageClass: "gp3" });
        const dev = specOf(await devDatabase());
        expect(dev.instances).to.equal(1);
        expect(dev.storage).to.deep.include({ size: "10Gi", storageClass: "standard" });
        expect(dev.walStorage).to.deep.include({ size: "2Gi", storageClass: "standard" });
    });

    it("is valid against the CNPG Cluster, ScheduledBackup and Database schemas", async () => {
        const { Cluster, ScheduledBackup, Database } = await import("@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1");
        for (const plan of [await planOf("prod"), await devDatabase({}, cephBackups)]) {
            validateCustomResource(Cluster, clusterOf(plan).inputs);
            for (const r of resources(plan, T.scheduled)) validateCustomResource(ScheduledBackup, r.inputs);
            for (const r of resources(plan, T.database)) validateCustomResource(Database, r.inputs);
        }
    });

    it("tunes resources and parameters from the size, with config overrides on top", async () => {
        const prod = specOf(await planOf("prod"));
        expect(prod.resources).to.deep.equal(postgresTuning("medium", toMebibytes("10Gi")).resources);
        expect(prod.postgresql.parameters).to.deep.include({ shared_buffers: "2048MB", max_connections: "200" });
        const dev = specOf(
            await devDatabase({ size: "large", parameters: { max_connections: "50", log_min_duration_statement: "500ms" } }),
        );
        expect(dev.postgresql.parameters).to.deep.include({
            shared_buffers: "4096MB",
            max_connections: "50",
            log_min_duration_statement: "500ms",
        });
    });

    it("has a PodDisruptionBudget and required anti-affinity across nodes where it has replicas", async () => {
        const prod = specOf(await planOf("prod"));
        expect(prod.enablePDB).to.equal(true);
        expect(prod.affinity).to.deep.equal({
            enablePodAntiAffinity: true,
            topologyKey: "kubernetes.io/hostname",
            podAntiAffinityType: "required",
        });
        expect(specOf(await devDatabase()).enablePDB).to.equal(false);
    });

    it("manages a role per database owner with a generated basic-auth Secret, and Database CRs", async () => {
        const plan = await devDatabase({ roles: [{ name: "reporting", inRoles: ["pg_read_all_data"] }] });
        const roles = specOf(plan).managed.roles;
        expect(roles.map((r: any) => r.name)).to.deep.equal(["reporting", "web"]);
        expect(roles.find((r: any) => r.name === "reporting")).to.deep.include({
            login: true,
            inRoles: ["pg_read_all_data"],
            passwordSecret: { name: "postgres-role-reporting" },
        });
        const secret = resource(plan, "kubernetes:core/v1:Secret", "cloudnative-pg-postgres-role-web").inputs as any;
        expect(secret.type).to.equal("kubernetes.io/basic-auth");
        expect(secret.stringData).to.equal("[secret]");
        const db = resource(plan, T.database, "cloudnative-pg-postgres-db-web").inputs as any;
        expect(db.spec).to.deep.include({ name: "web", owner: "web", cluster: { name: "postgres" }, databaseReclaimPolicy: "retain" });
        expect(
            managedRoles({
                roles: [],
                databases: [
                    { name: "a", owner: "x", namespace: "n" },
                    { name: "b", owner: "x", namespace: "n" },
                ],
            } as any),
        ).to.have.length(1);
    });

    it("exports the connection Secret per application namespace", async () => {
        const plan = await planOf("prod");
        expect(plan.outputs.databases).to.deep.equal({
            shop: {
                namespace: "shop",
                database: "shop",
                secretName: "postgres-shop-connection",
                host: "postgres-rw.postgres.svc.cluster.local",
            },
        });
        const conn = resource(plan, "kubernetes:core/v1:Secret", "cloudnative-pg-postgres-conn-shop-shop").inputs as any;
        expect(conn.metadata).to.deep.include({ namespace: "shop", name: "postgres-shop-connection" });
    });

    it("scrapes the database with a PodMonitor when monitoring is on", async () => {
        const plan = await planOf("prod");
        const pm = resource(plan, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "cloudnative-pg-postgres-pod-monitor").inputs as any;
        expect(pm.spec.selector.matchLabels).to.deep.equal({ "cnpg.io/cluster": "postgres" });
        expect(resources(await devDatabase(), "kubernetes:monitoring.coreos.com/v1:PodMonitor")).to.have.length(0);
    });
});

describe("database backups (barman-cloud)", () => {
    it("archives WAL and base backups to S3 with the pod's IAM role on EKS, retention from config", async () => {
        const plan = await planOf("prod");
        const store = resource(plan, T.objectStore, "cloudnative-pg-postgres-object-store").inputs as any;
        expect(store.spec.retentionPolicy).to.equal("30d");
        expect(store.spec.configuration).to.deep.include({
            destinationPath: "s3://groundwork-prod-backups/groundwork-prod/postgres",
            s3Credentials: { inheritFromIAMRole: true },
        });
        expect(specOf(plan).plugins).to.deep.equal([
            {
                name: "barman-cloud.cloudnative-pg.io",
                enabled: true,
                isWALArchiver: true,
                parameters: { barmanObjectName: "postgres-backups", serverName: "postgres" },
            },
        ]);
        const policy = JSON.parse(
            resource(plan, "aws:iam/rolePolicy:RolePolicy", "groundwork-prod-cloudnative-pg-postgres-backup").inputs.policy as string,
        );
        expect(policy.Statement[1].Resource).to.deep.equal(["arn:aws:s3:::groundwork-prod-backups/groundwork-prod/postgres/*"]);
        expect(
            resource(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "groundwork-prod-cloudnative-pg-postgres-backup")
                .inputs,
        ).to.deep.include({ namespace: "postgres", serviceAccount: "postgres" });
        expect(plan.outputs.databases).to.not.equal(undefined);
    });

    it("takes a daily base backup through the plugin on the configured schedule", async () => {
        const sb = resource(await planOf("prod"), T.scheduled, "cloudnative-pg-postgres-scheduled-backup").inputs as any;
        expect(sb.spec).to.deep.include({
            schedule: "0 0 3 * * *",
            method: "plugin",
            pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" },
            immediate: true,
        });
    });

    it("writes to a Ceph/Swift S3 endpoint with keys from secret config elsewhere", async () => {
        const plan = await devDatabase({ backupRetentionDays: 14 }, cephBackups);
        const store = resource(plan, T.objectStore, "cloudnative-pg-postgres-object-store").inputs as any;
        expect(store.spec.retentionPolicy).to.equal("14d");
        expect(store.spec.configuration).to.deep.include({
            destinationPath: "s3://platform-backups/groundwork-dev/postgres",
            endpointURL: "https://rgw.example.org",
            s3Credentials: {
                accessKeyId: { name: "postgres-backup-s3", key: "AWS_ACCESS_KEY_ID" },
                secretAccessKey: { name: "postgres-backup-s3", key: "AWS_SECRET_ACCESS_KEY" },
            },
        });
        const keys = resource(plan, "kubernetes:core/v1:Secret", "cloudnative-pg-postgres-backup-s3-credentials").inputs as any;
        expect(keys.metadata).to.deep.include({ name: "postgres-backup-s3", namespace: "postgres" });
        expect(keys.stringData).to.equal("[secret]");
        expect(resources(plan, "aws:s3/bucket:Bucket")).to.have.length(0);
    });

    it("creates the EKS backup bucket versioned, encrypted, private and protected in prod", async () => {
        const plan = await planOf("prod");
        const bucket = resource(plan, "aws:s3/bucket:Bucket", "backup-storage-bucket");
        expect(bucket.inputs.bucket).to.equal("groundwork-prod-backups");
        expect(bucket.options).to.deep.include({ protect: true, retainOnDelete: true });
        expect(bucket.inputs.forceDestroy).to.equal(false);
        expect(
            (resource(plan, "aws:s3/bucketVersioning:BucketVersioning", "backup-storage-versioning").inputs as any).versioningConfiguration
                .status,
        ).to.equal("Enabled");
        expect(
            (
                resource(
                    plan,
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "backup-storage-encryption",
                ).inputs as any
            ).rules[0].applyServerSideEncryptionByDefault.sseAlgorithm,
        ).to.equal("AES256");
        expect(
            resource(plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "backup-storage-public-access").inputs,
        ).to.deep.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        const noBucket = await planOfConfig(
            stackConfigWith("prod", { "groundwork:addons": { backupStorage: { createBucket: false } } }),
            "prod",
        );
        expect(resources(noBucket, "aws:s3/bucket:Bucket")).to.have.length(0);
    });
});

describe("database storage size changes", () => {
    it("protects the Cluster in prod and never replaces it", async () => {
        const cluster = clusterOf(await planOf("prod"));
        expect(cluster.options).to.deep.include({ protect: true, retainOnDelete: true, deleteBeforeReplace: false });
        expect(clusterOf(await devDatabase()).options.protect).to.equal(false);
    });

    it("plans a bigger volume as a change of spec.storage.size on the same resource, nothing else", async () => {
        const before = clusterOf(await devDatabase());
        const after = clusterOf(await devDatabase({ storage: { size: "20Gi" } }));
        expect(after.urn).to.equal(before.urn);
        expect((after.inputs.metadata as any).name).to.equal((before.inputs.metadata as any).name);
        const strip = (spec: any) => ({ ...spec, storage: { ...spec.storage, size: undefined } });
        expect(strip(after.inputs.spec)).to.deep.equal(strip(before.inputs.spec));
        expect((after.inputs.spec as any).storage.size).to.equal("20Gi");
        expect((after.inputs.spec as any).storage.resizeInUseVolumes).to.equal(true);
    });
});
