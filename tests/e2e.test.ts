import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { planOf, repoRoot, resources } from "./harness";

// .github/workflows/e2e.yml deploys the CI stack (Pulumi.ci.yaml) on kind and runs scripts/e2e/smoke.sh. It
// cannot run here, so what it relies on is checked against the CI stack's offline plan: the smoke test checks
// exactly the addons and namespaces the stack installs, kind forwards the ports Traefik listens on, and the
// kind node runs the stack's Kubernetes minor.

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
const smoke = read("scripts/e2e/smoke.sh");
const smokeList = (name: string) => (new RegExp(`^${name}="([^"]*)"`, "m").exec(smoke)?.[1] ?? "").split(" ").filter(Boolean).sort();
const ciConfig = (parse(read("Pulumi.ci.yaml")) as { config: Record<string, any> }).config;

describe("end-to-end workflow (kind)", () => {
    it("smoke-tests exactly the addons and namespaces the CI stack installs", async () => {
        const plan = await planOf("ci");
        expect(smokeList("ADDONS")).to.deep.equal([...(plan.outputs.addons as string[])].sort());
        const namespaces = resources(plan, "kubernetes:core/v1:Namespace").map((n) => (n.inputs.metadata as { name: string }).name);
        expect(smokeList("NAMESPACES")).to.deep.equal(namespaces.sort());
    });

    it("reaches Traefik through kind's port mappings, and Grafana's Ingress by the host the smoke test calls", () => {
        const kind = parse(read("scripts/e2e/kind.yaml")) as {
            name: string;
            nodes: { extraPortMappings: { containerPort: number; hostPort: number }[] }[];
        };
        const ports = ciConfig["groundwork:addons"].traefik.nodePorts;
        expect(kind.nodes[0].extraPortMappings).to.deep.include.members([
            { containerPort: ports.http, hostPort: 80, protocol: "TCP" },
            { containerPort: ports.https, hostPort: 443, protocol: "TCP" },
        ]);
        expect(ciConfig["groundwork:cluster"].existing.context).to.equal(`kind-${kind.name}`);
        expect(smoke).to.contain(`GRAFANA_HOST="${ciConfig["groundwork:addons"].monitoring.grafana.ingress.host}"`);
        expect(smoke).to.contain(`DATABASE="${ciConfig["groundwork:database"].databases[0].name}"`);
    });

    it("runs kind's node image of the stack's Kubernetes minor, and up, smoke, preview, destroy in that order", () => {
        const workflow = read(".github/workflows/e2e.yml");
        const image = /KIND_NODE_IMAGE: kindest\/node:v(\d+\.\d+)\.\d+/.exec(workflow)?.[1];
        expect(image).to.equal(ciConfig["groundwork:cluster"].kubernetesVersion);
        const steps = [
            "pulumi up --yes",
            "scripts/e2e/smoke.sh\n",
            "--expect-no-changes",
            "pulumi destroy --yes",
            "smoke.sh --destroyed",
        ].map((s) => workflow.indexOf(s));
        expect(steps.every((i) => i > 0)).to.equal(true);
        expect([...steps].sort((a, b) => a - b)).to.deep.equal(steps);
    });

    it("has a smoke test that shellcheck accepts", function () {
        if (spawnSync("shellcheck", ["--version"]).status !== 0) this.skip(); // .ci/run installs it
        const result = spawnSync("shellcheck", [path.join(repoRoot, "scripts/e2e/smoke.sh")], { encoding: "utf8" });
        expect(result.stdout + result.stderr).to.equal("");
    });
});
