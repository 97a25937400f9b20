import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "./lib/args";
import { compactSchema, stableJson } from "./lib/conformance/compact-schema";
import { kubernetesSchemasDir } from "./lib/conformance/kubernetes-schemas";

// node scripts/fast/run.cjs kubernetes-schemas <schema folder> [--out conformance/kubernetes]
//
// Vendors, compacted, the schemas the kubernetes-schema conformance check validates planned objects with:
//  - kubernetes-<minor>.json: the OpenAPI definitions of the built-in kinds the program creates (and the types
//    they reference), from Kubernetes' own api/openapi-spec/swagger.json at that minor;
//  - crds/<group>_<Kind>.json: each CRD's openAPIV3Schema per served version, from the CRD manifest of the
//    release the program pins (the chart's crds/ or templates/, or the project's config/crd/bases).
// (Defaults charts merge into the objects they render come from the chart contracts' values.yaml.)
//
// The input folder holds one JSON per source: index.json ({ kinds: {"<group>/<Kind>": file}, builtins: file });
// the built-ins file ({ source, definitions }); per CRD ({ group, kind, scope,
// source, versions: [{ name, served }], schemas: { <version>: openAPIV3Schema } }). The committed files were
// generated on 2026-12-05 from the team's extraction of exactly those upstream files at the pinned versions
// (each file's `source` names repository, tag and path). When a chart or the Kubernetes minor moves, extract
// the new version's CRDs/swagger the same way and run this script again.

interface CrdSource {
    group: string;
    kind: string;
    scope: string;
    source: string;
    versions: { name: string; served: boolean }[];
    schemas: Record<string, unknown>;
}

function main(argv: string[]): number {
    const { flags, positional } = parseArgs(argv, ["out"]);
    if (positional.length !== 1) {
        console.error("usage: node scripts/fast/run.cjs kubernetes-schemas <schema folder> [--out conformance/kubernetes]");
        return 1;
    }
    const from = positional[0];
    const out = flags.out ?? kubernetesSchemasDir;
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(from, file), "utf8"));
    const index = read("index.json") as { kinds: Record<string, string>; builtins: string };

    fs.mkdirSync(path.join(out, "crds"), { recursive: true });
    const builtins = read(index.builtins) as { source: string; definitions: Record<string, unknown> };
    const minor = /1\.\d+/.exec(index.builtins)?.[0] ?? "unknown";
    fs.writeFileSync(
        path.join(out, `kubernetes-${minor}.json`),
        stableJson({
            source: builtins.source,
            definitions: Object.fromEntries(Object.entries(builtins.definitions).map(([k, v]) => [k, compactSchema(v)])),
        }),
    );
    for (const file of Object.values(index.kinds)) {
        const crd = read(file) as CrdSource;
        const served = crd.versions.filter((v) => v.served).map((v) => v.name);
        fs.writeFileSync(
            path.join(out, "crds", `${crd.group}_${crd.kind}.json`),
            stableJson({
                group: crd.group,
                kind: crd.kind,
                scope: crd.scope,
                source: crd.source,
                schemas: Object.fromEntries(served.map((v) => [v, compactSchema(crd.schemas[v])])),
            }),
        );
    }
    console.log(
        `${out}: Kubernetes ${minor} (${Object.keys(builtins.definitions).length} definitions), ` +
            `${Object.keys(index.kinds).length} CRDs`,
    );
    return 0;
}

process.exit(main(process.argv.slice(2)));
