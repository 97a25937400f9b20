import { isPlaceholder, show } from "./releases";
import type { Schema } from "./kubernetes-schemas";

// Validates a value against a Kubernetes OpenAPI schema (a built-in definition or a CRD's structural
// openAPIV3Schema) the way the API server does on a server-side apply: unknown fields are refused (unless
// x-kubernetes-preserve-unknown-fields or additionalProperties allow them), as are wrong types, missing
// required fields, values outside an enum or a bound, and duplicate keys of list-type map/set lists.
// Not evaluated: CEL rules (x-kubernetes-validations) and string formats other than int-or-string and byte.

export interface ValidationContext {
    definitions: Record<string, Schema>;
}

export function validateOpenApi(value: unknown, schema: Schema, ctx: ValidationContext, at = ""): string[] {
    return new Validator(ctx.definitions).validate(value, schema, at, true);
}

class Validator {
    constructor(private readonly definitions: Record<string, Schema>) {}

    validate(value: unknown, schema: Schema, at: string, strictFields: boolean): string[] {
        if (typeof schema.$ref === "string") {
            const name = schema.$ref.replace("#/definitions/", "");
            // A Quantity is a string in the schema, but the API server also takes a JSON number ("cpu": 1).
            if (name.endsWith(".Quantity")) return typeof value === "number" || typeof value === "string" || value == null ? [] : [`${at}: expected a quantity, got ${show(value)}`];
            const def = this.definitions[name];
            return def ? this.validate(value, def, at, strictFields) : [`${at}: schema ${name} not vendored`];
        }
        // null is "not set" for built-in types, and pruned for CRD fields; a placeholder has no type offline.
        if (value === null || value === undefined || isPlaceholder(value)) return [];
        const errors: string[] = [];
        const typeError = this.checkType(value, schema, at);
        if (typeError) return [typeError];
        if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
            errors.push(`${at}: expected one of ${show(schema.enum)}, got ${show(value)}`);
        }
        errors.push(...this.bounds(value, schema, at));
        for (const sub of (schema.allOf ?? []) as Schema[]) errors.push(...this.validate(value, sub, at, false));
        if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s: Schema) => this.validate(value, s, at, false).length === 0)) {
            errors.push(`${at}: matches none of the schema's alternatives (anyOf), got ${show(value)}`);
        }
        if (Array.isArray(schema.oneOf)) {
            const matching = schema.oneOf.filter((s: Schema) => this.validate(value, s, at, false).length === 0).length;
            if (matching !== 1) errors.push(`${at}: must match exactly one of the schema's alternatives (oneOf), matches ${matching}`);
        }
        if (schema.not && this.validate(value, schema.not as Schema, at, false).length === 0) {
            errors.push(`${at}: matches a form the schema forbids (not), got ${show(value)}`);
        }
        if (Array.isArray(value)) errors.push(...this.list(value, schema, at, strictFields));
        else if (typeof value === "object") errors.push(...this.object(value as Record<string, unknown>, schema, at, strictFields));
        return errors;
    }

    private checkType(value: unknown, schema: Schema, at: string): string | undefined {
        const intOrString = schema["x-kubernetes-int-or-string"] === true || schema.format === "int-or-string";
        if (intOrString) {
            return (typeof value === "string" || Number.isInteger(value)) ? undefined : `${at}: expected an integer or a string, got ${show(value)}`;
        }
        const ok: Record<string, (v: unknown) => boolean> = {
            object: (v) => typeof v === "object" && !Array.isArray(v),
            array: Array.isArray,
            string: (v) => typeof v === "string",
            integer: Number.isInteger,
            number: (v) => typeof v === "number",
            boolean: (v) => typeof v === "boolean",
        };
        const type = schema.type as string | undefined;
        if (!type || !ok[type]) return undefined;
        if (!ok[type](value)) return `${at}: expected ${type === "object" ? "a map" : type === "array" ? "a list" : `a ${type}`}, got ${show(value)}`;
        if (schema.format === "byte" && typeof value === "string" && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
            return `${at}: expected base64 data, got ${show(value)}`;
        }
        return undefined;
    }

    private bounds(value: unknown, s: Schema, at: string): string[] {
        const errors: string[] = [];
        const num = (k: string) => (typeof s[k] === "number" ? (s[k] as number) : undefined);
        if (typeof value === "string") {
            if (num("maxLength") !== undefined && value.length > num("maxLength")!) errors.push(`${at}: longer than ${num("maxLength")} characters: ${show(value)}`);
            if (num("minLength") !== undefined && value.length < num("minLength")!) errors.push(`${at}: shorter than ${num("minLength")} characters: ${show(value)}`);
            if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value)) errors.push(`${at}: does not match ${s.pattern}: ${show(value)}`);
        }
        if (typeof value === "number") {
            if (num("minimum") !== undefined && value < num("minimum")!) errors.push(`${at}: expected at least ${num("minimum")}, got ${value}`);
            if (num("maximum") !== undefined && value > num("maximum")!) errors.push(`${at}: expected at most ${num("maximum")}, got ${value}`);
        }
        if (Array.isArray(value)) {
            if (num("maxItems") !== undefined && value.length > num("maxItems")!) errors.push(`${at}: more than ${num("maxItems")} items`);
            if (num("minItems") !== undefined && value.length < num("minItems")!) errors.push(`${at}: fewer than ${num("minItems")} items`);
        }
        return errors;
    }

    private list(value: unknown[], schema: Schema, at: string, strictFields: boolean): string[] {
        const errors: string[] = [];
        if (schema.items) value.forEach((v, i) => errors.push(...this.validate(v, schema.items as Schema, `${at}[${i}]`, strictFields)));
        // The API server refuses duplicates in lists it merges by key (list-type map) or treats as sets.
        const keyOf = schema["x-kubernetes-list-type"] === "map"
            ? (v: unknown) => JSON.stringify(((schema["x-kubernetes-list-map-keys"] ?? []) as string[]).map((k) => (v as Record<string, unknown>)?.[k]))
            : schema["x-kubernetes-list-type"] === "set" ? (v: unknown) => JSON.stringify(v) : undefined;
        if (keyOf) {
            const seen = new Set<string>();
            for (const v of value) {
                const key = keyOf(v);
                if (seen.has(key)) errors.push(`${at}: duplicate entry ${key} in a list the API server keys by ${schema["x-kubernetes-list-type"] === "map" ? show(schema["x-kubernetes-list-map-keys"]) : "value"}`);
                seen.add(key);
            }
        }
        return errors;
    }

    private object(value: Record<string, unknown>, schema: Schema, at: string, strictFields: boolean): string[] {
        const errors: string[] = [];
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        for (const key of (schema.required ?? []) as string[]) {
            if (value[key] === undefined || value[key] === null) errors.push(`${at ? `${at}.` : ""}${key}: required, not set`);
        }
        const additional = schema.additionalProperties;
        const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
        for (const [key, child] of Object.entries(value)) {
            const p = at ? `${at}.${key}` : key;
            if (properties[key]) errors.push(...this.validate(child, properties[key], p, strictFields));
            else if (additional && typeof additional === "object") errors.push(...this.validate(child, additional as Schema, p, strictFields));
            else if (additional === false || (strictFields && !preserve && !additional && schema.properties)) {
                const names = Object.keys(properties).sort();
                const listed = names.length > 12 ? `${names.slice(0, 12).join(", ")}, …` : names.join(", ");
                errors.push(`${p}: unknown field (the schema has ${listed})`);
            }
        }
        return errors;
    }
}
