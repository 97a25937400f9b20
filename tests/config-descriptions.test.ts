import { expect } from "chai";
import { configJsonSchema, projectName, secretRefMarker } from "../config/config";
import { stackFileJsonSchema } from "../config/json-schema";
import { referencePages } from "../scripts/lib/reference-docs";

// Every setting of the stack config explains itself where the user meets it: on hover in the editor (the
// JSON Schema's `description`, from the zod schema's `.describe()`) and in the generated reference pages.
// A setting added without a description fails here, by its path.

type Schema = Record<string, any>;

/** Every property at any depth (objects, list items, map entries, union branches) by its dotted path. */
function propertiesOf(schema: unknown, at: string): [string, Schema][] {
    if (Array.isArray(schema)) return schema.flatMap((s) => propertiesOf(s, at));
    if (!schema || typeof schema !== "object") return [];
    const s = schema as Schema;
    const found: [string, Schema][] = [];
    for (const [key, child] of Object.entries<Schema>(s.properties ?? {})) {
        const path = at ? `${at}.${key}` : key;
        found.push([path, child], ...propertiesOf(child, path));
    }
    if (s.items) found.push(...propertiesOf(s.items, `${at}[]`));
    if (s.additionalProperties && typeof s.additionalProperties === "object")
        found.push(...propertiesOf(s.additionalProperties, `${at}.<name>`));
    for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) found.push(...propertiesOf(branch, at));
    return found;
}

/** Each `groundwork:<section>` of the stack file's schema, and every setting under it. */
function settings(): [string, Schema][] {
    const config = (stackFileJsonSchema().properties as Schema).config.properties as Schema;
    const prefix = `${projectName}:`;
    return Object.entries<Schema>(config).flatMap(([key, schema]) => {
        const section = key.slice(prefix.length);
        return [[section, schema] as [string, Schema], ...propertiesOf(schema, section)];
    });
}

const described = (s: Schema) => typeof s.description === "string" && s.description.trim() !== "";

describe("config setting descriptions", () => {
    const all = settings();

    it("reach every setting of the stack file's JSON Schema, nested in lists and maps too", () => {
        expect(all.length).to.be.greaterThan(500);
        const paths = all.map(([path]) => path);
        expect(paths).to.include.members([
            "cluster.nodePools[].taints[].effect",
            "cluster.eks.nodePools.<name>.amiType",
            "addons.metallb.bgp.peers[].password",
        ]);
    });

    it("describe every setting, leaves and groups alike", () => {
        const missing = all.filter(([, schema]) => !described(schema)).map(([path]) => path);
        expect(
            missing,
            `settings without a description (add .describe(…) to the zod schema, then npm run config-schema):\n${missing.join("\n")}`,
        ).to.deep.equal([]);
    });

    it("say what a secret setting's config key holds", () => {
        // The stack file's schema drops the loader's secret marker; the settings schema keeps it.
        const secrets = propertiesOf(configJsonSchema(), "").filter(([, schema]) => schema[secretRefMarker]);
        expect(secrets.length).to.be.greaterThan(10);
        for (const [path, schema] of secrets) expect(schema.description, path).to.match(/secret config key (holding|with) \S+/i);
    });

    it("reach the reference pages: every row of every settings table has a description", () => {
        const empty: string[] = [];
        for (const page of referencePages().filter((p) => p.file !== "docs/reference/addons.md")) {
            const rows = page.text.split("\n").filter((line) => line.startsWith("| `"));
            expect(rows.length, page.file).to.be.greaterThan(0);
            for (const row of rows) {
                const cells = row
                    .split(/(?<!\\)\|/)
                    .slice(1, -1)
                    .map((c) => c.trim());
                if (cells[cells.length - 1] === "") empty.push(`${page.file}: ${cells[0]}`);
            }
        }
        expect(empty, `reference rows without a description:\n${empty.join("\n")}`).to.deep.equal([]);
    });
});
