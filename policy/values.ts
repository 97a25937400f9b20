// Small readers for JSON-shaped inputs, shared by the policies.

export const secretMarker = "[secret]";
export const unknownMarker = "[unknown]";

export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** inputs at a dotted path ("vpcConfig.publicAccessCidrs"); undefined when any step is missing. */
export function at(value: unknown, path: string): unknown {
    let cur: unknown = value;
    for (const key of path.split(".")) {
        if (!isMap(cur) && !Array.isArray(cur)) return undefined;
        cur = (cur as Record<string, unknown>)[key];
    }
    return cur;
}

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
export const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");

/** Providers type some flags as strings ("true"); both spellings count. */
export const isTrue = (v: unknown) => v === true || v === "true";

/** Not resolvable offline or during preview: a policy cannot judge it, so it does not fail on it. */
export const isUnknown = (v: unknown) => v === unknownMarker;

/** Every [path, value] under `value`, depth first; paths use dots and [i] like the diff does. */
export function* walk(value: unknown, path = ""): Generator<[string, unknown, string]> {
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) yield* walk(value[i], `${path}[${i}]`);
        return;
    }
    if (isMap(value)) {
        for (const [k, v] of Object.entries(value)) {
            const next = path ? `${path}.${k}` : k;
            yield [next, v, k];
            yield* walk(v, next);
        }
    }
}

export const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));

/** The CIDRs that mean "anyone on the internet". */
export const worldCidrs = new Set(["0.0.0.0/0", "::/0"]);

/** Ports that must never face the internet: SSH, the Kubernetes API, etcd, the kubelet. */
export const adminPorts: Readonly<Record<number, string>> = {
    22: "SSH",
    6443: "Kubernetes API",
    2379: "etcd",
    2380: "etcd peers",
    10250: "kubelet",
};

/** The admin ports a rule opens; a missing range (or protocol "-1"/any) opens them all. */
export function exposedAdminPorts(from: unknown, to: unknown, protocol: unknown): string[] {
    const allProtocols = protocol === undefined || protocol === "" || protocol === "-1" || protocol === -1 || protocol === "all";
    if (!allProtocols && protocol !== "tcp" && protocol !== "6" && protocol !== 6) return [];
    const lo = typeof from === "number" && from > 0 ? from : 0;
    const hi = typeof to === "number" && to > 0 ? to : 65535;
    return Object.entries(adminPorts)
        .filter(([port]) => Number(port) >= lo && Number(port) <= hi)
        .map(([port, what]) => `${port} (${what})`);
}
