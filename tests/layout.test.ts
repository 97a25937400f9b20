import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { repoRoot } from "./harness";

// The layout's one rule: data flows one way. Each source file has a layer, from its path; a file imports only
// files of its own layer or lower ones, and nothing imports in a circle, type-only imports included. The
// config side (everything up to the config rules) loads no Pulumi SDK at run time, so the config tools stay
// light. Helper files inside an addon or substrate folder count with its manifest when they load no Pulumi
// SDK (pure logic the manifest may use), with its component otherwise.

const upperConfig = /^config\/(rules|config|addon-manifests|addon-order|capacity|json-schema|substrate-rules|restore-rules)\.ts$/;

interface Layer {
    readonly name: string;
    readonly test: (file: string, pure: boolean) => boolean;
}

export const layers: readonly Layer[] = [
    { name: "model", test: (f) => f.startsWith("model/") },
    { name: "settings", test: (f) => /^(addons|substrates)\/[^/]+\/settings\.ts$/.test(f) },
    { name: "config core", test: (f) => f.startsWith("config/") && !upperConfig.test(f) && f !== "config/capabilities.ts" },
    {
        name: "substrate manifests",
        test: (f, pure) =>
            /^substrates\/[^/]+\/manifest\.ts$/.test(f) || (f.startsWith("substrates/") && !f.endsWith("/component.ts") && pure),
    },
    { name: "cluster facts", test: (f) => f === "config/capabilities.ts" },
    {
        name: "addon manifests",
        test: (f, pure) => /^addons\/[^/]+\/manifest\.ts$/.test(f) || (f.startsWith("addons/") && !f.endsWith("/component.ts") && pure),
    },
    { name: "config rules", test: (f) => upperConfig.test(f) },
    { name: "platform", test: (f) => f.startsWith("platform/") },
    { name: "components", test: (f) => f.startsWith("addons/") || f.startsWith("substrates/") },
    { name: "program", test: (f) => f.startsWith("program/") || f.startsWith("package/") || f === "index.ts" },
];
/** Layers up to here load no @pulumi/* package at run time (type imports are fine). */
const lastPureLayer = layers.findIndex((l) => l.name === "config rules");

interface Import {
    readonly target: string;
    /** The import can run code (not `import type`, not a type position). */
    readonly runtime: boolean;
}

interface SourceFile {
    readonly file: string;
    layer: number;
    readonly imports: readonly Import[];
    /** Packages it imports at run time. */
    readonly packages: readonly string[];
}

function parseImports(file: string): Pick<SourceFile, "imports" | "packages"> {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(repoRoot, file), "utf8"), ts.ScriptTarget.ES2022, true);
    const imports: Import[] = [];
    const packages: string[] = [];
    const visit = (node: ts.Node) => {
        let spec: string | undefined;
        let runtime = true;
        if (
            (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
            node.moduleSpecifier &&
            ts.isStringLiteral(node.moduleSpecifier)
        ) {
            spec = node.moduleSpecifier.text;
            runtime = ts.isImportDeclaration(node) ? !node.importClause?.isTypeOnly && !onlyTypes(node) : !node.isTypeOnly;
        } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
            spec = node.name.text; // `declare module "…"` augments that module: an edge at the type level
            runtime = false;
        } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
            spec = node.argument.literal.text;
            runtime = false;
        }
        if (spec?.startsWith(".")) imports.push({ target: resolve(file, spec), runtime });
        else if (spec && runtime) packages.push(spec);
        ts.forEachChild(node, visit);
    };
    visit(source);
    return { imports, packages };
}

function onlyTypes(node: ts.ImportDeclaration): boolean {
    const bindings = node.importClause?.namedBindings;
    return (
        !node.importClause?.name &&
        !!bindings &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((e) => e.isTypeOnly)
    );
}

function resolve(from: string, spec: string): string {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
    for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
        const full = path.join(repoRoot, candidate);
        if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
    }
    return base;
}

