import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// npm run bench: plan wall time, peak memory and resource count for dev, prod and a large config (every
// addon, ten node pools), then the test suite's time. Figures, not assertions: compare them by eye and
// keep docs/speed.md current.

const root = path.resolve(__dirname, "..");
const runner = path.join(root, "scripts/fast/run.cjs");
const targets: { name: string; stack: string; configFile?: string }[] = [
    { name: "dev", stack: "dev" },
    { name: "prod", stack: "prod" },
    { name: "large (examples/eks-every-addon-benchmark.yaml)", stack: "prod", configFile: "examples/eks-every-addon-benchmark.yaml" },
];
const runs = Number(process.env.BENCH_RUNS ?? 3);

interface Sample {
    resources: number;
    importMs: number;
    planMs: number;
    peakRssMb: number;
    wallMs: number;
}

function measure(stack: string, configFile?: string): Sample {
    const args = [runner, "bench-plan", "--stack", stack, ...(configFile ? ["--config-file", configFile] : [])];
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`plan of ${configFile ?? stack} failed:\n${run.stderr}`);
    return { ...JSON.parse(run.stdout.trim().split("\n").pop()!), wallMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; median of ${runs} runs\n`);
console.log("config                          resources  process wall  plan only  peak RSS");
for (const t of targets) {
    if (t.configFile && !fs.existsSync(path.join(root, t.configFile))) {
        console.log(`${t.name.padEnd(32)}(missing ${t.configFile})`);
        continue;
    }
    const samples = Array.from({ length: runs }, () => measure(t.stack, t.configFile));
    const m = (k: keyof Sample) => median(samples.map((s) => s[k]));
    console.log(
        `${t.name.padEnd(32)}${String(m("resources")).padStart(9)}  ${(m("wallMs") / 1000).toFixed(2).padStart(10)} s  ${(m("planMs") / 1000).toFixed(2).padStart(7)} s  ${m("peakRssMb").toFixed(0).padStart(5)} MB`,
    );
}

if (!process.argv.includes("--no-tests")) {
    const start = process.hrtime.bigint();
    const run = spawnSync(path.join(root, "node_modules/.bin/mocha"), [], { cwd: root, encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const passing = /(\d+) passing/.exec(run.stdout)?.[1] ?? "?";
    console.log(`\ntest suite (mocha, without the type check): ${seconds.toFixed(1)} s, ${passing} passing${run.status ? " (FAILED)" : ""}`);
}
