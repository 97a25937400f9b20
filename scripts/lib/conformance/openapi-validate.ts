import { isMap, isPlaceholder, show } from "./releases";
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
        if (typeof schema.$ref === "string") return this.reference(value, schema.$ref, at, strictFields);
        // null is "not set" for built-in types, and pruned for CRD fields; a placeholder has no type offline.
        if (value === null || value === undefined || isPlaceholder(value)) return [];
        const typeError = this.checkType(value, schema, at);
        if (typeError) return [typeError];
        const errors = [...this.bounds(value, schema, at), ...this.combinations(value, schema, at)];
        if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
            errors.push(`${at}: expected one of ${show(schema.enum)}, got ${show(value)}`);
        }
        if (Array.isArray(value)) errors.push(...this.list(value, schema, at, strictFields));
        else if (isMap(value)) errors.push(...this.object(value, schema, at, strictFields));
        return errors;
    }

    private reference(value: unknown, ref: string, at: string, strictFields: boolean): string[] {
        const name = ref.replace("#/definitions/", "");
        // A Quantity is a string in the schema, but the API server also takes a JSON number ("cpu": 1).
        if (name.endsWith(".Quantity")) {
            const ok = typeof value === "number" || typeof value === "string" || value == null;
            return ok ? [] : [`${at}: expected a quantity, got ${show(value)}`];
        }
        const def = this.definitions[name];
        return def ? this.validate(value, def, at, strictFields) : [`${at}: schema ${name} not vendored`];
    }

    /** allOf, anyOf, oneOf, not: branches only constrain values, unknown fields are the main schema's to say. */
    private combinations(value: unknown, schema: Schema, at: string): string[] {
        const errors: string[] = [];
        const passes = (s: Schema) => this.validate(value, s, at, false).length === 0;
        for (const sub of (schema.allOf ?? []) as Schema[]) errors.push(...this.validate(value, sub, at, false));
        if (Array.isArray(schema.anyOf) && !schema.anyOf.some(passes)) {
            errors.push(`${at}: matches none of the schema's alternatives (anyOf), got ${show(value)}`);
        }
        if (Array.isArray(schema.oneOf)) {
            const matching = schema.oneOf.filter(passes).length;
            if (matching !== 1) {
                errors.push(`${at}: must match exactly one of the schema's alternatives (oneOf), matches ${matching}`);
            }
        }
        if (schema.not && passes(schema.not as Schema)) {
            errors.push(`${at}: matches a form the schema forbids (not), got ${show(value)}`);
        }
        return errors;
    }

    private checkType(value: unknown, schema: Schema, at: string): string | undefined {
        if (schema["x-kubernetes-int-or-string"] === true || schema.format === "int-or-string") {
            const ok = typeof value === "string" || Number.isInteger(value);
            return ok ? undefined : `${at}: expected an integer or a string, got ${show(value)}`;
        }
        const type = schema.type as string | undefined;
        if (!type || !typeChecks[type]) return undefined;
        if (!typeChecks[type].test(value)) return `${at}: expected ${typeChecks[type].name}, got ${show(value)}`;
        if (schema.format === "byte" && typeof value === "string" && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
            return `${at}: expected base64 data, got ${show(value)}`;
        }
        return undefined;
    }

    private bounds(value: unknown, s: Schema, at: string): string[] {
        const limit = (k: string) => (typeof s[k] === "number" ? (s[k] as number) : undefined);
        const check = (k: string, actual: number, tooBig: boolean, message: string): string[] => {
            const bound = limit(k);
            const outside = bound !== undefined && (tooBig ? actual > bound : actual < bound);
            return outside ? [`${at}: ${message.replace("#", String(bound))}`] : [];
        };
        if (typeof value === "string") {
            const pattern =
                typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value)
                    ? [`${at}: does not match ${s.pattern}: ${show(value)}`]
                    : [];
            return [
                ...check("maxLength", value.length, true, `longer than # characters: ${show(value)}`),
                ...check("minLength", value.length, false, `shorter than # characters: ${show(value)}`),
                ...pattern,
            ];
        }
        if (typeof value === "number") {
            return [
                ...check("minimum", value, false, `expected at least #, got ${value}`),
                ...check("maximum", value, true, `expected at most #, got ${value}`),
            ];
        }
        if (Array.isArray(value)) {
            return [
                ...check("maxItems", value.length, true, "more than # items"),
                ...check("minItems", value.length, false, "fewer than # items"),
            ];
        }
        return [];
    }

    private list(value: unknown[], schema: Schema, at: string, strictFields: boolean): string[] {
        const errors: string[] = [];
        if (schema.items) {
            const items = schema.items as Schema;
            value.forEach((v, i) => errors.push(...this.validate(v, items, `${at}[${i}]`, strictFields)));
        }
        // The API server refuses duplicates in lists it merges by key (list-type map) or treats as sets.
        const listType = schema["x-kubernetes-list-type"];
        const mapKeys = (schema["x-kubernetes-list-map-keys"] ?? []) as string[];
        const keyOf =
            listType === "map"
                ? (v: unknown) => JSON.stringify(mapKeys.map((k) => (isMap(v) ? v[k] : undefined)))
                : listType === "set"
                  ? (v: unknown) => JSON.stringify(v)
                  : undefined;
        if (!keyOf) return errors;
        const seen = new Set<string>();
        for (const key of value.map(keyOf)) {
            const by = listType === "map" ? show(mapKeys) : "value";
            if (seen.has(key)) errors.push(`${at}: duplicate entry ${key} in a list the API server keys by ${by}`);
            seen.add(key);
        }
        return errors;
    }

    private object(value: Record<string, unknown>, schema: Schema, at: string, strictFields: boolean): string[] {
        const errors: string[] = [];
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        for (const key of (schema.required ?? []) as string[]) {
            if (value[key] === undefined || value[key] === null) {
                errors.push(`${at ? `${at}.` : ""}${key}: required, not set`);
            }
        }
        const additional = schema.additionalProperties;
        const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
        for (const [key, child] of Object.entries(value)) {
            const p = at ? `${at}.${key}` : key;
            if (properties[key]) errors.push(...this.validate(child, properties[key], p, strictFields));
            else if (isMap(additional)) errors.push(...this.validate(child, additional, p, strictFields));
            else if (additional === false || (strictFields && !preserve && !additional && schema.properties)) {
                const names = Object.keys(properties).sort();
                const listed = names.length > 12 ? `${names.slice(0, 12).join(", ")}, …` : names.join(", ");
                errors.push(`${p}: unknown field (the schema has ${listed})`);
            }
        }
        return errors;
    }
}

const typeChecks: Record<string, { name: string; test: (v: unknown) => boolean }> = {
    object: { name: "a map", test: isMap },
    array: { name: "a list", test: Array.isArray },
    string: { name: "a string", test: (v) => typeof v === "string" },
    integer: { name: "an integer", test: Number.isInteger },
    number: { name: "a number", test: (v) => typeof v === "number" },
    boolean: { name: "a boolean", test: (v) => typeof v === "boolean" },
};
