import { expect } from "chai";
import * as path from "node:path";
import { repoRoot } from "./harness";
import { readStackConfigFile, runOffline, stackConfigPath, type Plan, type StackConfigFile } from "../scripts/lib/offline";
import { drillExitCode, drillReport, formatDrillReport, withRestore } from "../scripts/lib/dr-drill";
import { groundwork } from "../program";

// The drill (npm run dr-drill): restore mode of a stack must differ from normal mode only in the restore
// settings; anything else fails it with the unexpected differences listed.

async function plansOf(config: StackConfigFile, stack = "prod"): Promise<{ normal: Plan; restore: Plan }> {
    return {
        normal: await runOffline(stack, withRestore(config, false), groundwork),
        restore: await runOffline(stack, withRestore(config, true), groundwork),
    };
}

const prodConfig = () => readStackConfigFile(stackConfigPath("prod", repoRoot));

describe("dr-drill", () => {
    let prod: { normal: Plan; restore: Plan };
    before(async () => {
        prod = await plansOf(prodConfig());
    });

    it("finds only restore settings between prod's normal and restore plans", () => {
        const report = drillReport(prod.normal, prod.restore);
        expect(report.unexpected, formatDrillReport(report)).to.deep.equal([]);
        expect(drillExitCode(report)).to.equal(0);
        const what = report.expected.map((d) => `${d.kind} ${d.type} ${d.path ?? ""}`.trim());
        expect(what).to.include.members([
            "add kubernetes:velero.io/v1:Restore",
            "add kubernetes:batch/v1:Job",
            "change kubernetes:postgresql.cnpg.io/v1:Cluster spec.bootstrap.recovery",
            "change kubernetes:postgresql.cnpg.io/v1:Cluster spec.externalClusters",
            "change kubernetes:postgresql.cnpg.io/v1:Cluster spec.plugins[0].parameters.serverName",
        ]);
        expect(formatDrillReport(report)).to.contain("OK: a rebuild in restore mode creates the same platform");
    });

    it("accepts the staging issuer and a point-in-time target as restore settings", async () => {
        const config = prodConfig();
        const restore = JSON.stringify({ useStagingCertificates: true, targetTime: "2026-01-15T08:30:00Z" });
        const plans = await plansOf({ ...config, values: { ...config.values, "groundwork:restore": restore } });
        const report = drillReport(plans.normal, plans.restore);
        expect(report.unexpected, formatDrillReport(report)).to.deep.equal([]);
        expect(report.expected.some((d) => d.path?.endsWith('["cert-manager.io/cluster-issuer"]'))).to.equal(true);
    });

    it("fails with the unexpected difference listed when restore mode changes anything else", () => {
        const tampered: Plan = JSON.parse(JSON.stringify(prod.restore));
        const release = tampered.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "traefik")!;
        (release.inputs.values as Record<string, unknown>).replicas = 7;
        tampered.resources = tampered.resources.filter((r) => r.name !== "metrics-server");
        const report = drillReport(prod.normal, tampered);
        expect(drillExitCode(report)).to.equal(1);
        const text = formatDrillReport(report);
        expect(text).to.contain("FAIL");
        expect(report.unexpected.map((d) => `${d.kind} ${d.name} ${d.path ?? ""}`.trim())).to.include.members([
            "change traefik values.replicas",
            "remove metrics-server",
        ]);
    });

    it("does not allow an unlisted resource to appear in restore mode", () => {
        const tampered: Plan = JSON.parse(JSON.stringify(prod.restore));
        const extra = {
            ...tampered.resources.find((r) => r.name === "traefik")!,
            urn: "urn:pulumi:prod::groundwork::kubernetes:core/v1:ConfigMap::surprise",
            type: "kubernetes:core/v1:ConfigMap",
            name: "surprise",
        };
        tampered.resources.push(extra);
        expect(drillReport(prod.normal, tampered).unexpected.map((d) => d.name)).to.include("surprise");
    });

    it("sets restore.enabled without dropping the rest of the restore section", () => {
        const config: StackConfigFile = {
            values: { "groundwork:restore": JSON.stringify({ enabled: false, generation: 2 }) },
            secretKeys: [],
        };
        expect(JSON.parse(withRestore(config, true).values["groundwork:restore"])).to.deep.equal({ enabled: true, generation: 2 });
        expect(JSON.parse(withRestore({ values: {}, secretKeys: [] }, true).values["groundwork:restore"])).to.deep.equal({ enabled: true });
    });

    it("drills the OpenStack reference platforms too", async () => {
        for (const file of ["examples/magnum-jetstream2-gitops.yaml", "examples/openstack-vms-kubeadm-vault.yaml"]) {
            const plans = await plansOf(readStackConfigFile(path.join(repoRoot, file)));
            const report = drillReport(plans.normal, plans.restore);
            expect(report.unexpected, `${file}\n${formatDrillReport(report)}`).to.deep.equal([]);
        }
    });
});
