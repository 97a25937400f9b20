// Shrinks a JSON Schema (a chart's values.schema.json, a CRD's openAPIV3Schema, a Kubernetes OpenAPI
// definition) to what validation reads: annotations (descriptions, titles, examples, defaults) go, every
// validation keyword stays. Keys are only dropped where they are schema keywords, never where they are
// property names (a property may well be called "description").

const annotations = new Set([
    "description",
    "title",
    "examples",
    "example",
    "default",
    "$comment",
    "markdownDescription",
    "deprecated",
    "readOnly",
    "writeOnly",
    "x-kubernetes-patch-strategy",
    "x-kubernetes-patch-merge-key",
]);

/** Keywords whose value is a map from a name to a schema. */
const schemaMaps = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"]);
/** Keywords whose value is a schema or a list of schemas. */
const schemaValued = new Set([
    "items",
    "additionalProperties",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
]);

export function compactSchema(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(compactSchema);
    if (!schema || typeof schema !== "object") return schema;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
        if (annotations.has(key)) continue;
        if (schemaMaps.has(key) && value && typeof value === "object") {
            out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, compactSchema(s)]));
        } else if (schemaValued.has(key)) {
            out[key] = compactSchema(value);
        } else {
            out[key] = value;
        }
    }
    return out;
}

/** JSON with sorted keys, so that regenerating an unchanged source gives a byte-identical file. */
export function stableJson(value: unknown): string {
    return `${JSON.stringify(sortKeys(value))}\n`;
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (!value || typeof value !== "object") return value;
    const map = value as Record<string, unknown>;
    return Object.fromEntries(
        Object.keys(map)
            .sort()
            .map((k) => [k, sortKeys(map[k])]),
    );
}
