import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { committedStacks } from "../scripts/stacks";
import { repoRoot, runCommand } from "./harness";

// The CI workflows are code the platform depends on: they must validate against GitHub's schema, pin
// every action to a commit, gate prod behind an environment, and cover every committed stack.

const workflowDir = path.join(repoRoot, ".github", "workflows");
const actionDir = path.join(repoRoot, ".github", "actions");
const workflowFiles = fs.readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f));
const actionFiles = fs.existsSync(actionDir)
    ? fs
          .readdirSync(actionDir)
          .map((d) => path.join(actionDir, d, "action.yml"))
          .filter((f) => fs.existsSync(f))
    : [];
const allFiles = [...workflowFiles.map((f) => path.join(workflowDir, f)), ...actionFiles];

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string; id?: string };
type Job = {
    steps?: Step[];
    environment?: string | { name: string };
    needs?: string | string[];
    permissions?: Record<string, string>;
    if?: string;
    strategy?: unknown;
};
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job>; env?: Record<string, string> };

const read = (name: string) => fs.readFileSync(path.join(workflowDir, name), "utf8");
const workflow = (name: string) => parse(read(name)) as Workflow;
const runs = (job: Job) => (job.steps ?? []).map((s) => s.run ?? "").join("\n");
const uses = (job: Job, action: string) => (job.steps ?? []).filter((s) => s.uses?.startsWith(`${action}@`));
const envName = (job: Job) => (typeof job.environment === "string" ? job.environment : job.environment?.name);

