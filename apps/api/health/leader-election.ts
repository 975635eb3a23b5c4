import type { Client, ClientConfig } from 'pg';
import { createClient } from '../../../libs/db';
import type { Logger } from '../../../libs/config';

/** The advisory lock every API instance of a deployment competes for (any fixed 64-bit number). */
export const API_LEADER_LOCK_KEY = 7_300_417_001n;

export interface LeaderState {
  role: 'active' | 'passive';
  /** Why this instance is passive (or "holds the leader lock"). */
  reason: string;
  rttMs: number | null;
}

export interface LeaderElectionOptions {
  maxRttSeconds: number;
  intervalMs?: number;
  /** Consecutive slow or replica checks after which an active instance steps down. */
  stepDownAfter?: number;
}

/**
 * Active-passive: the instance holding a session-level advisory lock on its own connection
 * to the primary is active. When that process dies, PostgreSQL ends its session and frees the
 * lock, and the next passive instance takes it at its next check (every second). An instance
 * refuses the role while connected to a replica or while its round trip exceeds the bound.
 */
export class LeaderElection {
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private slowChecks = 0;
  private current: LeaderState = { role: 'passive', reason: 'not checked yet', rttMs: null };

  constructor(
    private readonly connection: ClientConfig,
    private readonly options: LeaderElectionOptions,
    private readonly log: Logger,
  ) {}

  isActive(): boolean {
    return this.current.role === 'active';
  }

  state(): LeaderState {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  /** Resolves once this instance is active; rejects after the timeout with the reason it is not. */
  async waitUntilActive(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isActive()) {
      if (Date.now() > deadline)
        throw new Error(`API instance still passive after ${timeoutMs} ms: ${this.current.reason}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.set({ role: 'passive', reason: 'stopping', rttMs: null });
    // Closing the session frees the lock at once for a passive instance.
    await client?.end().catch(() => undefined);
  }

  private async loop(): Promise<void> {
    await this.check();
    if (!this.stopped) this.timer = setTimeout(() => void this.loop(), this.options.intervalMs ?? 1000);
  }

  private async check(): Promise<void> {
    try {
      const client = await this.connected();
      const started = performance.now();
      const probe = await client.query<{ replica: boolean }>('SELECT pg_is_in_recovery() AS replica');
      const rttMs = performance.now() - started;
      const replica = probe.rows[0]?.replica === true;
      const tooFar = rttMs > this.options.maxRttSeconds * 1000;
      if (this.isActive()) {
        this.slowChecks = replica || tooFar ? this.slowChecks + 1 : 0;
        if (this.slowChecks >= (this.options.stepDownAfter ?? 3)) {
          await client.query('SELECT pg_advisory_unlock($1)', [API_LEADER_LOCK_KEY.toString()]);
          this.set({ role: 'passive', reason: refusal(replica, rttMs, this.options.maxRttSeconds), rttMs });
        } else {
          this.current = { ...this.current, rttMs };
        }
        return;
      }
      if (replica || tooFar)
        return this.set({ role: 'passive', reason: refusal(replica, rttMs, this.options.maxRttSeconds), rttMs });
      const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        API_LEADER_LOCK_KEY.toString(),
      ]);
      if (locked.rows[0]?.locked === true) {
        this.slowChecks = 0;
        this.set({ role: 'active', reason: 'holds the leader lock', rttMs });
      } else {
        this.set({ role: 'passive', reason: 'another API instance holds the leader lock', rttMs });
      }
    } catch (error) {
      const client = this.client;
      this.client = undefined;
      await client?.end().catch(() => undefined);
      this.set({
        role: 'passive',
        reason: `the database does not answer (${error instanceof Error ? error.message : String(error)})`,
        rttMs: null,
      });
    }
  }

  private async connected(): Promise<Client> {
    if (this.client) return this.client;
    // Socket errors surface in the next query, which fails and reconnects.
    const client = createClient({
      ...this.connection,
      query_timeout: 5000,
      keepAlive: true,
      application_name: 'security-insights-api-leader',
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private set(next: LeaderState): void {
    if (next.role !== this.current.role) {
      this.log.info(
        { role: next.role, reason: next.reason },
        next.role === 'active' ? 'this API instance is now active' : 'this API instance is passive',
      );
    }
    this.current = next;
  }
}

function refusal(replica: boolean, rttMs: number, maxRttSeconds: number): string {
  if (replica) return 'connected to a replica (pg_is_in_recovery); the active instance must use the primary';
  return `database round trip ${rttMs.toFixed(1)} ms exceeds API_LEADER_MAX_RTT (${maxRttSeconds * 1000} ms)`;
}
