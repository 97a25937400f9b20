// What each Octavia provider driver accepts, as data: the API load balancer (nova), the cloud.conf the
// cloud-controller-manager reads, and the config rules all ask here instead of comparing names.
// ovn: openstack/ovn-octavia-provider ovn_octavia_provider/driver.py and common/constants.py — it raises
// UnsupportedOptionError for listener allowed_cidrs, protocols other than TCP/UDP/SCTP, algorithms other
// than SOURCE_IP_PORT/SOURCE_IP and health monitors other than TCP/UDP-CONNECT. amphora(v2): all of them.

export type OctaviaProvider = "amphora" | "amphorav2" | "ovn";
export type LbAlgorithm = "ROUND_ROBIN" | "LEAST_CONNECTIONS" | "SOURCE_IP" | "SOURCE_IP_PORT";

export interface OctaviaCapabilities {
    /** Listener `allowed_cidrs`; without it the members' security groups must do the filtering. */
    allowedCidrs: boolean;
    /** Pool algorithms the driver accepts; the first one is what groundwork uses. */
    algorithms: readonly LbAlgorithm[];
    listenerProtocols: readonly string[];
    healthMonitorTypes: readonly string[];
}

const amphora: OctaviaCapabilities = {
    allowedCidrs: true,
    algorithms: ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"],
    listenerProtocols: ["TCP", "UDP", "SCTP", "HTTP", "HTTPS", "TERMINATED_HTTPS", "PROMETHEUS"],
    healthMonitorTypes: ["TCP", "UDP-CONNECT", "HTTP", "HTTPS", "PING", "SCTP", "TLS-HELLO"],
};

export const octaviaCapabilities: Record<OctaviaProvider, OctaviaCapabilities> = {
    amphora,
    amphorav2: amphora,
    ovn: {
        allowedCidrs: false,
        algorithms: ["SOURCE_IP_PORT", "SOURCE_IP"],
        listenerProtocols: ["TCP", "UDP", "SCTP"],
        healthMonitorTypes: ["TCP", "UDP-CONNECT"],
    },
};

/** The pool algorithm groundwork uses with a provider: its first supported one. */
export function defaultLbAlgorithm(provider: OctaviaProvider): LbAlgorithm {
    return octaviaCapabilities[provider].algorithms[0];
}
