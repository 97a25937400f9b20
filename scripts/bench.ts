import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";

// npm run bench: plan wall time, peak memory and resource count for dev, prod and a large config (every
// addon, ten node pools); then one paired, interleaved run of our EKS plan against the AWS CDK EKS
// Blueprints peer (bench/peer, a benchmark-only package outside the shipped one); then the growth curve
// (the large config with more node pools and tenant namespaces, a fitted fixed cost and cost per
// resource); then the test suite's time. Figures, not assertions, apart from the paired run's targets
// which are printed as met or not: keep docs/speed.md current.
//
//   npm run bench [-- --no-peer] [-- --no-growth] [-- --no-tests]     BENCH_RUNS=N (table 3, pairs 5)

const root = path.resolve(__dirname, "..");
const runner = path.join(root, "scripts/fast/run.cjs");
const peerDir = path.join(root, "bench/peer");
const largeConfig = "examples/eks-every-addon-benchmark.yaml";
const pairedConfig = "examples/eks-alb-autoscaling-tenants.yaml";
const targets: { name: string; stack: string; configFile?: string }[] = [
    { name: "dev", stack: "dev" },
    { name: "prod", stack: "prod" },
    { name: "large (every addon, 10 pools)", stack: "prod", configFile: largeConfig },
];
const envRuns = process.env.BENCH_RUNS ? Math.max(1, Number(process.env.BENCH_RUNS)) : undefined;
const runs = envRuns ?? 3;
const pairs = envRuns ?? 5;
const flag = (name: string) => process.argv.includes(name);

// The paired run's done-when targets: our wall time at most half the peer's, our peak memory at most the peer's.
const wallTarget = 0.5;
const memoryTarget = 1.0;

interface Sample {
    resources: number;
    peakRssMb: number;
    wallMs: number;
}
interface PlanSample extends Sample {
    importMs: number;
    planMs: number;
}

/** Runs node with args in its own process; its last stdout line is a JSON object with the figures. */
function spawnMeasured<T>(what: string, args: string[]): T & { wallMs: number } {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`${what} failed:\n${run.stderr}`);
    return { ...JSON.parse(run.stdout.trim().split("\n").pop()!), wallMs };
}

