import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Rate limits per API key (the principal set by ApiKeyGuard), not per client address. */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as { keyId: string } | undefined;
    return principal ? `key:${principal.keyId}` : `ip:${String(request.ip)}`;
  }
}
