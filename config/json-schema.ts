import { configJsonSchema, secretRefMarker } from "./config";
import { otherNamespaces, projectName } from "./namespaces";
import { secretKeyName } from "../model/primitives";

// The JSON Schema of a whole Pulumi.<stack>.yaml file, for editors (YAML language server):
//   # yaml-language-server: $schema=./schema/stack-config.schema.json
// and for strict JSON Schema 2020-12 validators (tests/stack-file.test.ts validates every committed stack
// file with one). Environment profiles fill most settings, so only `environment` and `substrate` are
// required here; the program's own validation is the authority (cross-field rules are not expressible).

export function stackFileJsonSchema(): Record<string, unknown> {
    const settings = withoutKeys(structuredClone(configJsonSchema()), ["required", secretRefMarker]) as any;
    const properties: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries<unknown>(settings.properties)) {
        properties[`${projectName}:${key}`] = schema;
    }
    // What `pulumi config set --secret` writes; a secret is a project key that some secret setting names.
    const secretValue = { type: "object", properties: { secure: { type: "string" } }, required: ["secure"], additionalProperties: false };
    const secretName = secretKeyName.source.replace(/^\^|\$$/g, "");
    return {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        title: "groundwork stack config (Pulumi.<stack>.yaml)",
        type: "object",
        // The fields of Pulumi's ProjectStack (sdk/go/common/workspace/project.go).
        properties: {
            secretsprovider: { type: "string" },
            encryptedkey: { type: "string" },
            encryptionsalt: { type: "string" },
            // Pulumi ESC environments to import: a list of names, or an inline definition.
            environment: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "object" }] },
            config: {
                type: "object",
                properties,
                required: [`${projectName}:environment`, `${projectName}:substrate`],
                // Every key is namespace:name; the namespaces are this project's and those the program reads.
                propertyNames: { pattern: `^(?:${projectName}:${secretName}|(?:${otherNamespaces.join("|")}):[^:]+)$` },
                // Provider and engine keys are the providers' to validate.
                patternProperties: { [`^(?:${otherNamespaces.join("|")}):`]: {} },
                // Any other project key is a secret, set with --secret.
                additionalProperties: secretValue,
            },
        },
        additionalProperties: false,
    };
}

/** A deep copy of a JSON Schema without the given keywords (nested `required`: defaults fill those fields). */
function withoutKeys(schema: unknown, keys: readonly string[]): unknown {
    if (Array.isArray(schema)) return schema.map((s) => withoutKeys(s, keys));
    if (!schema || typeof schema !== "object") return schema;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) {
        // `properties` maps setting names to schemas: a setting may be called `required`.
        if (k === "properties" && v && typeof v === "object") {
            out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, withoutKeys(s, keys)]));
        } else if (!keys.includes(k)) out[k] = withoutKeys(v, keys);
    }
    return out;
}
