import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as catalog from "../model/versions";
import { repoRoot } from "./harness";

// Renovate can only bump what its regexes find. These tests run renovate.json's own matchStrings over
// model/versions.ts and check them against the imported catalog: every annotated pin is found, with
// the right dependency and the version the program actually deploys.

interface Manager {
    customType: string;
    managerFilePatterns: string[];
    matchStrings: string[];
    datasourceTemplate?: string;
    depNameTemplate?: string;
}
interface Rule {
    matchDepNames?: string[];
    matchDatasources?: string[];
    matchManagers?: string[];
    matchDepTypes?: string[];
    matchUpdateTypes?: string[];
    groupName?: string;
    automerge?: boolean;
    enabled?: boolean;
}
const config = JSON.parse(fs.readFileSync(path.join(repoRoot, "renovate.json"), "utf8")) as {
    customManagers: Manager[];
    packageRules: Rule[];
    automerge?: boolean;
};
const versionsFile = "model/versions.ts";
const source = fs.readFileSync(path.join(repoRoot, versionsFile), "utf8");

/** Renovate's `/regex/` file patterns, applied to a repository path. */
const managesFile = (m: Manager, file: string) => m.managerFilePatterns.some((p) => new RegExp(p.slice(1, -1)).test(file));

interface Found {
    index: number;
    depName: string;
    datasource: string;
    currentValue: string;
    registryUrl?: string;
    packageName?: string;
    kind: number;
}

function extract(manager: Manager, text: string): Found[] {
    const found = new Map<number, Found>();
    manager.matchStrings.forEach((pattern, kind) => {
        for (const m of text.matchAll(new RegExp(pattern, "g"))) {
            const g = m.groups ?? {};
            if (!found.has(m.index!)) {
                found.set(m.index!, {
                    index: m.index!,
                    kind,
                    depName: g.depName,
                    datasource: g.datasource,
                    currentValue: g.currentValue,
                    registryUrl: g.registryUrl,
                    packageName: g.packageName,
                });
            }
        }
    });
    return [...found.values()].sort((a, b) => a.index - b.index);
}

/** Every object reachable from the catalog's exports that satisfies `is`. */
function collect<T>(is: (v: any) => boolean): T[] {
    const out = new Set<T>();
    const visit = (v: unknown) => {
        if (typeof v !== "object" || v === null) return;
        if (is(v)) out.add(v as T);
        else for (const child of Object.values(v)) visit(child);
    };
    for (const v of Object.values(catalog)) visit(v);
    return [...out];
}

const catalogManager = config.customManagers.find((m) => managesFile(m, versionsFile))!;
const found = extract(catalogManager, source);
const annotations = source.split("\n").filter((l) => /\/\/\s*renovate: datasource=/.test(l));

