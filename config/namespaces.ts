import { didYouMean } from "./errors";

// A stack file holds `namespace:key` settings. The program's own are `groundwork:*`; besides those, only
// the namespaces something in this program reads are legal: the Pulumi engine's (`pulumi:tags`,
// `pulumi:disable-default-providers`) and those of the providers in package.json that take provider
// config (`aws:region`, `kubernetes:kubeconfig`, `openstack:authUrl`, `tls:proxy`). @pulumi/random has no
// provider config, so `random:*` is refused like any other namespace: a key nothing reads is a typo.

export const projectName = "groundwork";

/** Config namespaces other than the project's that a stack file may set (a test keeps this equal to package.json). */
export const otherNamespaces: readonly string[] = ["aws", "kubernetes", "openstack", "pulumi", "tls"];

/** `ns:name` → [ns, name]; a key without a namespace has none. */
export function splitKey(fullKey: string): [namespace: string | undefined, name: string] {
    const colon = fullKey.indexOf(":");
    return colon < 0 ? [undefined, fullKey] : [fullKey.slice(0, colon), fullKey.slice(colon + 1)];
}

/** One problem per key of a namespace nothing in the program reads, with a did-you-mean for a misspelt one. */
export function unknownNamespaceProblems(fullKeys: readonly string[]): string[] {
    const known = [projectName, ...otherNamespaces];
    const listed = `${known.slice(0, -1).join(", ")} or ${known[known.length - 1]}`;
    const problems: string[] = [];
    for (const fullKey of fullKeys) {
        const [namespace, name] = splitKey(fullKey);
        if (namespace === undefined) {
            const hint = `did you mean "${projectName}:${name}"?`;
            problems.push(`${fullKey}: expected namespace:key, got a key without a namespace; ${hint}`);
        } else if (!known.includes(namespace)) {
            const hint = didYouMean(namespace, known).replace(/"([^"]+)"/, `"$1:${name}"`);
            problems.push(`${fullKey}: expected a namespace the program reads (${listed}), got "${namespace}"${hint}`);
        }
    }
    return problems;
}
