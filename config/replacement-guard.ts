/** One resource whose immutable inputs are fingerprinted, so a plan can say it would be replaced and why. */
export interface GuardedResource {
    /** Key in the fingerprint string: "cluster", "nodegroup-<pool>". */
    readonly key: string;
    readonly type: string;
    readonly name: string;
    readonly fingerprint: string;
    /** The immutable (force-replacement) inputs and their values. */
    readonly immutable: Readonly<Record<string, unknown>>;
}

/** The replacement guard of a substrate whose cluster is replaced by some config changes (README: Magnum replacement workflow). */
export interface ReplacementGuard {
    /** "cluster=1a2b3c4d,nodegroup-gpu=5e6f7a8b": compare with the deployed stack's output. */
    readonly fingerprint: string;
    /** What the config says was deployed (cluster.<substrate>.expectedFingerprint), if set. */
    readonly expectedFingerprint: string | null;
    /** True when cluster.<substrate>.intendedReplacement equals `fingerprint`. */
    readonly acknowledged: boolean;
    readonly resources: readonly GuardedResource[];
    /** Resources whose fingerprint differs from `expectedFingerprint`: they would be replaced (or deleted). */
    readonly replacements: readonly { key: string; type: string; name: string; reason: string }[];
    /** Changes that are upgrades, not replacements (a new cluster template). */
    readonly upgrades: readonly { type: string; name: string; reason: string }[];
}
