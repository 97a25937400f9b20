import type { Environment } from "../model/names";

// Environment profiles: what dev and prod get when the stack config says nothing. Dev is small and
// disposable; prod is highly available, spread over three zones, backed up and protected. Addon defaults
// live in each addon's definition; these are the platform-wide ones.

export const profiles: Readonly<Record<Environment, Record<string, unknown>>> = {
    dev: {
        stackRole: "all",
        protect: false,
        network: { nodeCidr: "10.0.0.0/16", podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/16", zones: [] },
        dns: { provider: "none" },
        tls: { issuer: "selfsigned" },
        database: {
            enabled: false,
            instances: 1,
            size: "small",
            storage: { size: "10Gi" },
            walStorage: { size: "2Gi" },
        },
        backups: { enabled: false, retentionDays: 7, schedule: "0 3 * * *" },
        restore: { enabled: false },
    },
    prod: {
        stackRole: "all",
        protect: true,
        network: { nodeCidr: "10.0.0.0/16", podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/16", zones: [] },
        dns: { provider: "none" },
        tls: { issuer: "letsencrypt-production" },
        database: {
            enabled: false,
            instances: 3,
            size: "medium",
            storage: { size: "50Gi" },
            walStorage: { size: "10Gi" },
        },
        backups: { enabled: true, retentionDays: 30, schedule: "0 3 * * *" },
        restore: { enabled: false },
    },
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Merges `over` onto `base`: maps merge key by key, lists and scalars from `over` replace. */
export function deepMerge(base: unknown, over: unknown): unknown {
    if (over === undefined) return base;
    if (!isPlainObject(base) || !isPlainObject(over)) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
    return out;
}
