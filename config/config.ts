import { z } from "zod";
import { addonManifests } from "./addon-manifests";
import type { Substrate } from "../model/names";
import { ConfigError, didYouMean, formatIssue, formatPath, type PathSegment } from "./errors";
import { deepMerge, profiles } from "./profiles";
import { projectName, unknownNamespaceProblems } from "./namespaces";
import { secretKeyName } from "../model/primitives";
import { crossFieldProblems } from "./rules";
import { platformSchema } from "./schema";
import type { PlatformConfig } from "./types";

// The stack config from raw values to a validated PlatformConfig. Pure (tests call it without mocks, the config
// tools without the Pulumi SDK); program/load-config.ts feeds it the stack's config from the Pulumi runtime.

export { projectName };

/** The stack config as Pulumi holds it: plain values by key (without the `groundwork:` prefix), and the names of keys set with --secret. */
export interface RawConfig {
    readonly values: Readonly<Record<string, unknown>>;
    readonly secretKeys: readonly string[];
    /** Full names of the stack's keys outside the project namespace (`aws:region`, `groundwrok:addons`). */
    readonly otherKeys?: readonly string[];
}

let cachedJsonSchema: unknown;
/** The JSON Schema of the settings a user writes (defaults make fields optional), every setting described. */
export function configJsonSchema(): any {
    if (cachedJsonSchema === undefined) {
        const schema: any = z.toJSONSchema(platformSchema, { io: "input", unrepresentable: "any" });
        // An addon's settings object is described by its definition, the one text the reference pages use too.
        for (const def of addonManifests) schema.properties.addons.properties[def.key].description ??= def.description;
        cachedJsonSchema = schema;
    }
    return cachedJsonSchema;
}

/** Validates a raw stack config, applies the environment profile and addon defaults, and returns it frozen. */
export function parseConfig(raw: RawConfig): PlatformConfig {
    const problems: string[] = [];
    const secretKeys = new Set(raw.secretKeys);
    const plainKeys = Object.keys(raw.values);

    const envValue = raw.values.environment;
    const environment = envValue === "prod" ? "prod" : "dev"; // a bad value is reported by the schema below
    const merged = withDefaults(raw.values, environment);

    // Each top-level section is parsed on its own, so cross-field rules can still run over the sections
    // that are valid and the user sees every problem in one pass.
    const jsonSchema = configJsonSchema();
    const sections = platformSchema.shape;
    const config: Record<string, unknown> = {};
    const validSections = new Set<string>();
    for (const [section, schema] of Object.entries(sections)) {
        const result = (schema as z.ZodType).safeParse(merged[section], { reportInput: true });
        if (result.success) {
            config[section] = result.data;
            validSections.add(section);
        } else {
            for (const issue of result.error.issues) {
                problems.push(...formatIssue({ ...issue, path: [section, ...issue.path] }, merged, jsonSchema));
            }
        }
    }

    const topLevel = Object.keys(sections);
    const referenced = secretRefsIn(merged, jsonSchema);
    const referencedKeys = new Set(referenced.map((r) => r.key));
    for (const key of [...plainKeys, ...secretKeys]) {
        if (topLevel.includes(key) || referencedKeys.has(key)) continue;
        // A secret is most likely a misspelt name that a setting refers to; a plain key, a section too.
        const hint = didYouMean(key, secretKeys.has(key) ? [...referencedKeys] : [...topLevel, ...referencedKeys]);
        const unreferenced = secretKeys.has(key) ? " (a secret that no setting refers to)" : "";
        problems.push(`${projectName}:${key}: unknown setting${hint || unreferenced}`);
    }
    for (const ref of referenced) {
        // A value that is not a key name was refused above, without echoing it (it may be the secret itself).
        if (secretKeys.has(ref.key) || !secretKeyName.test(ref.key)) continue;
        const state = ref.key in raw.values ? "which is set in plain text" : "which is not set";
        problems.push(
            `${ref.path}: expected a config key set with \`pulumi config set --secret ${ref.key} …\`, got "${ref.key}", ${state}`,
        );
    }

    problems.push(...unknownNamespaceProblems(raw.otherKeys ?? []));
    problems.push(...crossFieldProblems(config as PlatformConfig, validSections));
    const unique = [...new Set(problems)];
    if (unique.length > 0) throw new ConfigError(unique);
    return deepFreeze(config as PlatformConfig);
}

