import { configJsonSchema, projectName } from "./config";

// The JSON Schema of a whole Pulumi.<stack>.yaml file, for editors (YAML language server):
//   # yaml-language-server: $schema=./schema/stack-config.schema.json
// Environment profiles fill most settings, so only `environment` and `substrate` are required here; the
// program's own validation is the authority.

export function stackFileJsonSchema(): Record<string, unknown> {
    const settings = structuredClone(configJsonSchema());
    const properties: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries<any>(settings.properties)) properties[`${projectName}:${key}`] = withoutRequired(schema);
    const secretValue = { type: "object", properties: { secure: { type: "string" } }, required: ["secure"], additionalProperties: false };
    return {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        title: "groundwork stack config (Pulumi.<stack>.yaml)",
        type: "object",
        properties: {
            secretsprovider: { type: "string" },
            encryptedkey: { type: "string" },
            encryptionsalt: { type: "string" },
            config: {
                type: "object",
                properties,
                required: [`${projectName}:environment`, `${projectName}:substrate`],
                // Other providers' keys (aws:region) and secrets referenced by secret settings.
                patternProperties: {
                    [`^${projectName}:`]: secretValue,
                    "^[a-z0-9-]+:": {},
                },
                additionalProperties: false,
            },
        },
        additionalProperties: false,
    };
}

function withoutRequired(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(withoutRequired);
    if (!schema || typeof schema !== "object") return schema;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) if (k !== "required") out[k] = withoutRequired(v);
    return out;
}
