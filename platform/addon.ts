import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ClusterHandle, Substrate } from "./cluster/handle";
import type { ChartPin } from "../model/versions";
import type { PlatformConfig, SecretReader } from "../config/types";
import type { AddonInstances, AddonKey } from "./addon-registry";
import type { NamespaceFlows } from "./network-policies";

// The addon contract. An addon is one file: a settings schema, a ComponentResource, and this definition,
// which is data the platform and the config validator read — which substrates it runs on, which addons it
// needs, its per-environment defaults — so a bad combination is a config error, never a runtime crash.

export type Environment = "dev" | "prod";

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

export interface AddonContext<S> {
    /** The addon's own validated settings. */
    readonly settings: S;
    readonly config: PlatformConfig;
    readonly cluster: ClusterHandle;
    /** Addons created before this one (everything in `requires` and, where enabled, `uses`). */
    readonly addons: Partial<AddonInstances>;
    readonly secrets: SecretReader;
    /** Parent (the Platform) and the cluster's providers; pass to the addon's constructor. */
    readonly opts: pulumi.ComponentResourceOptions;
}

export interface AddonDefinition<K extends string, S extends { enabled: boolean }, R extends pulumi.Resource> {
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
    readonly create: (name: string, ctx: AddonContext<S>) => R;
}

/** Declares an addon; a function only so TypeScript infers the key, settings and instance types. */
export function defineAddon<K extends string, S extends { enabled: boolean }, R extends pulumi.Resource>(
    definition: AddonDefinition<K, S, R>,
): AddonDefinition<K, S, R> {
    return Object.freeze(definition);
}

/** Reads a required addon from the context; config validation guarantees it is there. */
export function requireAddon<K extends AddonKey>(ctx: AddonContext<unknown>, key: K): AddonInstances[K] {
    const addon = ctx.addons[key];
    if (!addon) throw new Error(`internal: addon "${key}" was not created before its dependents`);
    return addon as AddonInstances[K];
}