function measure(stack: string, configFile?: string): PlanSample {
    const args = [runner, "bench-plan", "--stack", stack, ...(configFile ? ["--config-file", configFile] : [])];
    return spawnMeasured<PlanSample>(`plan of ${configFile ?? stack}`, args);
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Least squares y = a + b·x. */
function leastSquares(xs: number[], ys: number[]): { a: number; b: number; r2: number } {
    const n = xs.length;
    const mx = xs.reduce((s, x) => s + x, 0) / n;
    const my = ys.reduce((s, y) => s + y, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
        sxy += (xs[i] - mx) * (ys[i] - my);
        sxx += (xs[i] - mx) ** 2;
        syy += (ys[i] - my) ** 2;
    }
    const b = sxx ? sxy / sxx : 0;
    return { a: my - b * mx, b, r2: syy && sxx ? (sxy * sxy) / (sxx * syy) : 1 };
}

function table(): void {
    console.log(`median of ${runs} runs\n`);
    console.log("config                          resources  process wall  plan only  peak RSS");
    for (const t of targets) {
        if (t.configFile && !fs.existsSync(path.join(root, t.configFile))) {
            console.log(`${t.name.padEnd(32)}(missing ${t.configFile})`);
            continue;
        }
        const samples = Array.from({ length: runs }, () => measure(t.stack, t.configFile));
        const m = (k: keyof PlanSample) => median(samples.map((s) => s[k]));
        console.log(
            `${t.name.padEnd(32)}${String(m("resources")).padStart(9)}  ${seconds(m("wallMs")).padStart(12)}  ${seconds(m("planMs")).padStart(9)}  ${m("peakRssMb").toFixed(0).padStart(5)} MB`,
        );
    }
}

/** bench/peer's node_modules, installed from its lock file when missing. False when it cannot be. */
function peerInstalled(): boolean {
    if (fs.existsSync(path.join(peerDir, "node_modules/@aws-quickstart/eks-blueprints"))) return true;
    console.log("installing the peer (npm ci --prefix bench/peer --no-audit --no-fund) ...");
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const run = spawnSync(npm, ["ci", "--prefix", peerDir, "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
    if (run.status !== 0) {
        console.log("peer install failed; skipping the paired run (npm run bench -- --no-peer to skip it on purpose)");
        return false;
    }
    return true;
}

function paired(): void {
    console.log(`\npaired run: ours (${pairedConfig}, stack prod) against the peer (AWS CDK EKS Blueprints, bench/peer/app.js)`);
    if (!peerInstalled()) return;
    const peerVersion = (name: string) => {
        try {
            return JSON.parse(fs.readFileSync(path.join(peerDir, "node_modules", name, "package.json"), "utf8")).version as string;
        } catch {
            return "?";
        }
    };
    console.log(
        `peer: @aws-quickstart/eks-blueprints ${peerVersion("@aws-quickstart/eks-blueprints")}, aws-cdk-lib ${peerVersion("aws-cdk-lib")}; ${pairs} rounds, interleaved, the first alternating\n`,
    );
    const ours: Sample[] = [];
    const peer: Sample[] = [];
    const runOurs = () => ours.push(measure("prod", pairedConfig));
    const runPeer = () => peer.push(spawnMeasured<Sample>("peer synth", [path.join(peerDir, "app.js")]));
    console.log("round  ours wall  ours RSS   peer wall  peer RSS");
    for (let i = 0; i < pairs; i++) {
        if (i % 2 === 0) {
            runOurs();
            runPeer();
        } else {
            runPeer();
            runOurs();
        }
        const o = ours[i];
        const p = peer[i];
        console.log(
            `${String(i + 1).padStart(5)}  ${seconds(o.wallMs).padStart(9)}  ${o.peakRssMb.toFixed(0).padStart(5)} MB  ${seconds(p.wallMs).padStart(9)}  ${p.peakRssMb.toFixed(0).padStart(5)} MB`,
        );
    }
    const m = (xs: Sample[], k: keyof Sample) => median(xs.map((s) => s[k]));
    const wallRatio = m(ours, "wallMs") / m(peer, "wallMs");
    const rssRatio = m(ours, "peakRssMb") / m(peer, "peakRssMb");
    console.log(`\n        resources  wall (median)  peak RSS (median)`);
    console.log(
        `ours    ${String(m(ours, "resources")).padStart(9)}  ${seconds(m(ours, "wallMs")).padStart(13)}  ${m(ours, "peakRssMb").toFixed(0).padStart(14)} MB`,
    );
    console.log(
        `peer    ${String(m(peer, "resources")).padStart(9)}  ${seconds(m(peer, "wallMs")).padStart(13)}  ${m(peer, "peakRssMb").toFixed(0).padStart(14)} MB`,
    );
    const verdict = (ratio: number, target: number) => (ratio <= target ? "met" : "NOT met");
    console.log(
        `ours/peer: wall ${wallRatio.toFixed(2)}× (target ≤ ${wallTarget}×: ${verdict(wallRatio, wallTarget)}), peak RSS ${rssRatio.toFixed(2)}× (target ≤ ${memoryTarget.toFixed(1)}×: ${verdict(rssRatio, memoryTarget)})`,
    );
}

/**
 * The large config grown step by step: n node pools and n tenant namespaces (each pool and each namespace
 * adds a fixed set of resources, so the resource count grows linearly with n). One plan per step.
 */
function growth(): void {
    const base = YAML.parse(fs.readFileSync(path.join(root, largeConfig), "utf8"));
    const steps = [1, 5, 10, 20, 40];
    const sizes = ["m6i.large", "m6i.xlarge", "m7i.large", "c6i.xlarge", "r6i.large"];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-growth-"));
    console.log(`\ngrowth curve: ${largeConfig} with n node pools and n tenant namespaces, one plan each\n`);
    console.log("    n  resources  process wall  plan only  peak RSS");
    const samples: PlanSample[] = [];
    measure("prod", largeConfig); // warm-up, not counted: the first plan after the peer pays for a cold file cache
    try {
        for (const n of steps) {
            const doc = structuredClone(base);
            const config = doc.config;
            config["groundwork:cluster"].nodePools = Array.from({ length: n }, (_, i) => ({
                name: `pool-${i + 1}`,
                size: sizes[i % sizes.length],
                min: 1,
                max: 6,
                desired: 2,
                diskGiB: 50,
                labels: { "groundwork.io/pool": `pool-${i + 1}` },
            }));
            config["groundwork:addons"].tenants = {
                enabled: true,
                platformAdminGroups: ["platform-admins"],
                readOnlyGroups: ["developers"],
                namespaces: Array.from({ length: n }, (_, i) => ({ name: `team-${i + 1}`, adminGroups: [`team-${i + 1}`] })),
            };
            const file = path.join(dir, `growth-${n}.yaml`);
            fs.writeFileSync(file, YAML.stringify(doc));
            const s = measure("prod", file);
            samples.push(s);
            console.log(
                `${String(n).padStart(5)}  ${String(s.resources).padStart(9)}  ${seconds(s.wallMs).padStart(12)}  ${seconds(s.planMs).padStart(9)}  ${s.peakRssMb.toFixed(0).padStart(5)} MB`,
            );
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    const xs = samples.map((s) => s.resources);
    const wall = leastSquares(
        xs,
        samples.map((s) => s.wallMs),
    );
    const plan = leastSquares(
        xs,
        samples.map((s) => s.planMs),
    );
    const rss = leastSquares(
        xs,
        samples.map((s) => s.peakRssMb),
    );
    console.log(
        `\nfit (least squares over resources): process wall ${seconds(wall.a)} fixed + ${wall.b.toFixed(2)} ms/resource (r² ${wall.r2.toFixed(2)}); ` +
            `plan only ${seconds(plan.a)} + ${plan.b.toFixed(2)} ms/resource (r² ${plan.r2.toFixed(2)}); ` +
            `peak RSS ${rss.a.toFixed(0)} MB fixed + ${(rss.b * 1024).toFixed(0)} KB/resource (${rss.b.toFixed(3)} MB, r² ${rss.r2.toFixed(2)})`,
    );
}

console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);
table();
if (!flag("--no-peer")) paired();
if (!flag("--no-growth")) growth();

if (!flag("--no-tests")) {
    const start = process.hrtime.bigint();
    // What `npm test` runs: the type check and mocha side by side (scripts/fast/test.cjs).
    const run = spawnSync(process.execPath, [path.join(root, "scripts/fast/test.cjs")], {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 256 * 2 ** 20,
    });
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    const summary = run.stdout.trim().split("\n").slice(-2).join("; ");
    console.log(`\nnpm test: ${secs.toFixed(1)} s wall (${summary})${run.status ? " (FAILED)" : ""}`);
}