describe("GitHub workflows", () => {
    it("exist for pull requests, deploys, drift and DR drills", () => {
        expect(workflowFiles).to.include.members(["pull-request.yml", "deploy.yml", "drift.yml", "dr-drill.yml"]);
    });

    for (const file of allFiles) {
        it(`${path.relative(repoRoot, file)} validates (@action-validator/core)`, () => {
            const text = fs.readFileSync(file, "utf8");
            const result = file.endsWith("action.yml") ? validateAction(text) : validateWorkflow(text);
            expect(result.errors, JSON.stringify(result.errors, null, 2)).to.deep.equal([]);
        });

        it(`${path.relative(repoRoot, file)} pins every action to a commit SHA with a version comment`, () => {
            const lines = fs
                .readFileSync(file, "utf8")
                .split("\n")
                .filter((l) => /^\s*(-\s+)?uses:/.test(l));
            expect(lines, "uses no actions").to.not.be.empty;
            for (const line of lines) {
                const ref = /uses:\s*(\S+)/.exec(line)![1];
                if (ref.startsWith("./")) continue; // a composite action in this repository
                expect(line, line).to.match(/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+\.\d+\.\d+\s*$/);
            }
        });
    }

    it("pins each action to one SHA and version everywhere", () => {
        const pins = new Map<string, Set<string>>();
        for (const file of allFiles) {
            for (const m of fs.readFileSync(file, "utf8").matchAll(/uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40})\s+#\s*(v[\d.]+)/g)) {
                pins.set(m[1], (pins.get(m[1]) ?? new Set()).add(`${m[2]} ${m[3]}`));
            }
        }
        expect([...pins.keys()]).to.include.members([
            "actions/checkout",
            "actions/setup-node",
            "pulumi/actions",
            "actions/github-script",
            "aws-actions/configure-aws-credentials",
        ]);
        for (const [action, refs] of pins) expect([...refs], action).to.have.length(1);
    });

    it("pull requests: npm ci, npm test, offline plan + diff comment + policy per stack, pulumi preview with the policy pack", () => {
        const wf = workflow("pull-request.yml");
        expect(wf.on).to.have.property("pull_request");
        expect(runs(wf.jobs.test)).to.contain("npm test");
        expect(fs.readFileSync(path.join(actionDir, "setup", "action.yml"), "utf8")).to.contain("npm ci");
        const plan = runs(wf.jobs.plan);
        expect(plan)
            .to.contain("npm run plan -- --stack")
            .and.contain("npm run --silent diff --")
            .and.contain("--format markdown")
            .and.contain("npm run policy --");
        expect(plan).to.contain("git worktree add").and.contain("$BASE_SHA");
        expect(uses(wf.jobs.plan, "actions/github-script"), "posts the diff").to.have.length(1);
        expect(wf.jobs.plan.permissions).to.include({ "pull-requests": "write" });
        const [preview] = uses(wf.jobs.preview, "pulumi/actions");
        expect(preview.with).to.include({ command: "preview", "comment-on-pr": true, policyPacks: "policy" });
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
        expect(String(preview.with?.policyPackConfigs)).to.equal("policy/config/${{ matrix.environment }}.json");
        for (const job of [wf.jobs.plan, wf.jobs.preview]) expect(JSON.stringify(job)).to.contain("fromJSON(needs.stacks.outputs.matrix)");
        expect(runs(wf.jobs.stacks)).to.contain("run.cjs stacks");
        expect(plan, "the PR comment carries the platform graph").to.contain("npm run --silent graph --");
    });

    it("deploys on merge the dev stacks a runner can reach, then the prod stacks behind the production environment", () => {
        const wf = workflow("deploy.yml");
        expect(wf.on)
            .to.have.property("push")
            .that.deep.includes({ branches: ["main"] });
        const { dev, prod, stacks } = wf.jobs;
        for (const [job, env] of [
            [dev, "dev"],
            [prod, "prod"],
        ] as const) {
            expect(uses(job, "pulumi/actions")[0].with).to.include({
                command: "up",
                policyPacks: "policy",
                policyPackConfigs: `policy/config/${env}.json`,
            });
            expect(JSON.stringify(job.strategy)).to.contain(`fromJSON(needs.stacks.outputs.${env})`);
            expect(runs(job)).to.contain("npm run policy -- --stack");
        }
        expect(envName(prod)).to.equal("production");
        expect(envName(dev)).to.not.equal("production");
        expect([prod.needs].flat()).to.include("dev");
        // Only stacks whose cluster a hosted runner can reach: never a laptop's kind context.
        expect(runs(stacks)).to.contain("run.cjs stacks").and.contain(".reachableFromCi");
    });

    it("marks a stack on a local kubeconfig context as unreachable from CI, cloud stacks as reachable", () => {
        const run = runCommand("stacks", []);
        expect(run.status, run.stderr).to.equal(0);
        const stacks = JSON.parse(run.stdout) as { stack: string; reachableFromCi: boolean }[];
        expect(stacks.find((s) => s.stack === "dev")).to.include({ reachableFromCi: false }); // kind on a laptop
        expect(stacks.find((s) => s.stack === "prod")).to.include({ reachableFromCi: true }); // EKS
    });

    it("detects drift on a schedule and opens or updates an issue", () => {
        const wf = workflow("drift.yml");
        expect(wf.on).to.have.property("schedule");
        const job = wf.jobs.drift;
        const text = runs(job);
        expect(text).to.contain("pulumi refresh --yes").and.contain("pulumi preview --expect-no-changes");
        expect(text.indexOf("pulumi refresh")).to.be.below(text.indexOf("pulumi preview"));
        expect(job.permissions).to.include({ issues: "write" });
        const script = String(uses(job, "actions/github-script")[0].with?.script);
        expect(script).to.contain("issues.create").and.contain("issues.createComment");
    });

    it("runs the DR drill by hand, with an optional gated rebuild into a scratch stack", () => {
        const wf = workflow("dr-drill.yml");
        expect(wf.on).to.have.property("workflow_dispatch");
        expect(runs(wf.jobs.drill)).to.contain('npm run dr-drill -- --stack "$STACK"');
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
        expect(wf.env?.STACK).to.equal("${{ inputs.stack }}");
        expect(envName(wf.jobs.rebuild)).to.equal("production");
        expect(runs(wf.jobs.rebuild)).to.contain("restore.enabled true").and.contain("pulumi destroy");
    });

    it("uses OIDC for AWS (role-to-assume, id-token: write), never stored access keys", () => {
        for (const file of workflowFiles) {
            const wf = workflow(file);
            for (const [name, job] of Object.entries(wf.jobs)) {
                for (const step of uses(job, "aws-actions/configure-aws-credentials")) {
                    expect(step.with, `${file} ${name}`).to.have.property("role-to-assume");
                    expect(step.with, `${file} ${name}`).to.not.have.property("aws-access-key-id");
                    expect(job.permissions, `${file} ${name}`).to.include({ "id-token": "write" });
                }
            }
            expect(read(file)).to.not.match(/AWS_SECRET_ACCESS_KEY|aws-secret-access-key/);
        }
    });

    it("reads Pulumi state credentials from secrets only", () => {
        for (const file of workflowFiles) {
            const text = read(file);
            for (const m of text.matchAll(/(PULUMI_ACCESS_TOKEN|PULUMI_CONFIG_PASSPHRASE|PULUMI_BACKEND_URL):\s*(.+)/g)) {
                expect(m[2].trim(), `${file} ${m[1]}`).to.equal(`\${{ secrets.${m[1]} }}`);
            }
        }
    });

    it("has a policy config for the environment of every committed stack", () => {
        const stacks = committedStacks(repoRoot);
        expect(stacks.map((s) => s.stack)).to.include.members(["dev", "prod"]);
        for (const s of stacks)
            expect(fs.existsSync(path.join(repoRoot, "policy", "config", `${s.environment}.json`)), s.stack).to.equal(true);
    });
});
