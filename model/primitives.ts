import { z } from "zod";

// Small reusable value types of the config schema. Every message starts with "expected": the error
// formatter appends ", got <value>" so each problem reads `path: expected X, got Y`.

const ipv4Octet = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const ipv4 = `${ipv4Octet}(\\.${ipv4Octet}){3}`;
const cidrPattern = new RegExp(`^${ipv4}/(3[0-2]|[12]?\\d)$`);
const ipv4Pattern = new RegExp(`^${ipv4}$`);

export const cidr = z
    .string({ error: "expected a CIDR such as 10.0.0.0/16" })
    .regex(cidrPattern, { error: "expected a CIDR such as 10.0.0.0/16" });
export const ipv4Address = z
    .string({ error: "expected an IPv4 address such as 192.168.1.10" })
    .regex(ipv4Pattern, { error: "expected an IPv4 address such as 192.168.1.10" });

/** A Kubernetes minor version, "1.33". Patch versions are chosen by the substrate from the catalog. */
export const kubernetesMinor = z
    .string({ error: 'expected a Kubernetes minor version such as "1.33" (quote it in YAML)' })
    .regex(/^1\.\d{2}$/, { error: 'expected a Kubernetes minor version such as "1.33"' });

/** A DNS-1123 label: names of clusters, pools, namespaces. */
export const dnsLabel = z.string({ error: "expected a lowercase name (letters, digits, '-')" }).regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    error: "expected a lowercase name of at most 63 letters, digits and '-', starting with a letter",
});

export const dnsName = z
    .string({ error: "expected a DNS name such as example.com" })
    .regex(/^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "expected a DNS name such as example.com" });

export const email = z
    .string({ error: "expected an email address" })
    .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "expected an email address" });

/** A Kubernetes quantity for storage: "20Gi". */
export const storageSize = z
    .string({ error: 'expected a storage size such as "20Gi"' })
    .regex(/^[1-9]\d*(Mi|Gi|Ti)$/, { error: 'expected a storage size such as "20Gi" (Mi, Gi or Ti)' });

/** What a secret config key may be called (the stack file's JSON Schema allows these as `groundwork:<name>`). */
export const secretKeyName = /^[a-zA-Z][a-zA-Z0-9]*$/;

/** Why a secret setting's value was refused; errors.ts never echoes such a value (it may be the secret itself). */
export const secretRefExpectation =
    "expected the name of a secret config key (letters and digits), set with `pulumi config set --secret NAME`";

/** The name of another config key of this project that holds a secret (`pulumi config set --secret KEY`). */
export const secretRef = z
    .string({ error: secretRefExpectation })
    .regex(secretKeyName, { error: secretRefExpectation })
    // The marker lets the config loader find every secret reference through the JSON Schema. No description
    // here: each setting's own says what its secret holds.
    .meta({ "x-groundwork-secret": true });

export const labels = z.record(
    z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, { error: "expected a Kubernetes label key" }),
    z.string({ error: "expected a label value (a string)" }).max(63, { error: "expected a label value of at most 63 characters" }),
);

export const taint = z
    .strictObject({
        key: z.string({ error: "expected a taint key" }).min(1, { error: "expected a taint key" }).describe("Taint key, e.g. dedicated."),
        value: z.string().optional().describe("Taint value, e.g. gpu; none when unset."),
        effect: z
            .enum(["NoSchedule", "PreferNoSchedule", "NoExecute"])
            .describe("What happens to pods that do not tolerate it: not scheduled, scheduled only as a last resort, or also evicted."),
    })
    .describe("A node taint: only pods that tolerate it run on the node.");

export const positiveInt = z
    .number({ error: "expected a whole number" })
    .int({ error: "expected a whole number" })
    .min(1, { error: "expected at least 1" });
export const nonNegativeInt = z
    .number({ error: "expected a whole number" })
    .int({ error: "expected a whole number" })
    .min(0, { error: "expected 0 or more" });

/** An RFC 3339 timestamp with a zone, e.g. 2026-11-20T08:00:00Z. */
export const timestamp = z
    .string({ error: "expected an RFC 3339 time such as 2026-11-20T08:00:00Z" })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, {
        error: "expected an RFC 3339 time such as 2026-11-20T08:00:00Z",
    });

/** A five-field cron schedule, "0 3 * * *". */
export const cronSchedule = z
    .string({ error: 'expected a cron schedule such as "0 3 * * *"' })
    .regex(/^(\S+\s+){4}\S+$/, { error: 'expected a five-field cron schedule such as "0 3 * * *"' });

/** Parses "10.0.0.0/16" into a numeric range, for overlap checks. */
export function cidrRange(value: string): { start: number; end: number } | undefined {
    if (!cidrPattern.test(value)) return undefined;
    const [ip, bits] = value.split("/");
    const base = ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
    const size = 2 ** (32 - Number(bits));
    const start = base - (base % size);
    return { start, end: start + size - 1 };
}

export function cidrsOverlap(a: string, b: string): boolean {
    const ra = cidrRange(a);
    const rb = cidrRange(b);
    return !!ra && !!rb && ra.start <= rb.end && rb.start <= ra.end;
}