describe("renovate.json", () => {
    it("has a regex custom manager for the version catalog", () => {
        expect(catalogManager, "a manager whose managerFilePatterns match model/versions.ts").to.exist;
        expect(catalogManager.customType).to.equal("regex");
    });

    it("matches every `// renovate:` annotation exactly once", () => {
        expect(annotations.length).to.be.greaterThan(10);
        expect(found).to.have.length(annotations.length);
        for (const f of found) {
            expect(f.datasource, source.slice(f.index, f.index + 120)).to.be.a("string");
            expect(f.depName).to.be.a("string");
            expect(f.currentValue).to.match(/^[\w.+-]+$/);
        }
    });

    it("finds every chart pin of the catalog with its chart and version", () => {
        const pins = collect<catalog.ChartPin>(
            (v) => typeof v.chart === "string" && typeof v.repo === "string" && typeof v.version === "string",
        );
        const chartMatches = found.filter((f) => f.kind === 0);
        expect(chartMatches).to.have.length(pins.length);
        for (const pin of pins) {
            const match = chartMatches.find(
                (f) => f.currentValue === pin.version && (f.depName === pin.chart || f.depName.endsWith(`/${pin.chart}`)),
            );
            expect(match, `${pin.chart} ${pin.version}`).to.exist;
            if (match!.datasource === "helm")
                expect(match!.registryUrl?.replace(/\/$/, ""), pin.chart).to.equal(pin.repo.replace(/\/$/, ""));
        }
    });

    it("finds every image pin of the catalog with its image and tag", () => {
        const pins = collect<catalog.ImagePin>((v) => typeof v.image === "string" && typeof v.tag === "string");
        const imageMatches = found.filter((f) => f.kind === 1);
        expect(imageMatches).to.have.length(pins.length);
        for (const pin of pins)
            expect(
                imageMatches.some((f) => f.depName === pin.image && f.currentValue === pin.tag && f.datasource === "docker"),
                `${pin.image}:${pin.tag}`,
            ).to.equal(true);
    });

    it("finds every EKS managed add-on pin per Kubernetes minor", () => {
        const pins = collect<catalog.EksAddonPin>((v) => typeof v.addonName === "string" && typeof v.versions === "object");
        const eksMatches = found.filter((f) => f.datasource === "aws-eks-addon");
        expect(eksMatches).to.have.length(pins.reduce((n, p) => n + Object.keys(p.versions).length, 0));
        for (const pin of pins) {
            for (const [minor, version] of Object.entries(pin.versions)) {
                const match = eksMatches.find(
                    (f) =>
                        JSON.parse(f.packageName ?? "{}").addonName === pin.addonName &&
                        JSON.parse(f.packageName!).kubernetesVersion === minor,
                );
                expect(match?.currentValue, `${pin.addonName} ${minor}`).to.equal(version);
            }
        }
    });

    it("reads only versions the catalog really deploys", () => {
        const strings = new Set<string>();
        const visit = (v: unknown) => {
            if (typeof v === "string") strings.add(v);
            else if (typeof v === "object" && v !== null) Object.values(v).forEach(visit);
        };
        Object.values(catalog).forEach(visit);
        for (const f of found)
            expect(
                [...strings].some((s) => s === f.currentValue || s.endsWith(`@${f.currentValue}`)),
                `${f.depName} ${f.currentValue}`,
            ).to.equal(true);
    });

    it("groups updates per addon, only naming dependencies the catalog has", () => {
        const known = new Set([...found.map((f) => f.depName), "pulumi/pulumi", "@pulumi/pulumi"]);
        const groups = config.packageRules.filter((r) => r.groupName && r.matchDepNames);
        expect(groups.length).to.be.greaterThan(5);
        for (const rule of groups)
            for (const dep of rule.matchDepNames!) expect(known.has(dep), `${rule.groupName}: ${dep}`).to.equal(true);
        expect(config.packageRules.some((r) => r.matchDatasources?.includes("aws-eks-addon") && r.groupName)).to.equal(true);
    });

    it("keeps per-minor pins (allowedVersions) on their minor", () => {
        const perMinor = new Set(annotations.filter((l) => l.includes("allowedVersions=")).map((l) => /depName=(\S+)/.exec(l)![1]));
        const rule = config.packageRules.find((r) => r.enabled === false && r.matchUpdateTypes?.includes("minor"));
        expect(rule, "a rule disabling minor/major updates of per-minor pins").to.exist;
        for (const dep of perMinor) expect(rule!.matchDepNames, dep).to.include(dep);
    });

    it("never automerges Kubernetes minor upgrades and groups npm devDependencies", () => {
        expect(config.automerge).to.equal(false);
        const k8s = config.packageRules.filter((r) => r.matchUpdateTypes?.includes("minor") && r.automerge === false);
        expect(k8s.flatMap((r) => r.matchDepNames ?? [])).to.include.members(["kube-proxy", "coredns", "kubernetes/kubernetes"]);
        // Rules apply in order: nothing after the Kubernetes rule may switch automerge back on.
        const last = config.packageRules.map((r) => r.automerge === false && !!r.matchDepNames?.includes("kube-proxy")).lastIndexOf(true);
        expect(config.packageRules.slice(last + 1).some((r) => r.automerge === true)).to.equal(false);
        const dev = config.packageRules.find((r) => r.matchDepTypes?.includes("devDependencies") && r.groupName);
        expect(dev?.matchManagers).to.deep.equal(["npm"]);
    });

    it("tracks the Pulumi CLI version CI installs, equal to the SDK's", () => {
        const manager = config.customManagers.find((m) => managesFile(m, ".pulumi.version"))!;
        const text = fs.readFileSync(path.join(repoRoot, ".pulumi.version"), "utf8");
        const [match] = extract(manager, text);
        const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
        expect(match.currentValue).to.equal(pkg.dependencies["@pulumi/pulumi"]);
    });
});
