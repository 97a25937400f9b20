import type { z } from "zod";
import type { Environment, Substrate } from "../model/names";
import type { ChartPin } from "../model/versions";
import type { AddonKey } from "./addon-settings";
import type { NamespaceFlows } from "./flows";
import type { PlatformConfig } from "./types";

// The addon as data: what the config validator, the docs and the platform's ordering read — which substrates
// it runs on, which addons it needs, its per-environment defaults, its rules — so a bad combination is a config
// error, never a runtime crash. Each addon folder has one (addons/<name>/manifest.ts); its ComponentResource
// (component.ts) is bound to it with platform/addon.ts's defineComponent. Nothing here loads the Pulumi SDK.

/** Pods an addon runs with explicit CPU and memory requests, for the capacity check (config/capacity.ts). */
export interface ScheduledPods {
    /** Names them in messages: "the Karpenter controller (addons.karpenter)". */
    readonly what: string;
    /** The setting that makes them smaller or fewer, named in the message: "addons.redpanda.memory". */
    readonly setting: string;
    readonly replicas: number;
    /** The same requests the addon writes into its chart values or pod spec. */
    readonly requests: { readonly cpu: string | number; readonly memory: string };
    /** Required pod anti-affinity on kubernetes.io/hostname: never two of them on one node. */
    readonly onePerNode: boolean;
    /** Node labels the pods select; they run only on pools carrying all of them. */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** Taint keys the pods tolerate; a pool with any other NoSchedule or NoExecute taint never runs them. */
    readonly tolerates?: readonly string[];
}

export interface AddonManifest<K extends string, S extends { enabled: boolean }> {
    /** The key under `addons:` in the stack config. */
    readonly key: K;
    /** One line for the addon table (docs/addons.md), the reference pages and messages. */
    readonly description: string;
    readonly settings: z.ZodType<S, any>;
    /** Per-environment defaults, merged under what the user wrote. Must include `enabled`. */
    readonly defaults: Readonly<Record<Environment, Partial<S> & { enabled: boolean }>>;
    /**
     * Per-substrate defaults, merged over the environment's and under what the user wrote: an addon that
     * a substrate needs (a CNI on nova and bare metal, the AWS Load Balancer Controller on EKS) is on there.
     */
    readonly substrateDefaults?: Readonly<Partial<Record<Substrate, Partial<S>>>>;
    readonly substrates: readonly Substrate[];
    /** Addons that must be enabled for this one to work (given its settings). */
    readonly requires?: (settings: S, config: PlatformConfig) => readonly AddonKey[];
    /** Addons whose outputs this one consumes when they are enabled; they are created first. */
    readonly uses?: readonly AddonKey[];
    /**
     * Addons that must not run beside this one, each with the reason: enabling both is a config error naming
     * the other's `enabled` setting (config/rules.ts writes the message, so every conflict reads the same).
     */
    readonly conflicts?: readonly { readonly addon: AddonKey; readonly reason: string }[];
    /** Extra cross-field checks; each problem is `path: expected X, got Y` relative to the stack config. */
    readonly validate?: (settings: S, config: PlatformConfig) => readonly string[];
    /**
     * Every chart pin the addon installs (model/versions.ts), for the upgrade guard: the config refuses
     * a cluster version outside any of their `kubernetes` ranges. Defaults to `charts[key]`. A function may
     * read the settings and `config.cluster` (the guard runs before the other sections are known to be valid).
     */
    readonly pins?: readonly ChartPin[] | ((settings: S, config: PlatformConfig) => readonly ChartPin[]);
    /**
     * Every namespace the addon creates, with the traffic its pods need besides DNS and their own namespace
     * (who may reach which ports, where they may connect). platform/network-policies.ts turns this into
     * default-deny NetworkPolicies plus one allow per flow; an addon without namespaces returns [].
     */
    readonly flows: (settings: S, config: PlatformConfig) => readonly NamespaceFlows[];
    /**
     * The pods it schedules with explicit requests big enough to matter for placement, read from the settings
     * (never from Pulumi outputs): the config refuses node pools they cannot fit on.
     */
    readonly pods?: (settings: S, config: PlatformConfig) => readonly ScheduledPods[];
}

/** Declares an addon's manifest; a function only so TypeScript infers the key and settings types. */
export function defineAddon<K extends string, S extends { enabled: boolean }>(manifest: AddonManifest<K, S>): AddonManifest<K, S> {
    return Object.freeze(manifest);
}
