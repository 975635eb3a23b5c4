/** The bounds every network step of a check runs under. */
export interface NetLimits {
  connectTimeoutMs: number;
  /** One request, all its redirects included, or one TLS handshake. */
  requestTimeoutMs: number;
  maxHeaderBytes: number;
  maxBodyBytes: number;
  maxRedirects: number;
}

export const DEFAULT_NET_LIMITS: NetLimits = {
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  maxHeaderBytes: 32 * 1024,
  maxBodyBytes: 64 * 1024,
  maxRedirects: 5,
};
