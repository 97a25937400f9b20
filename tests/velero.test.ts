import { expect } from "chai";
import { charts, images } from "../model/versions";
import { backupLocationOf } from "../config/backup-location";
import { configOfStack, helmRelease, planOf, planOfConfig, resource, stackConfigWith } from "./harness";

// Velero: the same object store as every other backup, a pinned AWS plugin, credentials per substrate,
// the node agent for volume data, schedules with TTLs from the config.

const cephVelero = () =>
    planOfConfig(
        stackConfigWith("dev", {
            "groundwork:addons": { velero: { enabled: true, stateNamespaces: ["apps"] } },
            "groundwork:backups": {
                enabled: true,
                retentionDays: 7,
                objectStore: {
                    provider: "ceph",
                    bucket: "platform-backups",
                    endpoint: "https://rgw.example.org",
                    credentials: "backupS3Credentials",
                },
            },
            "groundwork:backupS3Credentials": { secure: "v1:placeholder" },
        }),
    );

describe("addon: velero", () => {
    it("writes to the backup bucket under the cluster's velero prefix, with the AWS plugin pinned", async () => {
        const plan = await planOf("prod");
        const release = helmRelease(plan, "velero");
        expect(release.inputs.version).to.equal(charts.velero.version);
        const v = release.inputs.values as any;
        expect(v.initContainers[0].image).to.equal(`velero/velero-plugin-for-aws:${images.veleroPluginAws.tag}`);
        expect(v.configuration.backupStorageLocation).to.deep.equal([
            {
                name: "default",
                provider: "aws",
                bucket: "groundwork-prod-backups",
                prefix: "groundwork-prod/velero",
                default: true,
                accessMode: "ReadWrite",
                config: { region: "us-east-1" },
            },
        ]);
        expect(v.snapshotsEnabled).to.equal(false);
    });

    it("uses workload identity on EKS: a role scoped to its prefix, no key Secret", async () => {
        const plan = await planOf("prod");
        const v = helmRelease(plan, "velero").inputs.values as any;
        expect(v.credentials).to.deep.equal({ useSecret: false });
        const policy = JSON.parse(resource(plan, "aws:iam/rolePolicy:RolePolicy", "groundwork-prod-velero").inputs.policy as string);
        expect(policy.Statement[0].Condition.StringLikeIfExists["s3:prefix"]).to.deep.equal([
            "groundwork-prod/velero",
            "groundwork-prod/velero/*",
        ]);
        expect(policy.Statement[1].Action).to.include.members(["s3:PutObject", "s3:AbortMultipartUpload"]);
    });

    it("uses S3 keys from secret config and the S3-compatible endpoint on other substrates", async () => {
        const plan = await cephVelero();
        const v = helmRelease(plan, "velero").inputs.values as any;
        expect(v.credentials).to.deep.equal({ useSecret: true, existingSecret: "velero-s3" });
        expect(v.configuration.backupStorageLocation[0].config).to.deep.equal({
            region: "us-east-1",
            s3Url: "https://rgw.example.org",
            s3ForcePathStyle: "true",
            checksumAlgorithm: "",
        });
        expect(resource(plan, "kubernetes:core/v1:Secret", "velero-s3-credentials").inputs.stringData).to.equal("[secret]");
    });

    it("backs up every namespace's objects and the stateful namespaces' volumes, with TTLs from the config", async () => {
        const v = helmRelease(await cephVelero(), "velero").inputs.values as any;
        expect(v.deployNodeAgent).to.equal(true);
        expect(v.schedules.resources).to.deep.include({ schedule: "0 3 * * *" });
        expect(v.schedules.resources.template).to.deep.include({
            ttl: "168h0m0s",
            includedNamespaces: ["*"],
            defaultVolumesToFsBackup: false,
        });
        expect(v.schedules.state.template).to.deep.include({
            ttl: "168h0m0s",
            includedNamespaces: ["apps"],
            defaultVolumesToFsBackup: true,
        });
        const prod = helmRelease(await planOf("prod"), "velero").inputs.values as any;
        expect(prod.schedules.state.template).to.deep.include({ ttl: "720h0m0s", includedNamespaces: ["shop"] });
    });

    it("runs in a privileged namespace only because of the node agent", async () => {
        const ns = resource(await cephVelero(), "kubernetes:core/v1:Namespace", "velero-ns").inputs as any;
        expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).to.equal("privileged");
    });
});

describe("backup locations", () => {
    it("are one bucket with a prefix per cluster and component, the same for normal and restore mode", () => {
        const prod = configOfStack("prod");
        const location = backupLocationOf(prod)!;
        expect(location.urls).to.deep.equal({
            postgres: "s3://groundwork-prod-backups/groundwork-prod/postgres",
            velero: "s3://groundwork-prod-backups/groundwork-prod/velero",
            vault: "s3://groundwork-prod-backups/groundwork-prod/vault",
            etcd: "s3://groundwork-prod-backups/groundwork-prod/etcd",
        });
        expect(backupLocationOf({ ...prod, restore: { enabled: true, targetTime: "2026-01-01T00:00:00Z" } } as any)).to.deep.equal(
            location,
        );
        expect(backupLocationOf(configOfStack("dev"))).to.equal(undefined);
    });
});