export function sourceFiles(): SourceFile[] {
    const files: string[] = ["index.ts"];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
            const rel = path.posix.join(dir, entry.name);
            if (entry.isDirectory()) walk(rel);
            else if (rel.endsWith(".ts")) files.push(rel);
        }
    };
    for (const dir of ["model", "config", "substrates", "addons", "platform", "program", "package"]) walk(dir);
    const parsed = files.map((file) => ({ file, layer: -1, ...parseImports(file) }));
    const byFile = new Map(parsed.map((f) => [f.file, f]));
    // Pure: no @pulumi package at run time, in the file or anything it runs.
    const pure = new Map<string, boolean>();
    const isPure = (file: string, seen = new Set<string>()): boolean => {
        if (pure.has(file)) return pure.get(file)!;
        const f = byFile.get(file);
        if (!f || seen.has(file)) return true;
        seen.add(file);
        const result =
            !f.packages.some((p) => p.startsWith("@pulumi/")) && f.imports.filter((i) => i.runtime).every((i) => isPure(i.target, seen));
        pure.set(file, result);
        return result;
    };
    for (const f of parsed) f.layer = layers.findIndex((l) => l.test(f.file, isPure(f.file)));
    return parsed;
}

/** Import cycles: strongly connected components of more than one file, or a file importing itself. */
export function importCycles(files: readonly Pick<SourceFile, "file" | "imports">[]): string[][] {
    const edges = new Map(files.map((f) => [f.file, f.imports.map((i) => i.target)]));
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const connect = (v: string) => {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
        for (const w of edges.get(v) ?? []) {
            if (!edges.has(w)) continue;
            if (!index.has(w)) {
                connect(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
        if (low.get(v) !== index.get(v)) return;
        const component: string[] = [];
        let w: string;
        do {
            w = stack.pop()!;
            onStack.delete(w);
            component.push(w);
        } while (w !== v);
        if (component.length > 1 || edges.get(v)!.includes(v)) cycles.push(component.sort());
    };
    for (const v of edges.keys()) if (!index.has(v)) connect(v);
    return cycles;
}

/** Imports of a higher layer, as "file (layer) imports file (layer)". */
export function upwardImports(files: readonly SourceFile[]): string[] {
    const byFile = new Map(files.map((f) => [f.file, f]));
    return files.flatMap((f) =>
        f.imports
            .map((i) => byFile.get(i.target))
            .filter((t): t is SourceFile => !!t && t.layer > f.layer)
            .map((t) => `${f.file} (${layers[f.layer].name}) imports ${t.file} (${layers[t.layer].name})`),
    );
}

describe("layout: one direction, no cycles", () => {
    const files = sourceFiles();

    it("puts every source file in a layer", () => {
        expect(files.filter((f) => f.layer < 0).map((f) => f.file)).to.deep.equal([]);
        expect(files.length).to.be.greaterThan(150);
    });

    it("has no import cycle, type-only imports included", () => {
        expect(importCycles(files).map((c) => c.join(" → "))).to.deep.equal([]);
    });

    it("never imports a higher layer", () => {
        expect(upwardImports(files)).to.deep.equal([]);
    });

    it("loads no Pulumi SDK on the config side (schema, manifests, validation)", () => {
        const heavy = files
            .filter((f) => f.layer <= lastPureLayer)
            .flatMap((f) => f.packages.filter((p) => p.startsWith("@pulumi/")).map((p) => `${f.file} imports ${p}`));
        expect(heavy).to.deep.equal([]);
    });

    it("catches a planted cycle and a planted upward import", () => {
        const plant = (file: string, target: string) =>
            files.map((f) => (f.file === file ? { ...f, imports: [...f.imports, { target, runtime: false }] } : f));
        expect(importCycles(plant("model/names.ts", "config/types.ts"))).to.have.length.greaterThan(0);
        expect(upwardImports(plant("config/types.ts", "platform/addon.ts"))).to.include(
            "config/types.ts (config core) imports platform/addon.ts (platform)",
        );
    });
});
