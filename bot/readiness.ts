/**
 * Readiness (`/readyz`): can this instance do its work now? The store must answer, and Panopto must sign the bot in
 * when it is configured. Liveness (`/healthz`) is separate and does no I/O: a Panopto outage must not get instances
 * restarted. The answer names the part that is not ready, never why (reasons go to the log).
 */

export type CheckState = 'ok' | 'failing';

export interface Readiness {
  status: 'ready' | 'not ready';
  checks: { store: CheckState; panopto: CheckState | 'not configured' };
}

export interface ReadinessOptions {
  ping: () => Promise<boolean>;
  /** Signs in to Panopto afresh; throws when it cannot. Absent: Panopto is not configured (demo data). */
  panoptoSignIn?: () => Promise<void>;
  /** Panopto's answer is kept this long, so a load balancer polling every few seconds does not keep signing in. */
  cacheMs?: number;
  now?: () => number;
  onFailure?: (part: 'store' | 'panopto', reason: string) => void;
}

export const PANOPTO_CHECK_CACHE_MS = 30_000;

export class ReadinessProbe {
  private panopto: { state: CheckState; at: number } | undefined;
  private panoptoCheck: Promise<CheckState> | undefined;

  constructor(private readonly options: ReadinessOptions) {}

  async check(): Promise<Readiness> {
    const [store, panopto] = await Promise.all([this.store(), this.panoptoState()]);
    return { status: store === 'ok' && panopto !== 'failing' ? 'ready' : 'not ready', checks: { store, panopto } };
  }

  private async store(): Promise<CheckState> {
    const reachable = await this.options.ping().catch(() => false);
    if (!reachable) this.options.onFailure?.('store', 'the store did not answer');
    return reachable ? 'ok' : 'failing';
  }

  private async panoptoState(): Promise<CheckState | 'not configured'> {
    const signIn = this.options.panoptoSignIn;
    if (signIn === undefined) return 'not configured';
    const now = (this.options.now ?? Date.now)();
    if (this.panopto !== undefined && now - this.panopto.at < (this.options.cacheMs ?? PANOPTO_CHECK_CACHE_MS)) return this.panopto.state;
    // Probes arriving together share one sign-in.
    this.panoptoCheck ??= signIn()
      .then(
        (): CheckState => 'ok',
        (error: unknown): CheckState => {
          this.options.onFailure?.('panopto', error instanceof Error ? error.message : String(error));
          return 'failing';
        },
      )
      .then((state) => {
        this.panopto = { state, at: (this.options.now ?? Date.now)() };
        return state;
      })
      .finally(() => (this.panoptoCheck = undefined));
    return this.panoptoCheck;
  }
}
