import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { planToJson, readStackConfigFile, runOffline } from "../scripts/lib/offline";
import { groundwork } from "../program";
import { planOf, repoRoot, runCommand, stackConfigWith, writeTempConfig } from "./harness";

// The offline plan is a contract (ARCHITECTURE.md): its format, its determinism and its secrecy are
// what PR diffs, policies and wave analysis rely on.

const stacks = ["dev", "prod"];
const validator = path.resolve(repoRoot, "../shared/tools/validate-plan.js");

describe("offline plan", () => {
    for (const stack of stacks) {
        describe(stack, () => {
            it("follows the plan format (shared/tools/validate-plan.js)", async function () {
                if (!fs.existsSync(validator)) this.skip();
                const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), `${stack}.json`);
                fs.writeFileSync(file, planToJson(await planOf(stack)));
                const out = execFileSync(process.execPath, [validator, file], { encoding: "utf8" });
                expect(out).to.contain("format ok");
            });

            it("is byte-identical across two runs", async () => {
                const first = planToJson(
                    await runOffline(stack, readStackConfigFile(path.join(repoRoot, `Pulumi.${stack}.yaml`)), groundwork),
                );
                const second = planToJson(
                    await runOffline(stack, readStackConfigFile(path.join(repoRoot, `Pulumi.${stack}.yaml`)), groundwork),
                );
                expect(second).to.equal(first);
            });

            it("contains no secret value in plain text", async () => {
                const text = planToJson(await planOf(stack));
                // Offline, secret config values and generated secrets carry recognisable placeholders.
                expect(text).to.not.match(/offline-placeholder-for-|offline-secret-/);
                const plan = await planOf(stack);
                expect(plan.outputs.kubeconfig).to.equal("[secret]");
            });

            it("records the cluster's provider on every Kubernetes resource", async () => {
                const plan = await planOf(stack);
                const k8sResources = plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
                expect(k8sResources).to.not.be.empty;
                for (const r of k8sResources) expect(r.provider, r.urn).to.match(/pulumi:providers:kubernetes::/);
            });
        });
    }

    describe("command line", () => {
        it("writes the plan and prints a summary per component and type", () => {
            const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "dev.json");
            const { stdout, stderr, status } = runCommand("plan", ["--stack", "dev", "--out", out]);
            expect(status, stderr).to.equal(0);
            expect(stdout)
                .to.match(/groundwork\/dev: \d+ resources/)
                .and.contain("per component:")
                .and.contain("per type:");
            expect(JSON.parse(fs.readFileSync(out, "utf8")).stack).to.equal("dev");
        });

        it("refuses a config with three mistakes in one message, exits non-zero and writes no plan", () => {
            const config = stackConfigWith("dev", {
                "groundwork:cluster": { kubernetesVersion: "v1.33" },
                "groundwork:network": { podCidr: "10.0.0.0/33" },
                "groundwork:addons": { certManager: { replicas: "two" } },
            });
            const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "bad.json");
            const run = runCommand("plan", ["--stack", "dev", "--config-file", writeTempConfig(config), "--out", out]);
            expect(run.status).to.equal(1);
            expect(run.stderr).to.contain("The stack config has 3 problems");
            expect(run.stderr).to.contain(`cluster.kubernetesVersion: expected a Kubernetes minor version such as "1.33", got "v1.33"`);
            expect(run.stderr).to.contain('network.podCidr: expected a CIDR such as 10.0.0.0/16, got "10.0.0.0/33"');
            expect(run.stderr).to.contain('addons.certManager.replicas: expected a number, got "two"');
            expect(run.stderr).to.not.match(/\bat .*\.ts:\d+/); // no stack trace
            expect(fs.existsSync(out)).to.equal(false);
        });

        it("names an unknown option", () => {
            const run = runCommand("plan", ["--stak", "dev"]);
            expect(run.status).to.equal(1);
            expect(run.stderr).to.contain("unknown option --stak");
        });

        it("plans many configs in one process, each exactly as a plan of its own", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plans-"));
            const files = ["examples/production-checklist.yaml", "examples/eks-alb-autoscaling-tenants.yaml"];
            const run = runCommand("plan", ["--stack", "prod", "--out-dir", dir, ...files]);
            expect(run.status, run.stderr).to.equal(0);
            for (const file of files) {
                const written = fs.readFileSync(path.join(dir, `${path.basename(file, ".yaml")}.json`), "utf8");
                expect(written, file).to.equal(planToJson(await planOf(file, "prod")));
            }
        });
    });
});
