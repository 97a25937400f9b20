import { expect } from "chai";
import { planOf, planOfConfig, configFileWith, resource, resources } from "./harness";
import { platformRuleGroups } from "../addons/monitoring/alert-rules";
import { images } from "../model/versions";
import type { Plan } from "../scripts/lib/offline";

// Backups that exist before you need them: etcd snapshots where the user runs etcd (Nova, bare
// metal) next to PostgreSQL, Velero and Vault, each with retention from config and a late-backup alert.

const cronJobs = (plan: Plan) => resources(plan, "kubernetes:batch/v1:CronJob");
const etcdJob = (plan: Plan) => cronJobs(plan).find((r) => (r.inputs.metadata as any).name === "etcd-snapshot");

describe("backups", () => {
    describe("etcd snapshots", () => {
        it("run on a control-plane node of Nova and bare metal, uploading to <bucket>/<cluster>/etcd with the configured retention", async () => {
            for (const file of ["examples/openstack-vms-kubeadm-vault.yaml", "examples/baremetal-kubeadm-cilium-ceph.yaml"]) {
                const plan = await planOf(file, "prod");
                const job = etcdJob(plan)!;
                expect(job, file).to.exist;
                const spec = job.inputs.spec as any;
                const pod = spec.jobTemplate.spec.template.spec;
                expect(pod.nodeSelector).to.deep.equal({ "node-role.kubernetes.io/control-plane": "" });
                expect(pod.tolerations).to.deep.include({
                    key: "node-role.kubernetes.io/control-plane",
                    operator: "Exists",
                    effect: "NoSchedule",
                });
                expect(pod.hostNetwork).to.equal(true);
                expect(pod.volumes).to.deep.include({
                    name: "etcd-pki",
                    hostPath: { path: "/etc/kubernetes/pki/etcd", type: "Directory" },
                });
                expect(pod.initContainers[0].image).to.equal(`${images.etcd.image}:${images.etcd.tag}`);
                expect(pod.initContainers[0].command).to.deep.equal(["etcdctl", "snapshot", "save", "/snapshots/etcd.db"]);
                const upload = pod.containers[0].command[2] as string;
                expect(upload).to.match(/s3:\/\/[a-z0-9-]+\/[a-z0-9-]+\/etcd\/etcd-\$now\.db/);
                expect(upload).to.contain("30 * 86400"); // prod's backups.retentionDays
                expect(spec.concurrencyPolicy).to.equal("Forbid");
            }
        });

        it("live in a privileged namespace (host network, host path, root)", async () => {
            const ns = resource(
                await planOf("examples/openstack-vms-kubeadm-vault.yaml", "prod"),
                "kubernetes:core/v1:Namespace",
                "etcd-backup-ns",
            );
            expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).to.equal("privileged");
        });

        it("are not created where the provider runs etcd (EKS, Magnum) or when backups are off", async () => {
            expect(etcdJob(await planOf("prod"))).to.equal(undefined);
            expect(etcdJob(await planOf("examples/magnum-jetstream2-gitops.yaml", "prod"))).to.equal(undefined);
            const off = await planOfConfig(
                configFileWith("examples/baremetal-kubeadm-cilium-ceph.yaml", {
                    "groundwork:environment": "dev",
                    "groundwork:backups": { enabled: false },
                    "groundwork:addons": { velero: { enabled: false } },
                }),
                "dev",
            );
            expect(etcdJob(off)).to.equal(undefined);
        });
    });

    describe("schedules and retention", () => {
        it("keeps PostgreSQL, Velero and Vault snapshots for backups.retentionDays", async () => {
            const plan = await planOf("prod");
            const store = resources(plan, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore")[0].inputs.spec as any;
            expect(store.retentionPolicy).to.equal("30d");
            const velero = resources(plan, "kubernetes:helm.sh/v3:Release").find((r) => r.name === "velero")!.inputs.values as any;
            expect(velero.schedules.resources.template.ttl).to.equal("720h0m0s");
            const vault = cronJobs(plan).find((r) => (r.inputs.metadata as any).name === "vault-raft-snapshot")!;
            expect(JSON.stringify(vault.inputs.spec)).to.contain("30 * 86400");
        });
    });

    describe("late-backup alerts", () => {
        const rules = platformRuleGroups({
            certificateExpiryDays: 14,
            backupMaxAgeHours: 26,
            volumeFreePercent: 10,
            replicationLagSeconds: 30,
        }).flatMap((g) => g.rules);
        const byName = (name: string) => rules.find((r) => r.alert === name)!;

        it("fire when any backup is older than backupMaxAgeHours: PostgreSQL, Velero, etcd, Vault", () => {
            for (const alert of ["PostgresBackupLate", "VeleroBackupLate", "EtcdSnapshotLate", "VaultSnapshotLate"]) {
                expect(byName(alert), alert).to.exist;
                expect(byName(alert).expr).to.contain(`> ${26 * 3600}`);
                expect(byName(alert).labels.severity).to.equal("critical");
            }
        });

        it("watch the snapshot CronJobs' last success through kube-state-metrics (no pushgateway)", () => {
            const etcd = byName("EtcdSnapshotLate").expr;
            const maxAge = 26 * 3600;
            const lastSuccess = `time() - kube_cronjob_status_last_successful_time{cronjob="etcd-snapshot"} > ${maxAge}`;
            expect(etcd.startsWith(`${lastSuccess} or `)).to.equal(true);
            // A CronJob that never succeeded has no last-success series: its age since creation counts instead.
            expect(etcd).to.contain(`time() - kube_cronjob_created{cronjob="etcd-snapshot"} > ${maxAge}`);
            expect(byName("VaultSnapshotLate").expr).to.contain('cronjob="vault-raft-snapshot"');
        });
    });
});
