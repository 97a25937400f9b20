import type * as pulumi from "@pulumi/pulumi";
import type { PlatformConfigShape } from "./schema";

/** The validated, defaulted, frozen config of one stack. Only config/config.ts builds it. */
export type PlatformConfig = DeepReadonly<PlatformConfigShape>;

/** Reads a secret config key named by a `secretRef` setting; the value stays a Pulumi secret. */
export type SecretReader = (key: string) => pulumi.Output<string>;

export type DeepReadonly<T> = T extends (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