/** Profile defaults under the user's values; each addon's per-environment, then per-substrate defaults under its settings. */
function withDefaults(values: Readonly<Record<string, unknown>>, environment: "dev" | "prod"): Record<string, unknown> {
    const merged = deepMerge(profiles[environment], values) as Record<string, unknown>;
    const userAddons = values.addons;
    const addons: Record<string, unknown> =
        typeof userAddons === "object" && userAddons !== null && !Array.isArray(userAddons) ? { ...(userAddons as object) } : {};
    if (userAddons !== undefined && (typeof userAddons !== "object" || userAddons === null || Array.isArray(userAddons))) {
        return { ...merged, addons: userAddons }; // let the schema report the wrong type
    }
    const substrate = values.substrate as Substrate; // a bad value is reported by the schema
    for (const def of addonManifests) {
        const bySubstrate = (def as { substrateDefaults?: Partial<Record<Substrate, unknown>> }).substrateDefaults?.[substrate];
        addons[def.key] = deepMerge(deepMerge(def.defaults[environment], bySubstrate), addons[def.key]);
    }
    return { ...merged, addons };
}

/** Every `secretRef` setting in a parsed config, found through the schema's marker. */
function secretRefsIn(config: unknown, jsonSchema: any): { path: string; key: string }[] {
    const found: { path: string; key: string }[] = [];
    const walk = (value: unknown, schema: any, path: PathSegment[]) => {
        if (!schema || value === undefined || value === null) return;
        if (schema[secretRefMarker] && typeof value === "string") {
            found.push({ path: formatPath(path), key: value });
            return;
        }
        for (const alt of schema.anyOf ?? schema.oneOf ?? []) walk(value, alt, path);
        if (Array.isArray(value)) value.forEach((v, i) => walk(v, schema.items, [...path, i]));
        else if (typeof value === "object") {
            for (const [k, v] of Object.entries(value as object)) {
                walk(
                    v,
                    schema.properties?.[k] ?? (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined),
                    [...path, k],
                );
            }
        }
    };
    walk(config, jsonSchema, []);
    return found;
}

export const secretRefMarker = "x-groundwork-secret";

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) deepFreeze(v);
    }
    return value;
}

/** Turns a config value as the Pulumi runtime holds it (a string) into what the user wrote in YAML. */
export function decodeConfigValue(text: string): unknown {
    if (/^(true|false|null|-?\d+(\.\d+)?)$/.test(text) || /^[[{]/.test(text)) {
        try {
            return JSON.parse(text);
        } catch {
            return text;
        }
    }
    return text;
}

/**
 * A runtime config map (key → string, every key of the stack: Pulumi hands the program all of them) as a
 * RawConfig: the `groundwork:*` keys split into plain values and secret key names, the others by name.
 */
export function rawConfigFrom(all: Readonly<Record<string, string>>, isSecret: (fullKey: string) => boolean): RawConfig {
    const prefix = `${projectName}:`;
    const values: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    const otherKeys: string[] = [];
    for (const [fullKey, text] of Object.entries(all)) {
        if (!fullKey.startsWith(prefix)) {
            otherKeys.push(fullKey);
            continue;
        }
        const key = fullKey.slice(prefix.length);
        if (isSecret(fullKey)) secretKeys.push(key);
        else values[key] = decodeConfigValue(text);
    }
    return { values, secretKeys, otherKeys };
}
