// The kubernetes-models packages are ESM-only: tests load them with `await import(...)`. Their Model base
// class's typings do not resolve under this project's CommonJS settings, so validation goes through here.

/** Validates a kubernetes-models object against its JSON schema; throws with the schema's message. */
export function validated<T>(model: T): T {
    (model as unknown as { validate(): void }).validate();
    return model;
}
